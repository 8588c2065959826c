//! Browser tests of the IndexedDB engine (`store::idb`), in headless Chromium.
//! Run like `make test-wasm` with `--test idb`. Each test opens a database of
//! its own name and deletes it at the end.
#![cfg(target_arch = "wasm32")]

use incident_desk::desk::port::StoreError;
use incident_desk::domain::incidents::integrity::{self, Integrity};
use incident_desk::domain::{Event, EventKind, Incident};
use incident_desk::store::idb::{self, IdbStore, IncidentRecord};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod idb_common;
use idb_common::{event, fresh, incident, now};

fn summary(incident: &Incident, upto: usize) -> String {
    serde_json::json!({ "title": incident.state().facts.title, "events": upto }).to_string()
}

fn json(events: &[Event]) -> Vec<String> {
    events.iter().map(|e| serde_json::to_string(e).unwrap()).collect()
}

/// Appends `incident`'s events in actions ending at each of `cuts`.
async fn append_in_actions(db: &IdbStore, incident: &Incident, cuts: &[usize]) {
    let chain = integrity::chain(incident);
    let mut from = 0;
    for &to in cuts {
        let events = &incident.events()[from..to];
        db.append_events(incident.id(), from, json(events), chain[from..to].to_vec(), summary(incident, to)).await.unwrap();
        from = to;
    }
}

/// One incident's log read back with its stored chain: `None` if absent.
async fn load_incident(db: &IdbStore, id: &str) -> Option<(Incident, Vec<String>)> {
    let raw = db.read_log(id).await.unwrap();
    if raw.record.is_none() && raw.events.is_empty() {
        return None;
    }
    let decoded = incident_desk::store::idb_read::decode_log(id, &raw, None).unwrap();
    Some((decoded.incident, decoded.links))
}

async fn close_and_delete(db: IdbStore) {
    let name = db.name();
    db.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_fresh_database_has_its_five_object_stores() {
    let name = fresh("layout");
    let db = IdbStore::open(&name).await.unwrap();
    let mut names = db.store_names();
    names.sort();
    assert_eq!(names, ["documents", "events", "incidents", "quarantine", "settings"]);
    assert_eq!(db.summaries().await.unwrap(), vec![]);
    assert_eq!(db.events("nothing").await.unwrap(), vec![]);
    assert_eq!(load_incident(&db, "nothing").await, None);
    // Opened again: the same database, no upgrade, nothing lost.
    db.close();
    let db = IdbStore::open(&name).await.unwrap();
    assert_eq!(db.store_names().len(), 5);
    close_and_delete(db).await;
}

#[wasm_bindgen_test]
async fn a_hundred_events_appended_in_actions_read_back_equal_and_in_order() {
    let db = IdbStore::open(&fresh("hundred")).await.unwrap();
    let a = incident("a1", "郑商所出入金中断", 100);
    // Positions 2, 10 and 11 sort before 9 as text: the key keeps them numeric.
    append_in_actions(&db, &a, &[1, 2, 9, 10, 11, 40, 99, 100]).await;

    let stored = db.events("a1").await.unwrap();
    assert_eq!(stored.len(), 100);
    let written = json(a.events());
    for (n, (got, want)) in stored.iter().zip(&written).enumerate() {
        assert_eq!(&got.json, want, "event {n}: the same JSON as the app stores today");
    }
    let (loaded, links) = load_incident(&db, "a1").await.unwrap();
    assert_eq!(loaded, a);
    assert_eq!(links, integrity::chain(&a));
    let record = db.incident("a1").await.unwrap().unwrap();
    assert_eq!(record, IncidentRecord { id: "a1".into(), summary: summary(&a, 100), count: 100, head: integrity::final_hash(&a) });
    close_and_delete(db).await;
}

#[wasm_bindgen_test]
async fn the_chain_over_the_events_read_back_is_the_one_computed_before_writing() {
    let db = IdbStore::open(&fresh("chain")).await.unwrap();
    let a = incident("c1", "结算系统故障", 60);
    let before = integrity::chain(&a);
    append_in_actions(&db, &a, &[1, 30, 60]).await;
    let (loaded, saved) = load_incident(&db, "c1").await.unwrap();
    assert_eq!(integrity::chain(&loaded), before);
    assert_eq!(integrity::verify(&loaded, &saved), Integrity::Intact);
    // The chain goes on from the stored head: one more event hashes only itself.
    let mut longer = a.clone();
    longer.append(event("c1", 60, now(), EventKind::Note { text: "恢复".into(), major: false })).unwrap();
    let next = integrity::continue_chain(&longer, &saved);
    db.append_events("c1", 60, json(&longer.events()[60..]), next[60..].to_vec(), summary(&longer, 61)).await.unwrap();
    let (loaded, saved) = load_incident(&db, "c1").await.unwrap();
    assert_eq!(loaded, longer);
    assert_eq!(saved, integrity::chain(&longer));
    close_and_delete(db).await;
}

#[wasm_bindgen_test]
async fn summaries_are_listed_without_reading_any_event() {
    let db = IdbStore::open(&fresh("summaries")).await.unwrap();
    let (b, a, c) = (incident("b2", "乙", 5), incident("a1", "甲", 3), incident("c3", "丙", 8));
    for i in [&b, &a, &c] {
        append_in_actions(&db, i, &[1, i.events().len()]).await;
    }
    // The events store emptied behind the engine's back: the list does not change.
    clear(&db, idb::EVENTS).await;
    assert_eq!(db.events("a1").await.unwrap(), vec![]);
    let list = db.summaries().await.unwrap();
    let ids: Vec<_> = list.iter().map(|r| (r.id.as_str(), r.count)).collect();
    assert_eq!(ids, [("a1", 3), ("b2", 5), ("c3", 8)]);
    assert_eq!(list[1].summary, summary(&b, 5));
    assert_eq!(list[2].head, integrity::final_hash(&c));
    close_and_delete(db).await;
}

#[wasm_bindgen_test]
async fn a_summary_record_of_another_shape_fails_the_whole_read_and_extra_fields_do_not() {
    // Given one record written by this build and one planted beside it with an extra field
    let db = IdbStore::open(&fresh("summary-shapes")).await.unwrap();
    let a = incident("a1", "甲", 3);
    append_in_actions(&db, &a, &[3]).await;
    let record = |count: &wasm_bindgen::JsValue, head: Option<&str>| {
        let r = js_sys::Object::new();
        for (k, v) in [("id", "z9".into()), ("summary", "{}".into()), ("count", count.clone()), ("later", "字段".into())] {
            js_sys::Reflect::set(&r, &k.into(), &v).unwrap();
        }
        if let Some(h) = head {
            js_sys::Reflect::set(&r, &"head".into(), &h.into()).unwrap();
        }
        r
    };
    plant_record(&db, "z9", &record(&4.into(), Some("abc"))).await;
    // Then both are read, each field as stored
    let list = db.summaries().await.unwrap();
    assert_eq!(list.iter().map(|r| (r.id.as_str(), r.count, r.head.as_str())).collect::<Vec<_>>(), [("a1", 3, integrity::final_hash(&a).as_str()), ("z9", 4, "abc")]);
    // And a count that is no whole number, or a missing head, fails the read (nothing is guessed)
    for bad in [record(&"4".into(), Some("abc")), record(&4.5.into(), Some("abc")), record(&4.into(), None)] {
        plant_record(&db, "z9", &bad).await;
        assert!(db.summaries().await.is_err());
    }
    close_and_delete(db).await;
}

/// Puts `record` as incident `id`'s record through a connection of its own.
async fn plant_record(db: &IdbStore, id: &str, record: &js_sys::Object) {
    let factory = ::idb::Factory::new().unwrap();
    let other = factory.open(&db.name(), None).unwrap().await.unwrap();
    let tx = other.transaction(&[idb::INCIDENTS], ::idb::TransactionMode::ReadWrite).unwrap();
    tx.object_store(idb::INCIDENTS).unwrap().put(record, Some(&id.into())).unwrap();
    assert!(tx.await.unwrap().is_committed());
    other.close();
}

/// Clears one object store through a second connection to the same database.
async fn clear(db: &IdbStore, store: &str) {
    let other = IdbStore::open(&db.name()).await.unwrap();
    other.clear(store).await.unwrap();
    other.close();
}

/// Writes one event record at `[id, position]` through a connection of its own,
/// as another tab (or an older build) could have.
async fn plant(db: &IdbStore, id: &str, position: u32) {
    let factory = ::idb::Factory::new().unwrap();
    let other = factory.open(&db.name(), None).unwrap().await.unwrap();
    let tx = other.transaction(&[idb::EVENTS], ::idb::TransactionMode::ReadWrite).unwrap();
    let key = js_sys::Array::of2(&id.into(), &position.into());
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"event".into(), &"{}".into()).unwrap();
    js_sys::Reflect::set(&record, &"link".into(), &"".into()).unwrap();
    tx.object_store(idb::EVENTS).unwrap().put(&record, Some(&key)).unwrap();
    assert!(tx.await.unwrap().is_committed());
    other.close();
}

#[wasm_bindgen_test]
async fn an_appended_batch_is_all_or_nothing() {
    let db = IdbStore::open(&fresh("atomic")).await.unwrap();
    let a = incident("a1", "甲", 20);
    let chain = integrity::chain(&a);
    append_in_actions(&db, &a, &[10]).await;
    // Position 15 taken behind the engine's back: the batch 10..20 fails inside
    // its transaction after five events were written.
    plant(&db, "a1", 15).await;
    let err = db.append_events("a1", 10, json(&a.events()[10..]), chain[10..].to_vec(), summary(&a, 20)).await;
    assert!(matches!(&err, Err(StoreError::Other(m)) if m.contains("ConstraintError")), "{err:?}");
    let stored = db.events("a1").await.unwrap();
    assert_eq!(stored.len(), 11, "the ten appended and the planted one, none of the batch");
    assert_eq!(stored[..10].iter().map(|e| e.json.clone()).collect::<Vec<_>>(), json(&a.events()[..10]));
    assert_eq!(stored[10].json, "{}");
    let record = db.incident("a1").await.unwrap().unwrap();
    assert_eq!((record.count, record.summary.clone(), record.head.clone()), (10, summary(&a, 10), chain[9].clone()));
    close_and_delete(db).await;
}

#[wasm_bindgen_test]
async fn an_append_at_the_wrong_position_is_refused_and_writes_nothing() {
    let db = IdbStore::open(&fresh("position")).await.unwrap();
    let a = incident("a1", "甲", 20);
    let chain = integrity::chain(&a);
    append_in_actions(&db, &a, &[10]).await;
    // Behind what is stored (a stale tab), ahead of it (a gap), links missing.
    let behind = db.append_events("a1", 5, json(&a.events()[10..20]), chain[10..20].to_vec(), summary(&a, 15)).await;
    assert!(matches!(&behind, Err(StoreError::Other(m)) if m.contains("holds 10 events")), "{behind:?}");
    assert!(db.append_events("a1", 12, json(&a.events()[12..]), chain[12..].to_vec(), summary(&a, 20)).await.is_err());
    assert!(db.append_events("a1", 10, json(&a.events()[10..12]), vec![], summary(&a, 12)).await.is_err());
    assert!(db.append_events("b2", 3, json(&a.events()[..1]), chain[..1].to_vec(), summary(&a, 1)).await.is_err());
    assert_eq!(db.events("a1").await.unwrap().len(), 10);
    assert_eq!(db.events("b2").await.unwrap(), vec![]);
    assert_eq!(db.summaries().await.unwrap().len(), 1);
    // The right position goes through.
    db.append_events("a1", 10, json(&a.events()[10..]), chain[10..].to_vec(), summary(&a, 20)).await.unwrap();
    assert_eq!(load_incident(&db, "a1").await.unwrap().0, a);
    close_and_delete(db).await;
}

#[wasm_bindgen_test]
async fn documents_and_settings_keep_their_json() {
    let db = IdbStore::open(&fresh("documents")).await.unwrap();
    assert_eq!(db.document("plans").await.unwrap(), None);
    db.put_document("plans", r#"{"schema":2,"data":[]}"#).await.unwrap();
    db.put_document("directory", r#"{"schema":2,"data":{"contacts":["张三"]}}"#).await.unwrap();
    db.put_setting("language", r#""en""#).await.unwrap();
    db.put_document("plans", r#"{"schema":2,"data":[1]}"#).await.unwrap();
    assert_eq!(db.document("plans").await.unwrap().as_deref(), Some(r#"{"schema":2,"data":[1]}"#));
    assert_eq!(db.document("directory").await.unwrap().as_deref(), Some(r#"{"schema":2,"data":{"contacts":["张三"]}}"#));
    assert_eq!(db.setting("language").await.unwrap().as_deref(), Some(r#""en""#));
    assert_eq!(db.setting("plans").await.unwrap(), None);
    close_and_delete(db).await;
}

#[wasm_bindgen_test]
fn a_full_quota_is_the_store_being_full() {
    let quota = web_sys::DomException::new_with_message_and_name("over quota", "QuotaExceededError").unwrap();
    assert_eq!(idb::classify(quota.unchecked_ref()), StoreError::Full);
    let other = web_sys::DomException::new_with_message_and_name("key exists", "ConstraintError").unwrap();
    assert_eq!(idb::classify(other.unchecked_ref()), StoreError::Other("IndexedDB ConstraintError: key exists".into()));
}
