//! The stored forms of records: a document wrapped with the schema version, an
//! incident with its hash chain, and the reading of older schemas.

use crate::domain::base::i18n::t;
use crate::domain::base::seal::Key;
use crate::domain::Incident;
use serde::{Deserialize, Serialize};

/// With the lock on, a record is stored as `{"schema":2,"sealed":"…"}`: the
/// plain JSON, encrypted. Without it, the plain JSON itself.
pub fn seal_value(key: Option<&Key>, nonce: [u8; 12], plain: String) -> String {
    match key {
        Some(key) => {
            let sealed = crate::domain::base::seal::seal(key, nonce, plain.as_bytes());
            format!("{{\"schema\":{},\"sealed\":\"{sealed}\"}}", super::keys::SCHEMA_VERSION)
        }
        None => plain,
    }
}

/// A stored incident summary (IndexedDB's record beside a log), opened when sealed;
/// `None` when it cannot be opened or read (the log is then read instead).
pub fn open_summary(key: Option<&Key>, raw: &str) -> Option<crate::desk::port::Summary> {
    open_value(key, raw).ok().and_then(|plain| serde_json::from_str(&plain).ok())
}

/// The plain JSON of a stored value, opening it when sealed.
pub fn open_value(key: Option<&Key>, raw: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct Sealed {
        sealed: String,
    }
    if !raw.contains("\"sealed\"") {
        return Ok(raw.to_string());
    }
    let Ok(s) = serde_json::from_str::<Sealed>(raw) else { return Ok(raw.to_string()) };
    let key = key.ok_or(t("已加密，需先输入口令解锁"))?;
    let plain = crate::domain::base::seal::open(key, &s.sealed).ok_or(t("无法解密（口令不符或内容被改动）"))?;
    String::from_utf8(plain).map_err(|e| e.to_string())
}

/// Whether a stored value is sealed.
pub fn is_sealed(raw: &str) -> bool {
    raw.starts_with('{') && raw.contains("\"sealed\"")
}

#[derive(Serialize, Deserialize)]
pub(super) struct Stored<T> {
    pub schema: u32,
    pub data: T,
}

/// An incident as stored: the log and the hash chain over it (integrity.rs).
/// Incidents saved before the chain existed load with an empty one.
#[derive(Serialize, Deserialize)]
pub struct StoredIncident<I> {
    pub schema: u32,
    pub data: I,
    #[serde(default)]
    pub chain: Vec<String>,
}

/// A stored incident record. Records we write today start `{"schema":N,` and parse
/// straight into the log; anything else goes through the migrations as a JSON value.
///
/// Every record of schema 2 or later was written with its chain, so an empty chain in
/// one was removed outside the app: it comes back as a chain that matches nothing, and
/// the check reports the log as altered from its first entry instead of sealing it anew.
pub fn read_stored(plain: &str) -> Result<StoredIncident<Incident>, String> {
    let current = format!("{{\"schema\":{},", crate::domain::files::migrate::CURRENT);
    let (mut stored, chained): (StoredIncident<Incident>, bool) = if plain.starts_with(&current) {
        (serde_json::from_str(plain).map_err(|e| e.to_string())?, true)
    } else {
        let value = serde_json::from_str::<serde_json::Value>(plain).map_err(|e| e.to_string())?;
        let chained = value.get("schema").and_then(serde_json::Value::as_u64).is_some_and(|v| v >= 2);
        let migrated = crate::domain::files::migrate::incident(value)?;
        (serde_json::from_value(migrated).map_err(|e| e.to_string())?, chained)
    };
    if chained && stored.chain.is_empty() {
        stored.chain = vec![String::new()];
    }
    Ok(stored)
}

