//! Reading a log back from IndexedDB's records into an `Incident`, and what
//! this tab keeps of each stored log to write the next action on top of it.

use super::codec::open_value;
use super::idb_log::RawLog;
use crate::desk::port::Summary;
use crate::domain::base::seal::Key;
use crate::domain::{Event, Incident};
use crate::tf;
use std::hash::{Hash, Hasher};

/// What this tab knows of one stored log: enough to write the next action on
/// top of it without holding a second copy of the events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredLog {
    /// A digest of each stored event's id, in stored order: where memory's log
    /// starts to differ from it (a merge that put another tab's entry first).
    pub ids: Vec<u64>,
    /// The last link of the stored chain ("" when empty).
    pub head: String,
    /// Whether the records were sealed: a change of lock rewrites them all.
    pub sealed: bool,
}

impl StoredLog {
    pub fn of(incident: &Incident, head: String, sealed: bool) -> StoredLog {
        StoredLog { ids: id_digests(incident), head, sealed }
    }
}

/// A stable 64-bit digest of an event id (SipHash with fixed keys).
pub fn id_digest(id: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

pub fn id_digests(incident: &Incident) -> Vec<u64> {
    incident.events().iter().map(|e| id_digest(&e.id)).collect()
}

/// One log read back.
#[derive(Debug)]
pub struct Decoded {
    pub incident: Incident,
    /// The chain as stored, to check against the log (one "" per missing event).
    pub links: Vec<String>,
    pub log: StoredLog,
    pub summary: Option<Summary>,
    /// Said once to the user: events missing from the end, and the like.
    pub problems: Vec<String>,
}

/// The stored log `raw` of incident `id` as an incident. `Err` (with the
/// reason) when it cannot be read as one: the caller moves it aside whole.
pub fn decode_log(id: &str, raw: &RawLog, key: Option<&Key>) -> Result<Decoded, String> {
    let record = raw.record.as_ref().ok_or_else(|| tf!("只有记录条目，缺少事件摘要"))?;
    let mut problems = Vec::new();
    let positions: Vec<usize> = raw.events.keys().copied().collect();
    if positions.iter().enumerate().any(|(i, p)| i != *p) {
        return Err(tf!("记录位置不连续（{0} 条记录）", positions.len()));
    }
    if positions.len() > record.count {
        return Err(tf!("记录比摘要所记多（{0} 条，摘要为 {1} 条）", positions.len(), record.count));
    }
    let mut events = Vec::with_capacity(positions.len());
    let mut links = Vec::with_capacity(record.count);
    let mut sealed = false;
    for (pos, stored) in &raw.events {
        let stored = stored.as_ref().map_err(|raw| tf!("第 {0} 条记录格式不符：{1}", pos + 1, shorten(raw)))?;
        sealed |= super::codec::is_sealed(&stored.json);
        let plain = open_value(key, &stored.json).map_err(|e| tf!("第 {0} 条记录：{1}", pos + 1, e))?;
        let event: Event = serde_json::from_str(&plain).map_err(|e| tf!("第 {0} 条记录无法读取：{1}", pos + 1, e))?;
        events.push(event);
        links.push(stored.link.clone());
    }
    let mut rest = events.into_iter();
    let first = rest.next().ok_or_else(|| tf!("没有任何记录"))?;
    let incident = Incident::from_log(id.to_string(), first, rest).map_err(|e| e.to_string())?;
    if record.count > links.len() {
        // Removed outside the app: the check finds the log altered where they were.
        problems.push(tf!("事件 {0} 的最后 {1} 条记录已不在本机存储中（在应用之外被删除）；校验将标出此处。", id, record.count - links.len()));
        links.resize(record.count, String::new());
    }
    let summary = super::codec::open_summary(key, &record.summary);
    let head = raw.events.values().last().and_then(|e| e.as_ref().ok()).map(|e| e.link.clone()).unwrap_or_default();
    let mut log = StoredLog::of(&incident, head, sealed);
    // Positions counted but missing: the next write must start past them.
    log.ids.resize(record.count, 0);
    Ok(Decoded { incident, links, log, summary, problems })
}

fn shorten(raw: &str) -> String {
    raw.chars().take(80).collect()
}
