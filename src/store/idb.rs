//! The IndexedDB engine (issue 16, first step): one record per event, keyed by
//! incident and position, appended in one transaction per action, with a summary
//! per incident beside the log. Not yet behind the app: `IdbQueue` answers the
//! desk's `append` with `Receipt::Queued` and confirms once the transaction
//! completed; the rest of the `Store` port (load, migration, other tabs) follows.
//!
//! Object stores (database version 1):
//! - `events`: key `[incident_id, position]` (position a number, so the log keeps
//!   its order); value `{event, link}`: the event's JSON exactly as the app stores
//!   it today (serde_json of `Event`, its canonical form) and its link of the hash
//!   chain (`integrity`), so the chain grows per event and is never rewritten.
//! - `incidents`: key `incident_id`; value `{id, summary, count, head}`: the
//!   summary's JSON, the number of events and the last link. Listing them reads
//!   no event.
//! - `documents` (plans, directory) and `settings`: key name, value a JSON string.
//!
//! IndexedDB commits a transaction by itself once the event loop is reached with
//! no request pending: an append issues all its requests at once and awaits
//! nothing but the transaction's `complete` (or `abort`).

use crate::desk::port::StoreError;
use crate::domain::{Event, Incident};
use idb::{Database, Factory, ObjectStoreParams, Query, TransactionMode};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

pub const EVENTS: &str = "events";
pub const INCIDENTS: &str = "incidents";
pub const DOCUMENTS: &str = "documents";
pub const SETTINGS: &str = "settings";
const VERSION: u32 = 1;

/// An open database of the app's records.
pub struct IdbStore {
    db: Database,
}

/// One incident's record beside its log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentRecord {
    pub id: String,
    /// The summary's JSON, as handed to `append_events`.
    pub summary: String,
    /// Events stored: the position the next append starts at.
    pub count: usize,
    /// The last link of the chain ("" before the first event).
    pub head: String,
}

/// One stored event: its JSON and its link of the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub json: String,
    pub link: String,
}

/// A DOMException (or any JS error) as the desk's error: quota → `Full`.
pub fn classify(err: &JsValue) -> StoreError {
    let field = |name: &str| Reflect::get(err, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let (name, message) = (field("name"), field("message"));
    match name.as_str() {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StoreError::Full,
        "" if message.is_empty() => StoreError::Other(format!("IndexedDB: {err:?}")),
        _ => StoreError::Other(format!("IndexedDB {name}: {message}")),
    }
}

fn idb_error(err: idb::Error) -> StoreError {
    match err {
        idb::Error::IndexedDbNotFound(_) => StoreError::Unavailable,
        idb::Error::DomException(e) => classify(&e.into()),
        idb::Error::AddFailed(v)
        | idb::Error::UpdateFailed(v)
        | idb::Error::GetFailed(v)
        | idb::Error::GetAllFailed(v)
        | idb::Error::GetAllKeysFailed(v)
        | idb::Error::IndexedDbOpenFailed(v)
        | idb::Error::TransactionOpenFailed(v) => classify(&v),
        other => StoreError::Other(format!("IndexedDB: {other}")),
    }
}

fn key(incident_id: &str, position: f64) -> JsValue {
    Array::of2(&incident_id.into(), &position.into()).into()
}

fn set(obj: &Object, name: &str, value: &JsValue) {
    // Setting a field on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &name.into(), value);
}

fn text(obj: &JsValue, name: &str) -> Result<String, StoreError> {
    Reflect::get(obj, &name.into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| StoreError::Other(format!("IndexedDB: a record without its {name}")))
}

fn number(obj: &JsValue, name: &str) -> Result<usize, StoreError> {
    Reflect::get(obj, &name.into())
        .ok()
        .and_then(|v| v.as_f64())
        .filter(|n| *n >= 0.0 && n.fract() == 0.0)
        .map(|n| n as usize)
        .ok_or_else(|| StoreError::Other(format!("IndexedDB: a record without its {name}")))
}

fn incident_record(value: &JsValue) -> Result<IncidentRecord, StoreError> {
    Ok(IncidentRecord { id: text(value, "id")?, summary: text(value, "summary")?, count: number(value, "count")?, head: text(value, "head")? })
}

/// Resolves when `tx` fired `complete`; `abort` resolves to its error (a failed
/// request aborts the transaction it belongs to, so `error` needs no handler).
/// The handlers are set now, before any request of `tx` can finish.
fn completion(tx: web_sys::IdbTransaction) -> impl std::future::Future<Output = Result<(), StoreError>> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let aborted_tx = tx.clone();
        let aborted = Closure::once_into_js(move |_: web_sys::Event| {
            let err = aborted_tx.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        tx.set_oncomplete(Some(done.unchecked_ref()));
        tx.set_onabort(Some(aborted.unchecked_ref()));
    });
    let future = wasm_bindgen_futures::JsFuture::from(promise);
    async move {
        future.await.map(|_| ()).map_err(|err| {
            if err.is_null() {
                StoreError::Other("IndexedDB: the transaction was aborted".into())
            } else {
                classify(&err)
            }
        })
    }
}

/// The requests of one append, issued at once (none awaited).
fn issue(
    events: &web_sys::IdbObjectStore,
    incidents: &web_sys::IdbObjectStore,
    incident_id: &str,
    first_position: usize,
    events_json: &[String],
    chain_tail: &[String],
    summary_json: String,
) -> Result<(), JsValue> {
    for (i, (json, link)) in events_json.iter().zip(chain_tail).enumerate() {
        let record = Object::new();
        set(&record, "event", &json.into());
        set(&record, "link", &link.into());
        // `add`, never `put`: a position taken already aborts the whole append.
        events.add_with_key(&record, &key(incident_id, (first_position + i) as f64))?;
    }
    let record = Object::new();
    set(&record, "id", &incident_id.into());
    set(&record, "summary", &summary_json.into());
    set(&record, "count", &((first_position + events_json.len()) as f64).into());
    set(&record, "head", &chain_tail.last().cloned().unwrap_or_default().into());
    incidents.put_with_key(&record, &incident_id.into())?;
    Ok(())
}

impl IdbStore {
    /// Opens (or creates, version 1) the database `name`.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        let factory = Factory::new().map_err(|_| StoreError::Unavailable)?;
        let mut request = factory.open(name, Some(VERSION)).map_err(idb_error)?;
        request.on_upgrade_needed(|event| {
            use idb::DatabaseEvent;
            let Ok(db) = event.database() else { return };
            let names = db.store_names();
            for store in [EVENTS, INCIDENTS, DOCUMENTS, SETTINGS] {
                if !names.iter().any(|n| n == store) {
                    // Out-of-line keys: records are plain values, keys given on write.
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(idb_error)?;
        Ok(IdbStore { db })
    }

    /// Deletes the database `name` (tests; later the migration's undo).
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        let factory = Factory::new().map_err(|_| StoreError::Unavailable)?;
        factory.delete(name).map_err(idb_error)?.await.map_err(idb_error)
    }

    pub fn name(&self) -> String {
        self.db.name()
    }

    pub fn close(&self) {
        self.db.close();
    }

    /// The database's object stores (to check the layout).
    pub fn store_names(&self) -> Vec<String> {
        self.db.store_names()
    }

    fn transaction(&self, stores: &[&str], mode: TransactionMode) -> Result<idb::Transaction, StoreError> {
        self.db.transaction(stores, mode).map_err(idb_error)
    }

    /// Appends `events_json` (one event's JSON each, positions `first_position`
    /// on) with their links `chain_tail`, and puts the incident's summary, in ONE
    /// readwrite transaction: all of it or none. Resolves once the transaction
    /// completed. Refused unless `first_position` is the number of events stored
    /// (checked inside the transaction); an event already stored at one of those
    /// positions aborts it.
    pub async fn append_events(
        &self,
        incident_id: &str,
        first_position: usize,
        events_json: Vec<String>,
        chain_tail: Vec<String>,
        summary_json: String,
    ) -> Result<(), StoreError> {
        if events_json.len() != chain_tail.len() {
            return Err(StoreError::Other(format!("IndexedDB: {} events with {} links", events_json.len(), chain_tail.len())));
        }
        let tx = self.transaction(&[EVENTS, INCIDENTS], TransactionMode::ReadWrite)?;
        let (events, incidents) = match (tx.object_store(EVENTS), tx.object_store(INCIDENTS)) {
            (Ok(e), Ok(i)) => (web_sys::IdbObjectStore::from(e), i),
            (Err(e), _) | (_, Err(e)) => return Err(idb_error(e)),
        };
        let raw: web_sys::IdbTransaction = tx.into();
        let done = completion(raw.clone());
        let issued = async {
            // The stored count, read inside the transaction: readwrite transactions over
            // these stores run one after another, so no other tab appends in between.
            // (An IndexedDB request awaited: its success keeps the transaction active.)
            let stored = incidents.get(Query::Key(incident_id.into())).map_err(idb_error)?.await.map_err(idb_error)?;
            let count = stored.as_ref().map(incident_record).transpose()?.map_or(0, |r| r.count);
            if count != first_position {
                return Err(StoreError::Other(format!("IndexedDB: {incident_id} holds {count} events, not {first_position}")));
            }
            let incidents = web_sys::IdbObjectStore::from(incidents);
            issue(&events, &incidents, incident_id, first_position, &events_json, &chain_tail, summary_json).map_err(|e| classify(&e))
        };
        match issued.await {
            Ok(()) => done.await,
            Err(err) => {
                // Refused before every request was issued: undo what was.
                let _ = raw.abort();
                let _ = done.await;
                Err(err)
            }
        }
    }

    /// Every incident's record beside its log, in id order; reads no event.
    pub async fn summaries(&self) -> Result<Vec<IncidentRecord>, StoreError> {
        let tx = self.transaction(&[INCIDENTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(INCIDENTS).map_err(idb_error)?;
        let values = store.get_all(None, None).map_err(idb_error)?.await.map_err(idb_error)?;
        values.iter().map(incident_record).collect()
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
        let tx = self.transaction(&[EVENTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(EVENTS).map_err(idb_error)?;
        let range = idb::KeyRange::bound(&key(incident_id, 0.0), &key(incident_id, f64::INFINITY), None, None)
            .map_err(idb_error)?;
        let values = store.get_all(Some(Query::KeyRange(range)), None).map_err(idb_error)?.await.map_err(idb_error)?;
        values.iter().map(|v| Ok(StoredEvent { json: text(v, "event")?, link: text(v, "link")? })).collect()
    }

    /// One incident's log read back and its chain as stored: `None` if absent.
    pub async fn load_incident(&self, incident_id: &str) -> Result<Option<(Incident, Vec<String>)>, StoreError> {
        let stored = self.events(incident_id).await?;
        let mut events = stored.iter().map(|e| serde_json::from_str::<Event>(&e.json));
        let Some(first) = events.next() else { return Ok(None) };
        let unreadable = |e: serde_json::Error| StoreError::Other(format!("IndexedDB: {incident_id}: {e}"));
        let mut incident = Incident::open(incident_id.to_string(), first.map_err(unreadable)?)
            .map_err(|e| StoreError::Other(format!("IndexedDB: {incident_id}: {e:?}")))?;
        for event in events {
            incident.append(event.map_err(unreadable)?).map_err(|e| StoreError::Other(format!("IndexedDB: {incident_id}: {e:?}")))?;
        }
        Ok(Some((incident, stored.into_iter().map(|e| e.link).collect())))
    }

    async fn put_text(&self, store: &str, name: &str, json: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[store], TransactionMode::ReadWrite)?;
        let raw: web_sys::IdbTransaction = tx.into();
        let done = completion(raw.clone());
        let put = raw.object_store(store).and_then(|s| s.put_with_key(&json.into(), &name.into()));
        if let Err(err) = put {
            let _ = raw.abort();
            let _ = done.await;
            return Err(classify(&err));
        }
        done.await
    }

    async fn get_text(&self, store: &str, name: &str) -> Result<Option<String>, StoreError> {
        let tx = self.transaction(&[store], TransactionMode::ReadOnly)?;
        let value = tx.object_store(store).map_err(idb_error)?.get(Query::Key(name.into())).map_err(idb_error)?.await.map_err(idb_error)?;
        Ok(value.and_then(|v| v.as_string()))
    }

    /// Empties one object store (tests; later the migration's undo).
    pub async fn clear(&self, store: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[store], TransactionMode::ReadWrite)?;
        let raw: web_sys::IdbTransaction = tx.into();
        let done = completion(raw.clone());
        if let Err(err) = raw.object_store(store).and_then(|s| s.clear()) {
            let _ = raw.abort();
            let _ = done.await;
            return Err(classify(&err));
        }
        done.await
    }

    /// A document (plans, directory) as its stored JSON.
    pub async fn put_document(&self, name: &str, json: &str) -> Result<(), StoreError> {
        self.put_text(DOCUMENTS, name, json).await
    }

    pub async fn document(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.get_text(DOCUMENTS, name).await
    }

    pub async fn put_setting(&self, name: &str, json: &str) -> Result<(), StoreError> {
        self.put_text(SETTINGS, name, json).await
    }

    pub async fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.get_text(SETTINGS, name).await
    }
}
