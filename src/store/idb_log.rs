//! One incident's log in IndexedDB: the write of one action (all of it or
//! none), reading logs back, and moving an unreadable incident aside.
//!
//! A write names the count it expects stored. It is checked inside the
//! transaction: readwrite transactions over the same stores run one after
//! another, so no other tab can write in between, and a write made against a
//! stale count (another tab appended meanwhile) is refused as `Moved`, touching
//! nothing. The caller then reads what is stored, merges and writes again.

use super::idb::{completion, idb_error, incident_record, key, set, text, IdbStore, IncidentRecord, StoredEvent, EVENTS, INCIDENTS, QUARANTINE, SETTLED};
use crate::desk::port::StoreError;
use idb::{Query, TransactionMode};
use js_sys::{Array, Object};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// One action's write to one incident's log.
#[derive(Clone, Debug)]
pub struct LogWrite {
    pub incident_id: String,
    /// Events the stored log must hold for this write to apply.
    pub expected: usize,
    /// Position of the first event written. Below `expected` only when a merge put
    /// another tab's entry before ours, or the records are sealed anew: the events
    /// from there on are replaced in the same transaction.
    pub from: usize,
    /// Each event's stored value (its JSON, sealed under the lock) and its link.
    pub events: Vec<String>,
    pub links: Vec<String>,
    /// The summary's stored value.
    pub summary: String,
    /// The stored head, kept when no event is written (a summary that changed alone:
    /// the figures of an incident closed under an earlier build).
    pub head: String,
    /// The record's plain mark: closed with its figures (`Summary::settled`).
    pub settled: bool,
}

/// Why a write did not apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The stored log holds `stored` events, not the count the write expected.
    Moved { stored: usize },
    Store(StoreError),
}

/// An incident as read back: its record beside the log, and every event record by position.
#[derive(Clone, Debug)]
pub struct RawLog {
    pub record: Option<IncidentRecord>,
    /// Position → the stored value, or the raw text of a value of the wrong shape.
    pub events: BTreeMap<usize, Result<StoredEvent, String>>,
}

fn raw_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{value:?}"))
}

fn stored_event(value: &JsValue) -> Result<StoredEvent, String> {
    match (text(value, "event"), text(value, "link")) {
        (Ok(json), Ok(link)) => Ok(StoredEvent { json, link }),
        _ => Err(raw_text(value)),
    }
}

/// The position in an `events` key `[incident, position]`, if it is one.
fn key_parts(k: &JsValue) -> Option<(String, usize)> {
    let parts = k.dyn_ref::<Array>()?;
    let id = parts.get(0).as_string()?;
    let pos = parts.get(1).as_f64().filter(|n| *n >= 0.0 && n.fract() == 0.0)?;
    Some((id, pos as usize))
}

impl IdbStore {
    /// Applies `write` in ONE readwrite transaction; resolves once it completed.
    pub async fn write_log(&self, write: &LogWrite) -> Result<(), WriteError> {
        let store = WriteError::Store;
        if write.events.len() != write.links.len() || write.from > write.expected {
            return Err(store(StoreError::Other(format!("IndexedDB: a malformed write ({} events, {} links)", write.events.len(), write.links.len()))));
        }
        let tx = self.transaction(&[EVENTS, INCIDENTS], TransactionMode::ReadWrite).map_err(store)?;
        let (events, incidents) = match (tx.object_store(EVENTS), tx.object_store(INCIDENTS)) {
            (Ok(e), Ok(i)) => (web_sys::IdbObjectStore::from(e), i),
            (Err(e), _) | (_, Err(e)) => return Err(store(idb_error(e))),
        };
        let raw: web_sys::IdbTransaction = tx.into();
        let done = completion(raw.clone());
        let incidents = web_sys::IdbObjectStore::from(incidents);
        // Every request is issued at once and the count checked when its read
        // answers: the engine does the writes while the page is still busy drawing
        // the action, instead of waiting for the page to take the read's answer
        // before it even starts them. A count found wrong aborts the lot.
        let found: Rc<RefCell<Option<Result<usize, StoreError>>>> = Rc::default();
        let read = match incidents.get(&write.incident_id.as_str().into()) {
            Ok(read) => read,
            Err(e) => {
                let _ = raw.abort();
                let _ = done.await;
                return Err(store(super::idb::classify(&e)));
            }
        };
        let (answer, expected, tx) = (found.clone(), write.expected, raw.clone());
        let check = Closure::once_into_js(move |ev: web_sys::Event| {
            let value = ev.target().and_then(|t| t.dyn_into::<web_sys::IdbRequest>().ok()).and_then(|r| r.result().ok()).unwrap_or(JsValue::UNDEFINED);
            let count = if value.is_undefined() || value.is_null() { Ok(0) } else { incident_record(&value).map(|r| r.count) };
            if count.as_ref().map_or(true, |n| *n != expected) {
                let _ = tx.abort();
            }
            *answer.borrow_mut() = Some(count);
        });
        read.set_onsuccess(Some(check.unchecked_ref()));
        if let Err(e) = issue(&events, &incidents, write) {
            // Refused before every request was issued: undo what was.
            let _ = raw.abort();
            let _ = done.await;
            return Err(store(super::idb::classify(&e)));
        }
        let result = done.await;
        let answer = found.borrow_mut().take();
        match (result, answer) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(Ok(stored))) if stored != write.expected => Err(WriteError::Moved { stored }),
            (Err(_), Some(Err(e))) => Err(store(e)),
            (Err(e), _) => Err(store(e)),
        }
    }

    /// Appends events at `first_position` with their links and puts the summary
    /// (`write_log` with nothing replaced).
    pub async fn append_events(&self, incident_id: &str, first_position: usize, events_json: Vec<String>, chain_tail: Vec<String>, summary_json: String) -> Result<(), StoreError> {
        let settled = serde_json::from_str::<crate::desk::port::Summary>(&summary_json).is_ok_and(|s| s.settled());
        let write = LogWrite { incident_id: incident_id.into(), expected: first_position, from: first_position, events: events_json, links: chain_tail, summary: summary_json, head: String::new(), settled };
        self.write_log(&write).await.map_err(|e| match e {
            WriteError::Moved { stored } => StoreError::Other(format!("IndexedDB: {incident_id} holds {stored} events, not {first_position}")),
            WriteError::Store(e) => e,
        })
    }

    /// Every incident's record beside its log, in id order; reads no event.
    pub async fn summaries(&self) -> Result<Vec<IncidentRecord>, StoreError> {
        let tx = self.transaction(&[INCIDENTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(INCIDENTS).map_err(idb_error)?;
        let values = store.get_all(None, None).map_err(idb_error)?.await.map_err(idb_error)?;
        super::idb::incident_records(values)
    }

    /// What the start reads: the records not marked settled, and every record's id
    /// (one transaction). The settled ones come after the first screen (`settled`).
    /// Without the index (an upgrade that could not make it) every record is read.
    pub async fn start_records(&self) -> Result<(Vec<IncidentRecord>, Vec<String>), StoreError> {
        let tx = self.transaction(&[INCIDENTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(INCIDENTS).map_err(idb_error)?;
        let values = match store.index(SETTLED) {
            Ok(index) => index.get_all(Some(Query::Key(0.into())), None),
            Err(_) => store.get_all(None, None),
        }
        .map_err(idb_error)?;
        let ids = store.get_all_keys(None, None).map_err(idb_error)?;
        let (values, ids) = (values.await.map_err(idb_error)?, ids.await.map_err(idb_error)?);
        Ok((super::idb::incident_records(values)?, super::idb::string_keys(ids)))
    }

    /// The records marked settled: closed incidents with their figures.
    pub async fn settled(&self) -> Result<Vec<IncidentRecord>, StoreError> {
        let tx = self.transaction(&[INCIDENTS], TransactionMode::ReadOnly)?;
        let index = tx.object_store(INCIDENTS).map_err(idb_error)?.index(SETTLED).map_err(idb_error)?;
        let values = index.get_all(Some(Query::Key(1.into())), None).map_err(idb_error)?.await.map_err(idb_error)?;
        super::idb::incident_records(values)
    }

    /// One incident's record, if stored.
    pub async fn incident(&self, incident_id: &str) -> Result<Option<IncidentRecord>, StoreError> {
        let tx = self.transaction(&[INCIDENTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(INCIDENTS).map_err(idb_error)?;
        let value = store.get(Query::Key(incident_id.into())).map_err(idb_error)?.await.map_err(idb_error)?;
        value.as_ref().map(incident_record).transpose()
    }

    /// One incident's events in log order (keys `[id, 0]` to `[id, ∞]`).
    pub async fn events(&self, incident_id: &str) -> Result<Vec<StoredEvent>, StoreError> {
        let log = self.read_log(incident_id).await?;
        log.events.into_values().map(|e| e.map_err(|raw| StoreError::Other(format!("IndexedDB: {incident_id}: a record of the wrong shape: {raw}")))).collect()
    }

    /// One incident's record and event records, read in one transaction.
    pub async fn read_log(&self, incident_id: &str) -> Result<RawLog, StoreError> {
        let tx = self.transaction(&[EVENTS, INCIDENTS], TransactionMode::ReadOnly)?;
        let events = tx.object_store(EVENTS).map_err(idb_error)?;
        let incidents = tx.object_store(INCIDENTS).map_err(idb_error)?;
        let range = || idb::KeyRange::bound(&key(incident_id, 0.0), &key(incident_id, f64::INFINITY), None, None).map_err(idb_error);
        let keys = events.get_all_keys(Some(Query::KeyRange(range()?)), None).map_err(idb_error)?;
        let values = events.get_all(Some(Query::KeyRange(range()?)), None).map_err(idb_error)?;
        let record = incidents.get(Query::Key(incident_id.into())).map_err(idb_error)?;
        let (keys, values, record) = (keys.await.map_err(idb_error)?, values.await.map_err(idb_error)?, record.await.map_err(idb_error)?);
        let record = record.as_ref().map(incident_record).transpose()?;
        let events = keys.iter().zip(values.iter()).filter_map(|(k, v)| key_parts(k).map(|(_, pos)| (pos, stored_event(v)))).collect();
        Ok(RawLog { record, events })
    }

    /// Every incident's record and event records, in one transaction: what the
    /// app needs at start. Event records under no incident record come back too.
    pub async fn read_all(&self) -> Result<BTreeMap<String, RawLog>, StoreError> {
        let tx = self.transaction(&[EVENTS, INCIDENTS], TransactionMode::ReadOnly)?;
        let events = tx.object_store(EVENTS).map_err(idb_error)?;
        let incidents = tx.object_store(INCIDENTS).map_err(idb_error)?;
        let keys = events.get_all_keys(None, None).map_err(idb_error)?;
        let values = events.get_all(None, None).map_err(idb_error)?;
        let records = incidents.get_all(None, None).map_err(idb_error)?;
        let (keys, values, records) = (keys.await.map_err(idb_error)?, values.await.map_err(idb_error)?, records.await.map_err(idb_error)?);
        let mut out: BTreeMap<String, RawLog> = BTreeMap::new();
        for value in &records {
            let record = incident_record(value)?;
            out.insert(record.id.clone(), RawLog { record: Some(record), events: BTreeMap::new() });
        }
        for (k, v) in keys.iter().zip(values.iter()) {
            let Some((id, pos)) = key_parts(k) else { continue };
            out.entry(id).or_insert_with(|| RawLog { record: None, events: BTreeMap::new() }).events.insert(pos, stored_event(v));
        }
        Ok(out)
    }

    /// The link stored at `position` of the incident's log.
    pub async fn link_at(&self, incident_id: &str, position: usize) -> Result<Option<String>, StoreError> {
        let tx = self.transaction(&[EVENTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(EVENTS).map_err(idb_error)?;
        let value = store.get(Query::Key(key(incident_id, position as f64))).map_err(idb_error)?.await.map_err(idb_error)?;
        Ok(value.and_then(|v| text(&v, "link").ok()))
    }

    /// Moves an incident's records aside whole (`raw`: their text), in one
    /// transaction: the copy and the removal go together or not at all.
    pub async fn quarantine(&self, incident_id: &str, raw: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[EVENTS, INCIDENTS, QUARANTINE], TransactionMode::ReadWrite)?;
        let raw_tx: web_sys::IdbTransaction = tx.into();
        let done = completion(raw_tx.clone());
        let issued = (|| -> Result<(), JsValue> {
            raw_tx.object_store(QUARANTINE)?.put_with_key(&raw.into(), &incident_id.into())?;
            remove_requests(&raw_tx, incident_id)
        })();
        finish(&raw_tx, done, issued).await
    }

    /// Removes an incident's records (after it was archived to a file).
    pub async fn remove(&self, incident_id: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[EVENTS, INCIDENTS], TransactionMode::ReadWrite)?;
        let raw_tx: web_sys::IdbTransaction = tx.into();
        let done = completion(raw_tx.clone());
        let issued = remove_requests(&raw_tx, incident_id);
        finish(&raw_tx, done, issued).await
    }

    /// Everything moved aside: (incident id, raw text).
    pub async fn quarantined(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self.transaction(&[QUARANTINE], TransactionMode::ReadOnly)?;
        let store = tx.object_store(QUARANTINE).map_err(idb_error)?;
        let keys = store.get_all_keys(None, None).map_err(idb_error)?;
        let values = store.get_all(None, None).map_err(idb_error)?;
        let (keys, values) = (keys.await.map_err(idb_error)?, values.await.map_err(idb_error)?);
        Ok(keys.iter().zip(values.iter()).map(|(k, v)| (k.as_string().unwrap_or_default(), v.as_string().unwrap_or_else(|| raw_text(v)))).collect())
    }
}

fn remove_requests(tx: &web_sys::IdbTransaction, incident_id: &str) -> Result<(), JsValue> {
    let range = web_sys::IdbKeyRange::bound(&key(incident_id, 0.0), &key(incident_id, f64::INFINITY))?;
    tx.object_store(EVENTS)?.delete(&range)?;
    tx.object_store(INCIDENTS)?.delete(&incident_id.into())?;
    Ok(())
}

async fn finish(tx: &web_sys::IdbTransaction, done: impl std::future::Future<Output = Result<(), StoreError>>, issued: Result<(), JsValue>) -> Result<(), StoreError> {
    match issued {
        Ok(()) => done.await,
        Err(err) => {
            let _ = tx.abort();
            let _ = done.await;
            Err(super::idb::classify(&err))
        }
    }
}

/// The requests of one write, issued at once (none awaited).
fn issue(events: &web_sys::IdbObjectStore, incidents: &web_sys::IdbObjectStore, write: &LogWrite) -> Result<(), JsValue> {
    let id = write.incident_id.as_str();
    if write.from < write.expected {
        let range = web_sys::IdbKeyRange::bound(&key(id, write.from as f64), &key(id, f64::INFINITY))?;
        events.delete(&range)?;
    }
    for (i, (json, link)) in write.events.iter().zip(&write.links).enumerate() {
        let record = Object::new();
        set(&record, "event", &json.into());
        set(&record, "link", &link.into());
        // `add`, never `put`: a position taken already aborts the whole write.
        events.add_with_key(&record, &key(id, (write.from + i) as f64))?;
    }
    let head = match write.links.last() {
        Some(link) => link.clone(),
        // Nothing new but the summary: the head stays.
        None if !write.head.is_empty() && write.from == write.expected => write.head.clone(),
        // Nothing new at all (a merge that added nothing here).
        None => return Ok(()),
    };
    let record = Object::new();
    set(&record, "id", &id.into());
    set(&record, "summary", &write.summary.as_str().into());
    set(&record, "count", &((write.from + write.events.len()) as f64).into());
    set(&record, "head", &head.into());
    set(&record, SETTLED, &f64::from(u8::from(write.settled)).into());
    incidents.put_with_key(&record, &id.into())?;
    Ok(())
}
