//! How records are laid out in a key-value store: one key per incident, each
//! wrapped with the schema version, documents and settings beside them. The same
//! layout serves the browser's localStorage (`local.rs`) and the host tests'
//! memory (`memory.rs`), so the tests exercise the code that writes real data.
//!
//! Rules: an entry that cannot be read is reported and left untouched (never
//! overwritten); data written by a newer schema makes the store read-only; a
//! failed write leaves the previous value in place and is reported.

use crate::desk::port::{Change, Loaded, Receipt, Store, StoreError, Summary};
use crate::domain::backup::{Applied, RestorePlan};
use crate::domain::contacts::Directory;
use crate::domain::i18n::t;
use crate::domain::integrity::Integrity;
use crate::domain::seal::{Key, Lock};
use crate::domain::{Incident, Plan};
use crate::tf;
use super::codec::{read_stored, Stored, StoredIncident};
use super::keys::*;
use super::restore::RestoreTarget;
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
    key: Option<Key>,
    /// Length of what this tab last wrote per incident. Logs only grow, so a
    /// stored value of that same length is still ours and need not be re-read.
    last_written: HashMap<String, usize>,
    /// The chain this tab last wrote per incident, with the event ids it covers: a save
    /// then hashes only the events after the unchanged prefix (logs only grow; a merge
    /// that reorders events shortens the prefix).
    chains: HashMap<String, (Vec<String>, Vec<String>)>,
}

impl<B: Backend> Records<B> {
    pub fn new(backend: B, key: Option<Key>) -> Records<B> {
        Records { backend, key, last_written: HashMap::new(), chains: HashMap::new() }
    }

    /// With the lock on, a record is stored as `{"schema":2,"sealed":"…"}`: the
    /// plain JSON, encrypted. Without it, the plain JSON itself.
    fn encode(&mut self, plain: String) -> String {
        match self.key {
            Some(key) => {
                let sealed = crate::domain::seal::seal(&key, self.backend.nonce(), plain.as_bytes());
                format!("{{\"schema\":{SCHEMA_VERSION},\"sealed\":\"{sealed}\"}}")
            }
            None => plain,
        }
    }

    /// The plain JSON of a stored value, opening it when sealed.
    fn decode(&self, raw: &str) -> Result<String, String> {
        #[derive(Deserialize)]
        struct Sealed {
            sealed: String,
        }
        if !raw.contains("\"sealed\"") {
            return Ok(raw.to_string());
        }
        let Ok(s) = serde_json::from_str::<Sealed>(raw) else { return Ok(raw.to_string()) };
        let key = self.key.ok_or(t("已加密，需先输入口令解锁"))?;
        let plain = crate::domain::seal::open(&key, &s.sealed).ok_or(t("无法解密（口令不符或内容被改动）"))?;
        String::from_utf8(plain).map_err(|e| e.to_string())
    }

    fn read_index(&self) -> BTreeSet<String> {
        self.backend.get(INDEX_KEY).ok().flatten().and_then(|raw| serde_json::from_str(&raw).ok()).unwrap_or_default()
    }

    /// Best effort: the index is a check, not the data; a failed write loses nothing.
    fn write_index(&mut self, ids: &BTreeSet<String>) {
        if let Ok(json) = serde_json::to_string(ids) {
            let _ = self.backend.set(INDEX_KEY, &json);
        }
    }

    /// The schema found here, writing ours on first use.
    fn check_schema(&mut self) -> Result<(), StoreError> {
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
    fn quarantine(&mut self, key: &str, raw: &str) -> Result<String, StoreError> {
        let q = format!("{QUARANTINE_PREFIX}{}", key.trim_start_matches(PREFIX));
        self.backend.set(&q, raw)?;
        if self.backend.get(&q).ok().flatten().as_deref() == Some(raw) {
            let _ = self.backend.remove(key);
        }
        Ok(q)
    }

    /// One incident from every stored copy of it (`integrity::one_of_copies`), with the
    /// stored length when the log is exactly what the incident's own key holds.
    fn one_of_each(id: &str, list: Vec<(String, StoredIncident<Incident>, usize)>) -> (Incident, Vec<String>, Option<usize>, Vec<String>) {
        let own = incident_key(id);
        let own_len = list.iter().find(|(k, _, _)| *k == own).map(|(_, _, len)| *len);
        let copies = list.into_iter().map(|(k, stored, _)| (k, stored.data, stored.chain)).collect();
        let one = crate::domain::integrity::one_of_copies(&own, copies);
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

impl<B: Backend> Store for Records<B> {
    /// Every incident stored here, oldest first by opening time.
    fn load(&mut self) -> Loaded {
        let mut loaded = Loaded::default();
        let keys = match self.backend.keys() {
            Ok(k) => k,
            Err(e) => {
                loaded.blocked = Some(e);
                return loaded;
            }
        };
        if let Err(e) = self.check_schema() {
            loaded.blocked = Some(e);
        }
        // Every readable copy, grouped by incident id: two keys may hold one incident.
        let mut copies: Vec<(String, Vec<(String, StoredIncident<Incident>, usize)>)> = Vec::new();
        for key in keys.iter().filter(|k| k.starts_with(INCIDENT_PREFIX)) {
            let Some(raw) = self.backend.get(key).ok().flatten() else { continue };
            let read = self.decode(&raw).and_then(|plain| read_stored(&plain));
            match read {
                Ok(stored) => {
                    let id = stored.data.id().to_string();
                    let copy = (key.clone(), stored, raw.len());
                    match copies.iter_mut().find(|(x, _)| *x == id) {
                        Some((_, list)) => list.push(copy),
                        None => copies.push((id, vec![copy])),
                    }
                }
                Err(e) => loaded.problems.push(match self.quarantine(key, &raw) {
                    Ok(q) => tf!("存储项 {0} 无法读取（{1}），原始内容已原样移入隔离区 {2}，可下载保存。", key, e, q),
                    Err(_) => tf!("存储项 {0} 无法读取（{1}），已原样保留，未做任何改动。", key, e),
                }),
            }
        }
        for (id, list) in copies {
            let (incident, chain, written, problems) = Self::one_of_each(&id, list);
            if let Some(len) = written {
                self.last_written.insert(id.clone(), len);
            }
            loaded.problems.extend(problems);
            loaded.chains.push((id, chain));
            loaded.incidents.push(incident);
        }
        // Indexed incidents whose record is gone were removed outside the app: say so.
        let mut index = self.read_index();
        let quarantined: Vec<String> = keys.iter().filter_map(|k| k.strip_prefix(QUARANTINE_PREFIX).map(|x| x.trim_start_matches("incident:").to_string())).collect();
        for id in &index {
            let present = keys.contains(&incident_key(id));
            if !present && !quarantined.contains(id) {
                loaded.problems.push(tf!("事件 {0} 的记录已不在本机存储中（在应用之外被删除或清除）；如有备份或事件包，可从中恢复。", id));
            }
        }
        let before = index.len();
        index.extend(loaded.incidents.iter().map(|i| i.id().to_string()));
        if index.len() != before {
            self.write_index(&index);
        }
        loaded.incidents.sort_by_key(|i| i.events()[0].recorded_at);
        loaded
    }

    /// localStorage keeps no summaries: they are folded from the logs it holds.
    fn summaries(&mut self) -> Vec<Summary> {
        let keys = self.backend.keys().unwrap_or_default();
        let mut out: Vec<Summary> = keys
            .iter()
            .filter_map(|k| incident_id_of_key(k))
            .filter_map(|id| self.load_incident(id).ok().flatten())
            .map(|i| Summary::of(&i))
            .collect();
        out.sort_by_key(|s| s.opened_at);
        out
    }

    fn load_incident(&mut self, id: &str) -> Result<Option<Incident>, StoreError> {
        match self.backend.get(&incident_key(id))? {
            None => Ok(None),
            Some(raw) => self
                .decode(&raw)
                .and_then(|plain| read_stored(&plain))
                .map(|stored| Some(stored.data))
                .map_err(|e| StoreError::Other(tf!("已存的该事件记录无法读取（{0}），为免覆盖，未写入", e))),
        }
    }

    /// localStorage holds one value per incident: the whole log is written, at once.
    fn append(&mut self, incident: &Incident, _fresh: &[String]) -> Receipt {
        match self.save(incident) {
            Ok(merged) => Receipt::Written(merged),
            Err(e) => Receipt::Failed(e),
        }
    }

    fn remove_incident(&mut self, id: &str) -> Result<(), StoreError> {
        let mut index = self.read_index();
        index.remove(id);
        self.write_index(&index);
        self.backend.remove(&incident_key(id))?;
        self.last_written.remove(id);
        Ok(())
    }

    /// Hashed afresh (never from the cache: the cache trusts event ids, and an edit
    /// outside the app keeps them). The chain computed here is then kept, so the
    /// first save afterwards hashes only what is new.
    fn check_chain(&mut self, incident: &Incident, saved: &[String]) -> Integrity {
        let links = crate::domain::integrity::chain(incident);
        let found = crate::domain::integrity::compare(incident, &links, saved);
        let ids = incident.events().iter().map(|e| e.id.clone()).collect();
        self.chains.insert(incident.id().to_string(), (ids, links));
        found
    }

    /// Reuses the links of the unchanged start of the log.
    fn chain(&mut self, incident: &Incident) -> Vec<String> {
        let known: Vec<String> = self.chains.get(incident.id()).map_or_else(Vec::new, |(ids, links)| {
            let same = ids.iter().zip(incident.events()).take_while(|(id, e)| **id == e.id).count();
            links[..same].to_vec()
        });
        let links = crate::domain::integrity::continue_chain(incident, &known);
        let ids = incident.events().iter().map(|e| e.id.clone()).collect();
        self.chains.insert(incident.id().to_string(), (ids, links.clone()));
        links
    }

    fn load_plans(&mut self) -> Result<Option<Vec<Plan>>, String> {
        self.load_document(PLANS)
    }

    fn save_plans(&mut self, plans: &[Plan]) -> Result<(), StoreError> {
        self.save_document(PLANS, &plans)
    }

    fn load_directory(&mut self) -> Result<Option<Directory>, String> {
        self.load_document(DIRECTORY)
    }

    fn save_directory(&mut self, directory: &Directory) -> Result<(), StoreError> {
        self.save_document(DIRECTORY, directory)
    }

    /// Settings are cheap to enter again: missing or unreadable gives `None`.
    fn setting(&mut self, name: &str) -> Option<String> {
        self.backend.get(&setting_key(name)).ok().flatten()
    }

    fn save_setting(&mut self, name: &str, json: &str) -> Result<(), StoreError> {
        self.check_schema()?;
        self.backend.set(&setting_key(name), json)
    }

    fn restore(&mut self, plan: &RestorePlan) -> (Applied, Vec<Incident>) {
        let mut target = RestoreTarget { records: self, written: Vec::new() };
        let applied = crate::domain::backup::apply(plan, &mut target);
        (applied, target.written)
    }

    fn lock(&mut self) -> Option<Lock> {
        self.backend.get(LOCK_KEY).ok().flatten().and_then(|raw| serde_json::from_str(&raw).ok())
    }

    fn write_lock(&mut self, lock: Option<&Lock>) -> Result<(), String> {
        match lock {
            Some(l) => {
                let json = serde_json::to_string(l).map_err(|e| e.to_string())?;
                self.backend.set(LOCK_KEY, &json).map_err(|_| t("无法保存口令锁设置").to_string())
            }
            None => self.backend.remove(LOCK_KEY).map_err(|_| t("无法移除口令锁设置").to_string()),
        }
    }

    fn set_key(&mut self, key: Option<Key>) {
        self.key = key;
        self.backend.key_changed(key);
    }

    fn key(&self) -> Option<Key> {
        self.key
    }

    fn changes(&mut self) -> Vec<Change> {
        self.backend.changed_elsewhere().iter().map(|k| change_of(k.as_deref())).collect()
    }

    fn quarantined(&mut self) -> Vec<(String, String)> {
        let keys = self.backend.keys().unwrap_or_default();
        keys.into_iter().filter(|k| k.starts_with(QUARANTINE_PREFIX)).filter_map(|k| self.backend.get(&k).ok().flatten().map(|v| (k, v))).collect()
    }

    fn used_chars(&mut self) -> usize {
        let keys = self.backend.keys().unwrap_or_default();
        keys.iter()
            .filter(|k| k.starts_with(PREFIX))
            .map(|k| k.chars().count() + self.backend.get(k).ok().flatten().map_or(0, |v| v.chars().count()))
            .sum()
    }
}
