//! How records are laid out in a key-value store: one key per incident, each
//! wrapped with the schema version, documents and settings beside them. The same
//! layout serves the browser's localStorage (`local.rs`) and the host tests'
//! memory (`memory.rs`), so the tests exercise the code that writes real data.
//!
//! Rules: an entry that cannot be read is reported and left untouched (never
//! overwritten); data written by a newer schema makes the store read-only; a
//! failed write leaves the previous value in place and is reported.

use crate::desk::port::{Store, StoreError};
use crate::domain::base::seal::Key;
use crate::domain::Incident;
use crate::tf;
use super::codec::{Stored, StoredIncident};
use super::keys::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Raw string values under string keys: localStorage, or memory.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;
    /// Twelve fresh random bytes (a seal's nonce).
    fn nonce(&mut self) -> [u8; 12];
    /// Keys another tab changed since the last call (`None`: storage was cleared).
    fn changed_elsewhere(&mut self) -> Vec<Option<String>>;
    /// The seal key changed (the browser's lock state follows it).
    fn key_changed(&mut self, _key: Option<Key>) {}
}

/// The record layout over one backend, with what this tab last wrote.
pub struct Records<B: Backend> {
    pub backend: B,
    pub(super) key: Option<Key>,
    /// Length of what this tab last wrote per incident. Logs only grow, so a
    /// stored value of that same length is still ours and need not be re-read.
    pub(super) last_written: HashMap<String, usize>,
    /// The chain this tab last wrote per incident, with the event ids it covers: a save
    /// then hashes only the events after the unchanged prefix (logs only grow; a merge
    /// that reorders events shortens the prefix).
    pub(super) chains: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Said once at start: why this store is in use (IndexedDB unavailable).
    pub notice: Option<String>,
}

impl<B: Backend> Records<B> {
    pub fn new(backend: B, key: Option<Key>) -> Records<B> {
        Records { backend, key, last_written: HashMap::new(), chains: HashMap::new(), notice: None }
    }

    /// With the lock on, a record is stored sealed (`codec::seal_value`).
    fn encode(&mut self, plain: String) -> String {
        let nonce = self.backend.nonce();
        super::codec::seal_value(self.key.as_ref(), nonce, plain)
    }

    /// The plain JSON of a stored value, opening it when sealed.
    pub(super) fn decode(&self, raw: &str) -> Result<String, String> {
        super::codec::open_value(self.key.as_ref(), raw)
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(super) fn backend_keys(&self) -> Vec<String> {
        self.backend.keys().unwrap_or_default()
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(super) fn raw(&self, key: &str) -> Option<String> {
        self.backend.get(key).ok().flatten()
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    /// Removes a raw value (moved elsewhere), forgetting what this tab knew of it.
    pub(super) fn remove_raw(&mut self, key: &str) {
        let _ = self.backend.remove(key);
        self.forget(key);
    }

    pub(super) fn read_index(&self) -> BTreeSet<String> {
        self.backend.get(INDEX_KEY).ok().flatten().and_then(|raw| serde_json::from_str(&raw).ok()).unwrap_or_default()
    }

    /// Best effort: the index is a check, not the data; a failed write loses nothing.
    pub(super) fn write_index(&mut self, ids: &BTreeSet<String>) {
        if let Ok(json) = serde_json::to_string(ids) {
            let _ = self.backend.set(INDEX_KEY, &json);
        }
    }

    /// The schema found here, writing ours on first use.
    pub(super) fn check_schema(&mut self) -> Result<(), StoreError> {
        match self.backend.get(SCHEMA_KEY)? {
            None => self.backend.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()),
            Some(v) => match v.trim().parse::<u32>() {
                Ok(v) if v > SCHEMA_VERSION => Err(StoreError::NewerSchema(v)),
                // Older records are migrated as they are read and rewritten on their next save.
                Ok(v) if v < SCHEMA_VERSION => self.backend.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()),
                Ok(_) => Ok(()),
                Err(_) => Err(StoreError::Other(tf!("数据版本标记无法识别（{0}）", v))),
            },
        }
    }

    /// Moves an unreadable value aside, whole: copied first, removed only once the
    /// copy is written, so it is never lost and never read as an incident again.
    pub(super) fn quarantine(&mut self, key: &str, raw: &str) -> Result<String, StoreError> {
        let q = format!("{QUARANTINE_PREFIX}{}", key.trim_start_matches(PREFIX));
        self.backend.set(&q, raw)?;
        if self.backend.get(&q).ok().flatten().as_deref() == Some(raw) {
            let _ = self.backend.remove(key);
        }
        Ok(q)
    }

    /// One incident from every stored copy of it (`integrity::one_of_copies`), with the
    /// stored length when the log is exactly what the incident's own key holds.
    pub(super) fn one_of_each(id: &str, list: Vec<(String, StoredIncident<Incident>, usize)>) -> (Incident, Vec<String>, Option<usize>, Vec<String>) {
        let own = incident_key(id);
        let own_len = list.iter().find(|(k, _, _)| *k == own).map(|(_, _, len)| *len);
        let copies = list.into_iter().map(|(k, stored, _)| (k, stored.data, stored.chain)).collect();
        let one = crate::domain::incidents::integrity::one_of_copies(&own, copies);
        let written = if one.exactly_own { own_len } else { None };
        (one.incident, one.chain, written, one.problems)
    }

    pub(super) fn load_document<T: for<'de> Deserialize<'de>>(&mut self, name: &str) -> Result<Option<T>, String> {
        let key = document_key(name);
        match self.backend.get(&key).map_err(|e| e.to_string())? {
            None => Ok(None),
            Some(raw) => self
                .decode(&raw)
                .and_then(|plain| serde_json::from_str::<Stored<T>>(&plain).map_err(|e| e.to_string()))
                .map(|stored| Some(stored.data))
                .map_err(|e| tf!("存储项 {0} 无法读取（{1}），已原样保留；在处理之前，相关修改不会保存。", key, e)),
        }
    }

    pub(super) fn save_document<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), StoreError> {
        self.check_schema()?;
        let json = serde_json::to_string(&Stored { schema: SCHEMA_VERSION, data: value }).map_err(|e| StoreError::Other(e.to_string()))?;
        let value = self.encode(json);
        self.backend.set(&document_key(name), &value)
    }

    /// Writes one incident, first taking in whatever another tab saved of it since
    /// (a union of both logs), so no tab's entries are overwritten. Returns the
    /// log as written. On failure the stored copy is unchanged.
    pub fn save(&mut self, incident: &Incident) -> Result<Incident, StoreError> {
        self.check_schema()?;
        let key = incident_key(incident.id());
        let mut merged = incident.clone();
        let stored_len = self.backend.get(&key).ok().flatten().map(|raw| raw.len());
        let ours = self.last_written.get(incident.id()).copied();
        if stored_len.is_some() && stored_len != ours {
            if let Some(stored) = self.load_incident(incident.id())? {
                merged.merge(&stored);
            }
        }
        let chain = self.chain(&merged);
        let json = serde_json::to_string(&StoredIncident { schema: SCHEMA_VERSION, data: &merged, chain }).map_err(|e| StoreError::Other(e.to_string()))?;
        let value = self.encode(json);
        self.backend.set(&key, &value)?;
        self.last_written.insert(incident.id().to_string(), value.len());
        let mut index = self.read_index();
        if index.insert(incident.id().to_string()) {
            self.write_index(&index);
        }
        Ok(merged)
    }

    /// Forgets what this tab knew of a key whose value was put back by a failed restore.
    pub(super) fn forget(&mut self, key: &str) {
        if let Some(id) = incident_id_of_key(key) {
            self.last_written.remove(id);
            self.chains.remove(id);
        }
    }
}
