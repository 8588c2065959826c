//! Reading one stored log into memory, at start or when a shelved one is asked
//! for: decoded, noted as stored, or moved aside whole when it cannot be read.

use super::idb::IdbStore;
use super::idb_read::decode_log;
use super::idb_writer::SharedRef;
use crate::tf;

/// Decodes one stored log and notes it as stored. `Err`: the message for the user,
/// and whether the records were moved aside (`None`: nothing to say).
pub(super) async fn read_one(db: &IdbStore, shared: &SharedRef, id: &str, raw: &super::idb_log::RawLog) -> Result<super::idb_read::Decoded, Option<(String, bool)>> {
    if raw.record.is_none() && raw.events.is_empty() {
        return Err(None);
    }
    let (key, writable) = {
        let s = shared.borrow();
        (s.key, s.refused.is_none())
    };
    match decode_log(id, raw, key.as_ref()) {
        Ok(decoded) => {
            let mut s = shared.borrow_mut();
            s.logs.insert(id.to_string(), decoded.log.clone());
            if let Some(summary) = decoded.summary.clone() {
                s.summaries.insert(id.to_string(), summary);
            }
            Ok(decoded)
        }
        // Sealed, and this tab holds no key: left exactly as it is.
        Err(_) if key.is_none() && raw.events.values().any(|e| e.as_ref().is_ok_and(|e| super::codec::is_sealed(&e.json))) => {
            Err(Some((tf!("存储项 {0} 已加密，需先输入口令解锁；已原样保留，未做任何改动。", id), false)))
        }
        Err(why) => {
            let text = raw_text(raw);
            if writable && db.quarantine(id, &text).await.is_ok() {
                Err(Some((tf!("存储项 {0} 无法读取（{1}），原始内容已原样移入隔离区 {2}，可下载保存。", id, why, format!("indexeddb:incident:{id}")), true)))
            } else {
                Err(Some((tf!("存储项 {0} 无法读取（{1}），已原样保留，未做任何改动。", id, why), false)))
            }
        }
    }
}

/// An incident's records as text, for the quarantine.
pub(super) fn raw_text(raw: &super::idb_log::RawLog) -> String {
    let record = raw.record.as_ref().map(|r| serde_json::json!({"id": r.id, "summary": r.summary, "count": r.count, "head": r.head}));
    let events: Vec<serde_json::Value> = raw
        .events
        .iter()
        .map(|(pos, e)| match e {
            Ok(e) => serde_json::json!({"position": pos, "event": e.json, "link": e.link}),
            Err(raw) => serde_json::json!({"position": pos, "raw": raw}),
        })
        .collect();
    serde_json::json!({"record": record, "events": events}).to_string()
}
