//! Forward migrations of stored records, one step per schema version, so data
//! written by any earlier version still loads. Each step is plain JSON surgery.
//!
//! - 1 → 2: incidents gain the hash chain (`chain`, empty until the next save).

use crate::domain::base::i18n::t;
use serde_json::Value;

/// The schema this build writes.
pub const CURRENT: u32 = 2;

/// Brings one stored incident (`{schema, data, …}`) up to `CURRENT`.
pub fn incident(mut value: Value) -> Result<Value, String> {
    let mut version = value.get("schema").and_then(Value::as_u64).ok_or_else(|| t("缺少数据版本号").to_string())? as u32;
    if version > CURRENT {
        return Err(crate::tf!("数据版本 {0} 高于本程序支持的 {1}", version, CURRENT));
    }
    while version < CURRENT {
        let obj = value.as_object_mut().ok_or_else(|| t("记录不是对象").to_string())?;
        match version {
            1 => {
                obj.entry("chain").or_insert_with(|| Value::Array(Vec::new()));
            }
            v => return Err(crate::tf!("没有从数据版本 {0} 升级的方法", v)),
        }
        version += 1;
        obj.insert("schema".into(), Value::from(version));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::incidents::incident::Incident;

    /// A record exactly as version 1 wrote it (no chain).
    const V1: &str = r#"{"schema":1,"data":{"id":"a1","events":[{"id":"e0","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:00:00Z","author":{"name":"王","role":""},"kind":{"type":"Opened","facts":{"title":"旧版本记录","description":"","discovered_at":"2026-11-23T01:00:00Z","started_at":"2026-11-23T01:00:00Z","period":"Daytime","phenomenon":{"kind":"System","subcategory":""},"affected":[],"parties":"","bank_caused":"Unknown","reporting_unit":"","reporter":"","next_start_affected":"Unknown"},"plan_id":"bank-depository","plan_version":"1"}}]}}"#;

    #[test]
    fn every_earlier_version_reaches_the_current_one() {
        let v = incident(serde_json::from_str(V1).unwrap()).unwrap();
        assert_eq!(v["schema"], CURRENT);
        assert_eq!(v["chain"], Value::Array(vec![]));
        let inc: Incident = serde_json::from_value(v["data"].clone()).unwrap();
        assert_eq!(inc.state().facts.title, "旧版本记录");
        // Already current: unchanged.
        let again = incident(v.clone()).unwrap();
        assert_eq!(again, v);
    }

    #[test]
    fn unknown_or_newer_versions_are_refused() {
        assert!(incident(serde_json::json!({"schema": 9, "data": {}})).unwrap_err().contains("高于"));
        assert!(incident(serde_json::json!({"data": {}})).is_err());
    }
}
