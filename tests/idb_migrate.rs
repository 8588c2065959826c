//! Browser tests of the move from localStorage into IndexedDB at the first start
//! of this version (`store::migrate`), interrupted and resumed, sealed and altered.
#![cfg(target_arch = "wasm32")]

use incident_desk::domain::incidents::integrity::Integrity;
use incident_desk::domain::Incident;
use incident_desk::store::idb::IdbStore;
use incident_desk::store::migrate::Stop;
use incident_desk::store::start::open_store;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod idb_common;
use idb_common::*;

#[wasm_bindgen_test]
async fn the_migration_stopped_halfway_loses_nothing_and_the_next_start_finishes_it() {
    clear_local();
    let name = fresh("engine-migrate");
    let incidents: Vec<Incident> = (0..4).map(|n| incident(&format!("m{n}"), &format!("迁移{n}"), 10 + n)).collect();
    for i in &incidents {
        plant_local(i, None);
    }
    // A schema-1 record (before the chain existed), and an entry quarantined earlier.
    let old = incident("m9", "旧格式", 6);
    let schema1 = serde_json::json!({ "schema": 1, "data": serde_json::to_value(&old).unwrap() }).to_string();
    local().set_item("incident-desk:incident:m9", &schema1).unwrap();
    local().set_item("incident-desk:quarantine:incident:qq", "not json at all").unwrap();

    // The tab closed after one incident was moved.
    let mut s = open_store(&name, Stop::After(1), |_| {}).await;
    // (Moved in, it starts as its summary, like any stored incident.)
    let loaded = s.load();
    assert_eq!(loaded.incidents.len() + loaded.shelved.len(), 1);
    let left = local_keys().into_iter().filter(|k| k.starts_with("incident-desk:incident:")).count();
    assert_eq!(left, 4, "only the one moved is gone from localStorage");
    drop(s);
    // Then after the next was written to IndexedDB but before its old copy was removed.
    let mut s = open_store(&name, Stop::BeforeRemoving(0), |_| {}).await;
    let loaded = s.load();
    assert_eq!(loaded.incidents.len() + loaded.shelved.len(), 2);
    assert_eq!(local_keys().into_iter().filter(|k| k.starts_with("incident-desk:incident:")).count(), 4);
    drop(s);
    // The next start finishes: every incident once, chains intact, localStorage emptied of them.
    let (mut s, loaded) = open(&name).await;
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut want = incidents.clone();
    want.push(old.clone());
    want.sort_by_key(|i| i.events()[0].recorded_at);
    assert_eq!(loaded.incidents, want);
    for (id, chain) in &loaded.chains {
        let i = want.iter().find(|i| i.id() == id).unwrap();
        assert_eq!(s.check_chain(i, chain), Integrity::Intact, "{id}");
    }
    assert!(!local_keys().iter().any(|k| k.starts_with("incident-desk:incident:")));
    assert_eq!(local().get_item("incident-desk:quarantine:incident:qq").unwrap().as_deref(), Some("not json at all"), "quarantine untouched");
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_log_altered_before_the_move_is_still_found_altered_after_it() {
    clear_local();
    let name = fresh("engine-tampered");
    let a = incident("x1", "被改动的记录", 8);
    plant_local(&a, None);
    // Edited outside the app: one note's text changed, the chain left as it was.
    let key = "incident-desk:incident:x1";
    let raw = local().get_item(key).unwrap().unwrap();
    local().set_item(key, &raw.replace("第3条处置记录", "第3条被改过的记录")).unwrap();
    let (mut s, loaded) = open(&name).await;
    let (i, chain) = (&loaded.incidents[0], &loaded.chains[0].1);
    assert!(matches!(s.check_chain(i, chain), Integrity::BrokenAt { position: 3, .. }), "{:?}", s.check_chain(i, chain));
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn sealed_records_move_sealed_and_open_with_the_key() {
    clear_local();
    let name = fresh("engine-sealed");
    let key = [7u8; 32];
    let a = incident("s1", "加密的事件标题", 6);
    plant_local(&a, Some(key));
    incident_desk::store::lock::set_key(Some(key));
    let (_, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![a.clone()]);
    let db = IdbStore::open(&name).await.unwrap();
    let raw = db.read_log("s1").await.unwrap();
    assert!(raw.events.values().all(|e| e.as_ref().unwrap().json.contains("\"sealed\"")));
    assert!(!raw.record.as_ref().unwrap().summary.contains("加密的事件标题"));
    db.close();
    // Without the key nothing can be read, and nothing is moved aside or overwritten.
    incident_desk::store::lock::set_key(None);
    let (_, loaded) = open(&name).await;
    assert!(loaded.incidents.is_empty());
    incident_desk::store::lock::set_key(Some(key));
    let (_, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![a]);
    incident_desk::store::lock::set_key(None);
    delete(&name).await;
}

