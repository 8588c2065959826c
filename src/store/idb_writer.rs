//! The IndexedDB engine's writer: one action at a time, in the order handed
//! over, each in one transaction, each confirmed only once it completed.
//!
//! The desk keeps every event in memory and hands over the whole incident; the
//! writer works out what the stored log lacks (memory's log past the common
//! start) and writes just that, extending the chain from the stored head. When
//! another tab wrote first, the transaction is refused (`WriteError::Moved`):
//! the writer reads what is stored, merges it in (union by event id, today's
//! order) and writes again; the confirmation carries the merged log. Other tabs
//! hear of each write on a BroadcastChannel and read it back (`refresh`).

use super::codec::seal_value;
use super::idb::IdbStore;
use super::idb_log::{LogWrite, WriteError};
use super::idb_read::{decode_log, id_digests, StoredLog};
use crate::desk::port::{Change, Confirmation, StoreError, Summary};
use crate::domain::base::seal::Key;
use crate::domain::incidents::integrity;
use crate::domain::Incident;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast};

/// The channel every tab of the app on this origin listens to.
pub const CHANNEL: &str = "incident-desk";

/// What waits for the writer, in order.
pub enum Job {
    Write(Incident),
    /// Remove an archived incident's records.
    Remove(String),
    /// Remove the lock record once every record before this was rewritten plain.
    Unlock(Box<dyn FnOnce()>),
}

/// State shared by the engine's port (synchronous) and its writer (asynchronous).
#[derive(Default)]
pub struct Shared {
    pub logs: HashMap<String, StoredLog>,
    pub summaries: HashMap<String, Summary>,
    pub queue: VecDeque<Job>,
    pub running: bool,
    pub done: Vec<Confirmation>,
    pub changes: Vec<Change>,
    /// Incidents another tab wrote, read back, until the desk takes them (`Store::load_incident`).
    pub arrived: HashMap<String, Incident>,
    pub key: Option<Key>,
    /// Set when this tab may no longer write (a newer schema, or a newer version took over).
    pub refused: Option<StoreError>,
    /// Logs found altered, from the position of the first altered event: once the
    /// finding is in the log, the next write hashes the chain afresh from there, as
    /// localStorage's whole rewrite does, so the same edit is reported once.
    pub reseal: HashMap<String, usize>,
    /// Stored chains of logs `fetch` read in, until the desk takes them.
    pub fetched_chains: HashMap<String, Vec<String>>,
    /// The dashboard's figures of closed incidents, from the desk, written with their summaries.
    pub figures: HashMap<String, crate::domain::reports::stats::Figures>,
    /// Stored incidents the start left out (settled, or a record without its mark),
    /// until `read_settled` brings them in.
    pub unread: Vec<String>,
    /// Shelved logs moved into the quarantine when they were read (id, raw text).
    pub set_aside: Vec<(String, String)>,
    /// This engine's end of the channel: one does not hear what it posts itself.
    pub channel: Option<web_sys::BroadcastChannel>,
}

pub type SharedRef = Rc<RefCell<Shared>>;

thread_local! {
    /// Called after each confirmation or change, so the desk takes it in at once.
    static WAKE: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Calls `wake` whenever the writer confirmed something or another tab wrote.
pub fn on_news(wake: impl Fn() + 'static) {
    WAKE.with(|w| *w.borrow_mut() = Some(Rc::new(wake)));
}

pub fn wake() {
    // Called outside any borrow of the shared state: the desk reads it at once.
    let wake = WAKE.with(|w| w.borrow().clone());
    if let Some(w) = wake {
        w();
    }
}

fn nonce() -> [u8; 12] {
    super::lock::random::<12>()
}

/// Drops `value` in a later task (a zero timeout), or now if there is no window.
fn free_later<T: 'static>(value: T) {
    let Some(w) = web_sys::window() else { return };
    let free = Closure::once_into_js(move || drop(value));
    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(free.unchecked_ref(), 0);
}

/// Hands `job` to the writer, starting it if idle.
pub fn enqueue(db: &Rc<IdbStore>, shared: &SharedRef, job: Job) {
    let start = {
        let mut s = shared.borrow_mut();
        s.queue.push_back(job);
        !std::mem::replace(&mut s.running, true)
    };
    if start {
        let (db, shared) = (db.clone(), shared.clone());
        wasm_bindgen_futures::spawn_local(async move { drain(db, shared).await });
    }
}

async fn drain(db: Rc<IdbStore>, shared: SharedRef) {
    loop {
        let job = {
            let mut s = shared.borrow_mut();
            match s.queue.pop_front() {
                Some(job) => job,
                None => {
                    s.running = false;
                    return;
                }
            }
        };
        match job {
            Job::Write(incident) => {
                let id = incident.id().to_string();
                let result = write_incident(&db, &shared, incident).await;
                if result.is_ok() {
                    announce(&shared, &id);
                }
                // The copy written as handed over is dropped after the desk heard, not
                // before: the desk has this log already.
                let (result, copy) = match result {
                    Ok((incident, true)) => (Ok(Some(incident)), None),
                    Ok((incident, false)) => (Ok(None), Some(incident)),
                    Err(e) => (Err(e), None),
                };
                shared.borrow_mut().done.push(Confirmation { incident_id: id, result });
                wake();
                // Freed in a task of its own: freeing 10,000 entries here took ~3 ms before
                // the page could show the confirmation (its redraw runs after this poll).
                if let Some(copy) = copy {
                    free_later(copy);
                }
            }
            Job::Remove(id) => {
                if db.remove(&id).await.is_ok() {
                    let mut s = shared.borrow_mut();
                    s.logs.remove(&id);
                    s.summaries.remove(&id);
                }
            }
            Job::Unlock(then) => then(),
        }
    }
}

/// Writes what the stored log of `incident` lacks; answers the log as stored, and
/// whether entries stored meanwhile were taken into it.
pub async fn write_incident(db: &IdbStore, shared: &SharedRef, mut incident: Incident) -> Result<(Incident, bool), StoreError> {
    let id = incident.id().to_string();
    let mut took_in = false;
    for _ in 0..5 {
        let (log, key, refused, reseal, summary, summary_stored) = {
            let s = shared.borrow();
            let mut summary = Summary::of(&incident);
            // The figures the desk handed over; failing those (a log written again unchanged:
            // the lock turned on or off), the ones stored with it, which still hold, so the
            // incident stays settled and the next start need not read its log.
            summary.figures = s.figures.get(&id).cloned().or_else(|| s.summaries.get(&id).filter(|stored| stored.events == summary.events && stored.closed).and_then(|stored| stored.figures.clone()));
            let stored = s.summaries.get(&id) == Some(&summary);
            (s.logs.get(&id).cloned().unwrap_or_default(), s.key, s.refused.clone(), s.reseal.get(&id).copied(), summary, stored)
        };
        if let Some(e) = refused {
            return Err(e);
        }
        let digests = id_digests(&incident);
        let mut from = log.ids.iter().zip(&digests).take_while(|(a, b)| a == b).count();
        // When the stored log is where memory's begins (the usual case: this tab wrote
        // it), it holds nothing memory lacks; only otherwise are its ids looked up (a set
        // of 10,000 digests per booking held up the confirmation).
        // 0 stands for a position counted but missing (removed outside the app).
        if from < log.ids.len() && stored_beyond(&log.ids, &digests) {
            // The stored log holds entries memory lacks (another tab's): take them in
            // first, so a write never replaces what it has not seen.
            incident = take_in_stored(db, shared, &id, incident, key).await?;
            took_in = true;
            continue;
        }
        if log.sealed != key.is_some() {
            from = 0;
        }
        if let Some(altered) = reseal {
            from = from.min(altered);
        }
        if from == log.ids.len() && from == digests.len() && summary_stored {
            return Ok((incident, took_in));
        }
        let prev = match from {
            0 => None,
            n if n == log.ids.len() => Some(log.head.clone()),
            n => db.link_at(&id, n - 1).await?,
        };
        let links = integrity::links_from(&incident, from, prev.as_deref());
        let events = incident.events()[from..]
            .iter()
            .map(|e| serde_json::to_string(e).map(|json| seal_value(key.as_ref(), nonce(), json)))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let summary_json = serde_json::to_string(&summary).map_err(|e| StoreError::Other(e.to_string()))?;
        let head = links.last().cloned().unwrap_or(log.head.clone());
        let write = LogWrite { incident_id: id.clone(), expected: log.ids.len(), from, events, links, summary: seal_value(key.as_ref(), nonce(), summary_json), head: log.head.clone(), settled: summary.settled() };
        match db.write_log(&write).await {
            Ok(()) => {
                let mut s = shared.borrow_mut();
                s.logs.insert(id.clone(), StoredLog { ids: digests, head, sealed: key.is_some() });
                s.reseal.remove(&id);
                s.summaries.insert(id, summary);
                return Ok((incident, took_in));
            }
            Err(WriteError::Moved { .. }) => {
                incident = take_in_stored(db, shared, &id, incident, key).await?;
                took_in = true;
            }
            Err(WriteError::Store(e)) => return Err(e),
        }
    }
    Err(StoreError::Other(crate::tf!("另一标签页正在连续写入事件 {0}，稍后重试", id)))
}

/// Whether the stored log (`stored`, digests of its ids) holds an entry memory's
/// (`mine`) lacks.
fn stored_beyond(stored: &[u64], mine: &[u64]) -> bool {
    let mine: HashSet<u64> = mine.iter().copied().collect();
    stored.iter().any(|d| *d != 0 && !mine.contains(d))
}

/// Reads the stored log of `id`, notes it as what is stored, and merges it into `ours`.
async fn take_in_stored(db: &IdbStore, shared: &SharedRef, id: &str, mut ours: Incident, key: Option<Key>) -> Result<Incident, StoreError> {
    let raw = db.read_log(id).await?;
    if raw.record.is_none() && raw.events.is_empty() {
        shared.borrow_mut().logs.remove(id);
        return Ok(ours);
    }
    let decoded = decode_log(id, &raw, key.as_ref()).map_err(|e| StoreError::Other(crate::tf!("已存的该事件记录无法读取（{0}），为免覆盖，未写入", e)))?;
    shared.borrow_mut().logs.insert(id.to_string(), decoded.log);
    ours.merge(&decoded.incident);
    Ok(ours)
}

/// Tells the other tabs that `incident_id` was written.
fn announce(shared: &SharedRef, incident_id: &str) {
    if let Some(channel) = shared.borrow().channel.as_ref() {
        let _ = channel.post_message(&incident_id.into());
    }
}

/// Listens for the other tabs' writes: each is read back and handed to the desk
/// as a change (`Store::changes`, then `Store::load_incident`).
pub fn listen(db: &Rc<IdbStore>, shared: &SharedRef) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let owner = shared.clone();
    let (db, shared) = (db.clone(), shared.clone());
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let Some(id) = ev.data().as_string() else { return };
        let (db, shared) = (db.clone(), shared.clone());
        wasm_bindgen_futures::spawn_local(async move { refresh(&db, &shared, &id).await });
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    owner.borrow_mut().channel = Some(channel);
}

/// Reads incident `id` back after another tab wrote it.
pub async fn refresh(db: &IdbStore, shared: &SharedRef, id: &str) {
    let key = shared.borrow().key;
    let Ok(raw) = db.read_log(id).await else { return };
    let Ok(decoded) = decode_log(id, &raw, key.as_ref()) else { return };
    {
        let mut s = shared.borrow_mut();
        if s.logs.get(id) == Some(&decoded.log) {
            return;
        }
        s.logs.insert(id.to_string(), decoded.log);
        if let Some(summary) = decoded.summary {
            s.summaries.insert(id.to_string(), summary);
        }
        s.arrived.insert(id.to_string(), decoded.incident);
        s.changes.push(Change::Incident(id.to_string()));
    }
    wake();
}
