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
//! - `incidents`: key `incident_id`; value `{id, summary, count, head, settled}`:
//!   the summary's JSON, the number of events, the last link, and 1 when the
//!   incident is closed with its dashboard figures in the summary (else 0; in
//!   plain text, so the start can leave such records for later without opening
//!   sealed summaries: it tells only that an incident is closed). Listing them
//!   reads no event; index `settled` (version 2) lists them by that mark.
//! - `documents` (plans, directory) and `settings`: key name, value a JSON string.
//!
//! IndexedDB commits a transaction by itself once the event loop is reached with
//! no request pending: an append issues all its requests at once and awaits
//! nothing but the transaction's `complete` (or `abort`).

use crate::desk::port::StoreError;
use crate::domain::base::seal::Key;
use idb::{Database, Factory, KeyPath, ObjectStoreParams, Query, TransactionMode};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

pub const EVENTS: &str = "events";
pub const INCIDENTS: &str = "incidents";
pub const DOCUMENTS: &str = "documents";
pub const SETTINGS: &str = "settings";
/// Incidents whose records could not be read, moved aside whole (key: incident id).
pub const QUARANTINE: &str = "quarantine";
/// The index of `incidents` by their `settled` mark (0 or 1: a boolean is no key).
pub const SETTLED: &str = "settled";
/// 1: the stores; 2: the `settled` index, and the mark on every record.
const VERSION: u32 = 2;

/// An open database of the app's records.
pub struct IdbStore {
    pub(super) db: Database,
}

/// One incident's record beside its log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
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

pub(super) fn idb_error(err: idb::Error) -> StoreError {
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

pub(super) fn key(incident_id: &str, position: f64) -> JsValue {
    Array::of2(&incident_id.into(), &position.into()).into()
}

pub(super) fn set(obj: &Object, name: &str, value: &JsValue) {
    // Setting a field on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &name.into(), value);
}

pub(super) fn text(obj: &JsValue, name: &str) -> Result<String, StoreError> {
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

/// Every record of a `getAll` at once: the array made one JSON text in the page and
/// read in one go. Four property reads and three strings taken across per record
/// cost ~15 ms of the start with a thousand incidents. The same checks as
/// `incident_record`: every field present, the count a whole number.
pub(super) fn incident_records(values: Vec<JsValue>) -> Result<Vec<IncidentRecord>, StoreError> {
    let array: Array = values.into_iter().collect();
    let json = js_sys::JSON::stringify(&array).ok().and_then(|s| s.as_string()).ok_or_else(|| StoreError::Other("IndexedDB: records that cannot be read".into()))?;
    serde_json::from_str(&json).map_err(|e| StoreError::Other(format!("IndexedDB: a record unreadable ({e})")))
}

/// The string keys among `keys`, in one piece: one JSON text across to the wasm side
/// instead of a crossing per key (a thousand keys took ~8 ms of the start that way).
pub(super) fn string_keys(keys: Vec<JsValue>) -> Vec<String> {
    let array: Array = keys.into_iter().collect();
    let parsed = js_sys::JSON::stringify(&array).ok().and_then(|s| s.as_string()).and_then(|json| serde_json::from_str::<Vec<serde_json::Value>>(&json).ok());
    match parsed {
        Some(values) => values.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        None => array.iter().filter_map(|k| k.as_string()).collect(),
    }
}

pub(super) fn incident_record(value: &JsValue) -> Result<IncidentRecord, StoreError> {
    Ok(IncidentRecord { id: text(value, "id")?, summary: text(value, "summary")?, count: number(value, "count")?, head: text(value, "head")? })
}

/// Resolves when `tx` fired `complete`; `abort` resolves to its error (a failed
/// request aborts the transaction it belongs to, so `error` needs no handler).
/// The handlers are set now, before any request of `tx` can finish.
pub(super) fn completion(tx: web_sys::IdbTransaction) -> impl std::future::Future<Output = Result<(), StoreError>> {
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

impl IdbStore {
    /// Opens (or creates, version 1) the database `name`.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        IdbStore::open_watched(name, None, || {}, || {}, || {}).await
    }

    /// `open`, telling `blocked` when another tab holds an older version open (the
    /// open then waits until that tab lets go), and `replaced` when a newer version of
    /// the app, in another tab, asks this one to let go: the database is closed at
    /// once so the upgrade can go on, and this tab must stop writing.
    /// `key` opens sealed summaries when records written by version 1 are marked;
    /// `meanwhile` runs once the open is asked for, while the browser reads its files.
    pub async fn open_watched(
        name: &str,
        key: Option<Key>,
        blocked: impl FnOnce() + 'static,
        replaced: impl FnOnce() + 'static,
        meanwhile: impl FnOnce(),
    ) -> Result<IdbStore, StoreError> {
        let factory = Factory::new().map_err(|_| StoreError::Unavailable)?;
        let mut request = factory.open(name, Some(VERSION)).map_err(idb_error)?;
        request.on_upgrade_needed(move |event| {
            use idb::{DatabaseEvent, Event, Request};
            let Ok(db) = event.database() else { return };
            let names = db.store_names();
            for store in [EVENTS, INCIDENTS, DOCUMENTS, SETTINGS, QUARANTINE] {
                if !names.iter().any(|n| n == store) {
                    // Out-of-line keys: records are plain values, keys given on write.
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
            // Within the upgrade's own transaction. Should the index not be made, the start reads
            // every record as before (`start_records`); a record left unmarked is read in full
            // after the first screen (`read_settled`): neither hides an incident.
            let Some(tx) = event.target().ok().and_then(|r| r.transaction()) else { return };
            let Ok(incidents) = tx.object_store(INCIDENTS) else { return };
            if !incidents.index_names().iter().any(|n| n == SETTLED) && incidents.create_index(SETTLED, KeyPath::new_single(SETTLED), None).is_ok() {
                mark_settled(incidents.into(), key);
            }
        });
        request.on_blocked(move |_| blocked());
        meanwhile();
        let raw: web_sys::IdbDatabase = match request.await.map_err(idb_error) {
            Ok(db) => db.into(),
            // Upgraded by a newer build: opened as it is, for that build's start to make read-only (`newer`).
            Err(StoreError::Other(m)) if m.starts_with("IndexedDB VersionError") => factory.open(name, None).map_err(idb_error)?.await.map_err(idb_error)?.into(),
            Err(e) => return Err(e),
        };
        let closing = raw.clone();
        let on_change = Closure::once_into_js(move |_: web_sys::Event| {
            closing.close();
            replaced();
        });
        raw.set_onversionchange(Some(on_change.unchecked_ref()));
        Ok(IdbStore { db: Database::from(raw) })
    }

    /// Deletes the database `name` (tests; later the migration's undo).
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        let factory = Factory::new().map_err(|_| StoreError::Unavailable)?;
        factory.delete(name).map_err(idb_error)?.await.map_err(idb_error)
    }

    pub fn name(&self) -> String {
        self.db.name()
    }

    /// The database's version when a newer build upgraded it past this one's: this
    /// build then only reads (its writes could lack what that build keeps).
    pub fn newer(&self) -> Option<u32> {
        self.db.version().ok().filter(|v| *v > VERSION)
    }

    pub fn close(&self) {
        self.db.close();
    }

    /// The database's object stores (to check the layout).
    pub fn store_names(&self) -> Vec<String> {
        self.db.store_names()
    }

    pub(super) fn transaction(&self, stores: &[&str], mode: TransactionMode) -> Result<idb::Transaction, StoreError> {
        self.db.transaction(stores, mode).map_err(idb_error)
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

/// Whether a stored summary marks its record settled (`Summary::settled`, in step
/// with the `count` stored beside it); one that cannot be read is not.
pub(super) fn settled_mark(key: Option<&Key>, summary: &str, count: usize) -> u8 {
    let summary = super::codec::open_summary(key, summary);
    u8::from(summary.is_some_and(|s| s.settled() && s.stands_in(count)))
}

/// Marks every record written before version 2, in the upgrade's transaction: the
/// records are read at once and put back with their mark when they arrive (a
/// record of another shape is left as it is; the start reads its log and sets it
/// aside if it cannot be read).
fn mark_settled(store: web_sys::IdbObjectStore, key: Option<Key>) {
    // A request that fails (a put refused for want of space) would abort the whole upgrade,
    // and the database would not open: its error is let go, the record left unmarked.
    let forgive = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| e.prevent_default()).into_js_value();
    let (Ok(keys), Ok(values)) = (store.get_all_keys(), store.get_all()) else { return };
    keys.set_onerror(Some(forgive.unchecked_ref()));
    values.set_onerror(Some(forgive.unchecked_ref()));
    let arrived = values.clone();
    let on_values = Closure::once_into_js(move |_: web_sys::Event| {
        // Requests of one transaction succeed in order: the keys are in.
        let (Ok(keys), Ok(values)) = (keys.result(), arrived.result()) else { return };
        let (keys, values): (Array, Array) = (keys.unchecked_into(), values.unchecked_into());
        for (k, value) in keys.iter().zip(values.iter()) {
            let (Ok(summary), Ok(count)) = (text(&value, "summary"), number(&value, "count")) else { continue };
            if !value.is_object() {
                continue;
            }
            set(value.unchecked_ref(), SETTLED, &f64::from(settled_mark(key.as_ref(), &summary, count)).into());
            if let Ok(put) = store.put_with_key(&value, &k) {
                put.set_onerror(Some(forgive.unchecked_ref()));
            }
        }
    });
    values.set_onsuccess(Some(on_values.unchecked_ref()));
}
