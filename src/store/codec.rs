//! The stored forms of records: a document wrapped with the schema version, an
//! incident with its hash chain, and the reading of older schemas.

use crate::domain::Incident;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
pub(super) struct Stored<T> {
    pub schema: u32,
    pub data: T,
}

/// An incident as stored: the log and the hash chain over it (integrity.rs).
/// Incidents saved before the chain existed load with an empty one.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredIncident<I> {
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
pub(super) fn read_stored(plain: &str) -> Result<StoredIncident<Incident>, String> {
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

