//! The storage port (`desk::port::Store`) over the record layout: what the desk
//! asks of storage, answered with the records of `records.rs`.

use crate::domain::base::sort;
use super::codec::{read_stored, StoredIncident};
use super::keys::*;
use super::records::{Backend, Records};
use super::restore::RestoreTarget;
use crate::desk::port::{Change, Loaded, Receipt, Store, StoreError, Summary};
use crate::domain::files::backup::{Applied, RestorePlan};
use crate::domain::business::contacts::Directory;
use crate::domain::base::i18n::t;
use crate::domain::incidents::integrity::Integrity;
use crate::domain::base::seal::{Key, Lock};
use crate::domain::{Incident, Plan};
use crate::tf;

impl<B: Backend> Store for Records<B> {
    /// Every incident stored here, oldest first by opening time.
    fn load(&mut self) -> Loaded {
        let mut loaded = Loaded::default();
        loaded.notices.extend(self.notice.take());
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
        sort::by_key(&mut loaded.incidents, |i| i.events()[0].recorded_at);
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
        sort::by_key(&mut out, |s| s.opened_at);
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
        let links = crate::domain::incidents::integrity::chain(incident);
        let found = crate::domain::incidents::integrity::compare(incident, &links, saved);
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
        let links = crate::domain::incidents::integrity::continue_chain(incident, &known);
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
        let applied = crate::domain::files::backup::apply(plan, &mut target);
        (applied, target.written)
    }

    fn lock(&mut self) -> Option<Lock> {
        self.backend.get(LOCK_KEY).ok().flatten().and_then(|raw| serde_json::from_str(&raw).ok())
    }

    fn write_lock(&mut self, lock: Option<&Lock>) -> Result<(), String> {
        match lock {
            Some(l) => {
                let json = serde_json::to_string(l).map_err(|e| e.to_string())?;
                self.backend.set(LOCK_KEY, &json).map_err(|e| lock_error(&e, t("无法保存口令锁设置")))
            }
            None => self.backend.remove(LOCK_KEY).map_err(|e| lock_error(&e, t("无法移除口令锁设置"))),
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

    fn set_aside(&mut self, name: &str, raw: &str) -> Result<(), StoreError> {
        self.backend.set(&format!("{QUARANTINE_PREFIX}{name}"), raw)
    }

    fn used_chars(&mut self) -> usize {
        let keys = self.backend.keys().unwrap_or_default();
        keys.iter()
            .filter(|k| k.starts_with(PREFIX))
            .map(|k| k.chars().count() + self.backend.get(k).ok().flatten().map_or(0, |v| v.chars().count()))
            .sum()
    }
}

/// A failed write of the lock record: storage refused outright, or this write did.
fn lock_error(e: &StoreError, failed: &str) -> String {
    match e {
        StoreError::Unavailable => t("浏览器存储不可用").to_string(),
        _ => failed.to_string(),
    }
}
