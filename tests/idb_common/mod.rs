//! What the IndexedDB browser tests share: incidents to store, fresh database names.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use incident_desk::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use incident_desk::desk::port::{Change, Loaded, Receipt, Store, StoreError};
use incident_desk::domain::{Author, Event, EventKind, Incident};
use incident_desk::store::idb::IdbStore;
use incident_desk::store::migrate::Stop;
use incident_desk::store::start::open_store;

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap()
}

/// A database name no other test (or earlier run) uses.
pub fn fresh(test: &str) -> String {
    format!("incident-desk-test-{test}-{}", (js_sys::Math::random() * 1e12) as u64)
}

pub fn event(id: &str, n: usize, at: DateTime<Utc>, kind: EventKind) -> Event {
    Event {
        id: format!("{id}-e{n}"),
        occurred_at: at,
        recorded_at: at,
        author: Author { name: "测试".into(), role: "值班".into() },
        kind,
    }
}

/// An incident of `len` events: opened, then notes a minute apart.
pub fn incident(id: &str, title: &str, len: usize) -> Incident {
    let started = now() - Duration::minutes(len as i64 + 20);
    let facts = IncidentFacts {
        title: title.into(),
        description: "<b>不应被当作标记</b> \"引号\" \\ 反斜杠".into(),
        discovered_at: started,
        started_at: started,
        period: Period::EndOfDay,
        phenomenon: Phenomenon { kind: PhenomenonKind::Data, subcategory: String::new() },
        affected: vec![],
        parties: String::new(),
        bank_caused: Answer::No,
        reporting_unit: "测试分行".into(),
        reporter: "测试".into(),
        next_start_affected: Answer::Yes,
    };
    let opened = EventKind::Opened { facts, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    let mut incident = Incident::open(id.into(), event(id, 0, started, opened)).unwrap();
    for n in 1..len {
        let note = EventKind::Note { text: format!("第{n}条处置记录：已电话通知郑商所"), major: n % 10 == 0 };
        incident.append(event(id, n, started + Duration::minutes(n as i64), note)).unwrap();
    }
    incident
}


pub fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

pub fn local_keys() -> Vec<String> {
    let s = local();
    (0..s.length().unwrap()).filter_map(|i| s.key(i).unwrap()).filter(|k| k.starts_with("incident-desk:")).collect()
}

pub fn clear_local() {
    for k in local_keys() {
        local().remove_item(&k).unwrap();
    }
    incident_desk::store::lock::set_key(None);
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The store as the desk has it once every log is read in: what the start loaded,
/// plus the shelved logs, fetched as the desk asks for them after the first screen.
pub async fn open(name: &str) -> (Box<dyn Store>, Loaded) {
    let (mut store, mut loaded) = open_shelved(name).await;
    read_in(&mut store, &mut loaded).await;
    (store, loaded)
}

/// The store as the start leaves it: summaries on the shelf, their logs not read.
pub async fn open_shelved(name: &str) -> (Box<dyn Store>, Loaded) {
    let mut store = open_store(name, Stop::Never, |_| {}).await;
    let loaded = store.load();
    (store, loaded)
}

/// Fetches every shelved log into `loaded` (waits up to 5 s): each as an incident
/// with its stored chain, or, unreadable, as a problem. The settled summaries left
/// out at start are asked for first, as the desk does after the first screen, and
/// their logs fetched in turn.
pub async fn read_in(store: &mut Box<dyn Store>, loaded: &mut Loaded) {
    let mut waiting: Vec<String> = loaded.shelved.drain(..).map(|s| s.id).collect();
    let mut settling = std::mem::take(&mut loaded.settling);
    if settling {
        store.read_settled();
    }
    store.fetch(&waiting);
    for _ in 0..100 {
        for change in store.changes() {
            match change {
                Change::Settled(summaries) => {
                    settling = false;
                    let ids: Vec<String> = summaries.into_iter().map(|s| s.id).collect();
                    store.fetch(&ids);
                    waiting.extend(ids);
                }
                // One left out at start whose summary could not stand in is read in full unasked.
                Change::Incident(id) if waiting.contains(&id) || settling => {
                    waiting.retain(|w| *w != id);
                    let incident = store.load_incident(&id).unwrap().expect("a fetched log arrives");
                    loaded.chains.push((id.clone(), store.take_chain(&id).expect("with its chain")));
                    loaded.incidents.push(incident);
                }
                Change::Unreadable { id, problem } if waiting.contains(&id) || settling => {
                    waiting.retain(|w| *w != id);
                    loaded.problems.extend(problem);
                }
                _ => {}
            }
        }
        if waiting.is_empty() && !settling {
            break;
        }
        sleep(50).await;
    }
    assert!(waiting.is_empty() && !settling, "never arrived: {waiting:?} (settled summaries still coming: {settling})");
    loaded.incidents.sort_by_key(|i| i.events()[0].recorded_at);
}

/// The first changes the store hands over (waits up to 2 s).
pub async fn first_changes(store: &mut Box<dyn Store>) -> Vec<Change> {
    for _ in 0..40 {
        let heard = store.changes();
        if !heard.is_empty() {
            return heard;
        }
        sleep(50).await;
    }
    Vec::new()
}

/// The engine's answers to `n` queued appends (waits up to 5 s).
/// `Ok(None)`: written as handed over; `Ok(Some(log))`: written after taking in what was stored.
pub async fn confirmed(store: &mut Box<dyn Store>, n: usize) -> Vec<Result<Option<Incident>, StoreError>> {
    let mut got = Vec::new();
    for _ in 0..100 {
        got.extend(store.confirmations().into_iter().map(|c| c.result));
        if got.len() >= n {
            break;
        }
        sleep(50).await;
    }
    got
}

/// `incident` restored and closed a minute ago.
pub fn closed(incident: &Incident) -> Incident {
    let mut c = incident.clone();
    let n = c.events().len();
    let at = now() - Duration::minutes(1);
    c.append(event(incident.id(), n, at, EventKind::ServiceRestored { note: String::new() })).unwrap();
    c.append(event(incident.id(), n + 1, at, EventKind::Closed { note: String::new() })).unwrap();
    assert!(c.state().closed);
    c
}

/// Stores `incident` through the app's store on database `name`, confirmed, and lets go of it.
pub async fn store_one(name: &str, incident: &Incident) {
    let (mut s, _) = open(name).await;
    s.append(incident, &[]);
    assert_eq!(confirmed(&mut s, 1).await, vec![Ok(None)]);
}

pub fn with_note(incident: &Incident, n: usize, minutes_ago: i64, text: &str) -> Incident {
    let mut longer = incident.clone();
    let at = now() - Duration::minutes(minutes_ago);
    longer.append(event(incident.id(), n, at, EventKind::Note { text: text.into(), major: false })).unwrap();
    longer
}

pub async fn delete(name: &str) {
    let _ = IdbStore::delete(name).await;
}

/// Writes `incident` into localStorage as the earlier build did (one key, schema 2, the chain).
pub fn plant_local(incident: &Incident, key: Option<[u8; 32]>) {
    let mut records = incident_desk::store::records::Records::new(incident_desk::store::local::LocalBackend, key);
    assert!(matches!(records.append(incident, &[]), Receipt::Written(_)));
}

