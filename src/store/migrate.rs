//! Moving the incidents an earlier build kept in localStorage into IndexedDB,
//! with nothing lost: each incident is written in one transaction, read back
//! and compared, and only then is its localStorage record removed. A start
//! that stops halfway (a closed tab, a crash) leaves the rest where they were,
//! and the next start carries on; an incident found in both places is merged.
//!
//! Read as today's build reads them: schemas 1 and 2, sealed or plain. A record
//! that cannot be read goes to the quarantine, as at any start; entries already
//! quarantined are not touched. Plan versions, the directory, settings and the
//! lock record stay in localStorage.

use super::codec::{is_sealed, read_stored, seal_value};
use super::idb::IdbStore;
use super::idb_log::LogWrite;
use super::idb_read::decode_log;
use super::idb_writer::{write_incident, SharedRef};
use super::keys::INCIDENT_PREFIX;
use super::local::LocalStore;
use crate::desk::port::Summary;
use crate::domain::incidents::integrity;
use crate::domain::Incident;
use crate::tf;

/// Where a migration stops early: the browser test's stand-in for a closed tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Never,
    /// After this many incidents were moved.
    After(usize),
    /// With this many moved, the next written to IndexedDB but not yet removed from localStorage.
    BeforeRemoving(usize),
}

#[derive(Debug, Default)]
pub struct Migrated {
    /// Incidents moved (written, read back, compared, removed from localStorage).
    pub moved: Vec<String>,
    pub problems: Vec<String>,
}

/// The links to store for a log read from localStorage: the chain saved with it
/// wherever it has one, so a log altered before the move is still found altered.
fn links_for(incident: &Incident, saved: &[String]) -> Vec<String> {
    let computed = integrity::chain(incident);
    if saved.is_empty() {
        return computed;
    }
    computed.into_iter().enumerate().map(|(i, c)| saved.get(i).cloned().unwrap_or(c)).collect()
}

fn nonce() -> [u8; 12] {
    super::lock::random::<12>()
}

/// Every event of `ours` is in `back` with the same content.
fn holds_all(back: &Incident, ours: &Incident) -> bool {
    let by_id: std::collections::HashMap<&str, &crate::domain::Event> = back.events().iter().map(|e| (e.id.as_str(), e)).collect();
    ours.events().iter().all(|e| by_id.get(e.id.as_str()) == Some(&e))
}

pub async fn migrate(local: &mut LocalStore, db: &IdbStore, shared: &SharedRef, stop: Stop) -> Migrated {
    let mut out = Migrated::default();
    let keys: Vec<String> = local.backend_keys().into_iter().filter(|k| k.starts_with(INCIDENT_PREFIX)).collect();
    for key in keys {
        let moved = out.moved.len();
        if stop == Stop::After(moved) {
            break;
        }
        let Some(raw) = local.raw(&key) else { continue };
        let stored = match local.decode(&raw).and_then(|plain| read_stored(&plain)) {
            Ok(stored) => stored,
            Err(e) if local.key.is_none() && is_sealed(&raw) => {
                out.problems.push(tf!("存储项 {0} 已加密，需先输入口令解锁；已原样保留，解锁后迁移。", key));
                let _ = e;
                continue;
            }
            Err(e) => {
                out.problems.push(match local.quarantine(&key, &raw) {
                    Ok(q) => tf!("存储项 {0} 无法读取（{1}），原始内容已原样移入隔离区 {2}，可下载保存。", key, e, q),
                    Err(_) => tf!("存储项 {0} 无法读取（{1}），已原样保留，未做任何改动。", key, e),
                });
                continue;
            }
        };
        let incident = stored.data;
        let id = incident.id().to_string();
        let links = links_for(&incident, &stored.chain);
        let written = match write_one(db, shared, &incident, links.clone(), local.key).await {
            Ok(fresh) => fresh,
            Err(e) => {
                out.problems.push(tf!("事件 {0} 未能迁入 IndexedDB（{1}），仍保留在 localStorage 中，下次启动时重试。", id, e));
                continue;
            }
        };
        if stop == Stop::BeforeRemoving(moved) {
            return out;
        }
        // Read back and compared before the old copy goes.
        let back = db.read_log(&id).await.map_err(|e| e.to_string()).and_then(|raw| decode_log(&id, &raw, local.key.as_ref()));
        let same = match &back {
            Ok(b) => holds_all(&b.incident, &incident) && (!written || b.links == links),
            Err(_) => false,
        };
        if same {
            // (A copy under another key than the incident's own is merged and removed the same way.)
            local.remove_raw(&key);
            out.moved.push(id);
        } else {
            out.problems.push(tf!("事件 {0} 迁入 IndexedDB 后读回与原记录不一致，localStorage 中的原记录已保留。", id));
        }
    }
    out
}

/// Writes `incident` into the database; answers whether it was written fresh
/// (with `links`) rather than merged into a copy found there.
async fn write_one(db: &IdbStore, shared: &SharedRef, incident: &Incident, links: Vec<String>, key: Option<crate::domain::base::seal::Key>) -> Result<bool, String> {
    let id = incident.id();
    let raw = db.read_log(id).await.map_err(|e| e.to_string())?;
    if raw.record.is_none() && raw.events.is_empty() {
        let events = incident
            .events()
            .iter()
            .map(|e| serde_json::to_string(e).map(|json| seal_value(key.as_ref(), nonce(), json)))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| e.to_string())?;
        let summary = serde_json::to_string(&Summary::of(incident)).map_err(|e| e.to_string())?;
        // Without figures (the desk adds them once it runs): read at start, not settled.
        let write = LogWrite { incident_id: id.to_string(), expected: 0, from: 0, events, links, summary: seal_value(key.as_ref(), nonce(), summary), head: String::new(), settled: false };
        db.write_log(&write).await.map_err(|e| format!("{e:?}"))?;
        return Ok(true);
    }
    // Moved by an earlier start that stopped before removing it, or written since: merge.
    let decoded = decode_log(id, &raw, key.as_ref())?;
    if holds_all(&decoded.incident, incident) {
        return Ok(false);
    }
    shared.borrow_mut().logs.insert(id.to_string(), decoded.log);
    let mut merged = decoded.incident;
    merged.merge(incident);
    write_incident(db, shared, merged).await.map_err(|e| e.to_string())?;
    Ok(false)
}
