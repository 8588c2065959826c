//! Browser tests of the `settled` mark (IndexedDB version 2): a database written
//! by version 1 is marked in its upgrade, the start leaves the settled incidents
//! out, `read_settled` brings them after the first screen, and a record that
//! carries no mark is read in full rather than lost; a database a newer build
//! upgraded is opened as it is and only read.
#![cfg(target_arch = "wasm32")]

use incident_desk::desk::port::{Change, Summary};
use incident_desk::domain::events::facts::PhenomenonKind;
use incident_desk::domain::incidents::integrity::{self, Integrity};
use incident_desk::domain::reports::stats::Figures;
use incident_desk::domain::Incident;
use incident_desk::store::idb;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod idb_common;
use idb_common::*;

fn figures() -> Figures {
    Figures { phenomenon: PhenomenonKind::Data, on_time: 2, late: 0, missed: 1 }
}

/// The record the engine keeps beside a log, as version 1 wrote it (no mark).
fn record_of(incident: &Incident, figures: Option<Figures>) -> Object {
    let mut summary = Summary::of(incident);
    summary.figures = figures;
    let r = Object::new();
    let fields: [(&str, JsValue); 4] = [
        ("id", incident.id().into()),
        ("summary", serde_json::to_string(&summary).unwrap().into()),
        ("count", (incident.events().len() as f64).into()),
        ("head", integrity::final_hash(incident).into()),
    ];
    for (k, v) in fields {
        Reflect::set(&r, &k.into(), &v).unwrap();
    }
    r
}

/// Writes `incident`'s log and `record` straight into the database at `version`
/// (creating the five stores of version 1 if it is new), as an older build did.
async fn plant(name: &str, version: Option<u32>, incident: &Incident, record: &Object) {
    let factory = ::idb::Factory::new().unwrap();
    let mut request = factory.open(name, version).unwrap();
    request.on_upgrade_needed(|event| {
        use ::idb::DatabaseEvent;
        let db = event.database().unwrap();
        let names = db.store_names();
        for store in [idb::EVENTS, idb::INCIDENTS, idb::DOCUMENTS, idb::SETTINGS, idb::QUARANTINE] {
            if !names.iter().any(|n| n == store) {
                db.create_object_store(store, ::idb::ObjectStoreParams::new()).unwrap();
            }
        }
    });
    let db = request.await.unwrap();
    let tx = db.transaction(&[idb::EVENTS, idb::INCIDENTS], ::idb::TransactionMode::ReadWrite).unwrap();
    let events = tx.object_store(idb::EVENTS).unwrap();
    for (n, (e, link)) in incident.events().iter().zip(integrity::chain(incident)).enumerate() {
        let value = Object::new();
        Reflect::set(&value, &"event".into(), &serde_json::to_string(e).unwrap().into()).unwrap();
        Reflect::set(&value, &"link".into(), &link.into()).unwrap();
        let key = js_sys::Array::of2(&incident.id().into(), &(n as u32).into());
        events.put(&value, Some(&key.into())).unwrap();
    }
    tx.object_store(idb::INCIDENTS).unwrap().put(record, Some(&incident.id().into())).unwrap();
    assert!(tx.await.unwrap().is_committed());
    db.close();
}

/// Each stored record's mark, by incident id (`None`: no mark).
async fn marks(name: &str) -> Vec<(String, Option<f64>)> {
    let factory = ::idb::Factory::new().unwrap();
    let db = factory.open(name, None).unwrap().await.unwrap();
    let tx = db.transaction(&[idb::INCIDENTS], ::idb::TransactionMode::ReadOnly).unwrap();
    let store = tx.object_store(idb::INCIDENTS).unwrap();
    assert!(store.index_names().iter().any(|n| n == idb::SETTLED), "the index is there");
    let values = store.get_all(None, None).unwrap().await.unwrap();
    db.close();
    let mut found: Vec<(String, Option<f64>)> = values
        .iter()
        .map(|v| (Reflect::get(v, &"id".into()).unwrap().as_string().unwrap(), Reflect::get(v, &idb::SETTLED.into()).unwrap().as_f64()))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The settled summaries `read_settled` hands over, and whatever came with them.
async fn settled_after_start(s: &mut Box<dyn incident_desk::desk::port::Store>) -> (Vec<Summary>, Vec<Change>) {
    s.read_settled();
    let mut others = Vec::new();
    for _ in 0..100 {
        for change in s.changes() {
            match change {
                Change::Settled(list) => return (list, others),
                other => others.push(other),
            }
        }
        sleep(50).await;
    }
    panic!("the settled summaries never came; heard {others:?}");
}

#[wasm_bindgen_test]
async fn a_version_one_database_is_marked_on_upgrade_and_its_settled_incidents_come_after_the_start() {
    clear_local();
    let name = fresh("settled-upgrade");
    // Given a database of version 1: one settled incident, one in progress, one closed without figures
    let settled = closed(&incident("s1", "已结束并有统计", 5));
    let open_one = incident("o1", "处置中", 4);
    let bare = closed(&incident("c1", "已结束无统计", 3));
    plant(&name, Some(1), &settled, &record_of(&settled, Some(figures()))).await;
    plant(&name, None, &open_one, &record_of(&open_one, None)).await;
    plant(&name, None, &bare, &record_of(&bare, None)).await;
    // When this build starts on it
    let (mut s, loaded) = open_shelved(&name).await;
    // Then the upgrade marked each record: only the closed one with its figures is settled
    assert_eq!(marks(&name).await, vec![("c1".into(), Some(0.0)), ("o1".into(), Some(0.0)), ("s1".into(), Some(1.0))]);
    // The start read what the first screen needs and left the settled one for later
    assert!(loaded.settling);
    assert_eq!(loaded.shelved.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["o1"]);
    assert_eq!(loaded.incidents, vec![bare.clone()], "no figures: read in full, as before");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    // And after the first screen it arrives as its summary, figures and all
    let (later, others) = settled_after_start(&mut s).await;
    assert!(others.is_empty(), "{others:?}");
    assert_eq!(later.len(), 1);
    assert_eq!((later[0].id.as_str(), later[0].events, later[0].closed, later[0].figures.clone()), ("s1", 7, true, Some(figures())));
    // Its log, asked for, is the one stored, its chain intact
    s.fetch(&["s1".to_string()]);
    assert_eq!(first_changes(&mut s).await, vec![Change::Incident("s1".into())]);
    assert_eq!(s.load_incident("s1").unwrap().as_ref(), Some(&settled));
    let chain = s.take_chain("s1").unwrap();
    assert_eq!(s.check_chain(&settled, &chain), Integrity::Intact);
    drop(s);
    // The next start finds the database marked already: the same split
    let (_s, loaded) = open_shelved(&name).await;
    assert!(loaded.settling);
    assert_eq!(loaded.shelved.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["o1"]);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_record_without_its_mark_is_read_in_full_after_the_start_or_set_aside() {
    clear_local();
    let name = fresh("settled-unmarked");
    // Given a database of this version, and two records another writer put without the mark:
    // a settled incident with its log, and a record whose log is not there
    store_one(&name, &incident("o2", "处置中", 3)).await;
    let unmarked = closed(&incident("u1", "无标记", 4));
    plant(&name, None, &unmarked, &record_of(&unmarked, Some(figures()))).await;
    let orphan = incident("z9", "无事件记录", 2);
    let factory = ::idb::Factory::new().unwrap();
    let db = factory.open(&name, None).unwrap().await.unwrap();
    let tx = db.transaction(&[idb::INCIDENTS], ::idb::TransactionMode::ReadWrite).unwrap();
    tx.object_store(idb::INCIDENTS).unwrap().put(&record_of(&orphan, None), Some(&"z9".into())).unwrap();
    assert!(tx.await.unwrap().is_committed());
    db.close();
    // When the app starts: neither is among the records the start reads
    let (mut s, loaded) = open_shelved(&name).await;
    assert!(loaded.settling);
    assert_eq!(loaded.shelved.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["o2"]);
    // Then, after the first screen, the one with a log is read in full, and the other
    // is reported and kept aside, not taken for absent
    let (later, others) = settled_after_start(&mut s).await;
    assert!(later.is_empty(), "{later:?}");
    assert!(others.contains(&Change::Incident("u1".into())), "{others:?}");
    assert_eq!(s.load_incident("u1").unwrap().as_ref(), Some(&unmarked));
    assert!(
        others.iter().any(|c| matches!(c, Change::Unreadable { id, problem: Some(_) } if id == "z9")),
        "{others:?}"
    );
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_database_a_newer_build_upgraded_is_read_but_not_written() {
    clear_local();
    let name = fresh("settled-newer-version");
    // Given a database this build wrote, then upgraded by a newer build (version 99)
    let a = incident("v1", "新版本升级前", 3);
    store_one(&name, &a).await;
    let factory = ::idb::Factory::new().unwrap();
    factory.open(&name, Some(99)).unwrap().await.unwrap().close();
    // When this build starts on it: not refused as unavailable (that would show an empty
    // list on localStorage), but opened as it is, everything shown, read-only
    let (mut s, loaded) = open(&name).await;
    assert_eq!(loaded.blocked, Some(incident_desk::desk::port::StoreError::NewerSchema(99)));
    assert_eq!(loaded.incidents, vec![a.clone()], "still shown");
    let refused = s.append(&with_note(&a, 3, 0, "不应写入"), &[]);
    assert!(matches!(refused, incident_desk::desk::port::Receipt::Failed(incident_desk::desk::port::StoreError::NewerSchema(99))), "{refused:?}");
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_database_without_the_index_is_read_whole_at_start() {
    clear_local();
    let name = fresh("settled-no-index");
    // Given a database of version 2 whose upgrade did not make the index
    let settled = closed(&incident("s3", "已结束并有统计", 4));
    let open_one = incident("o3", "处置中", 3);
    plant(&name, Some(2), &settled, &record_of(&settled, Some(figures()))).await;
    plant(&name, None, &open_one, &record_of(&open_one, None)).await;
    // When the app starts: every record is read at start, as before version 2, none left to come
    let (_s, loaded) = open_shelved(&name).await;
    assert!(!loaded.settling);
    assert!(loaded.problems.is_empty() && loaded.blocked.is_none(), "{:?} {:?}", loaded.problems, loaded.blocked);
    let mut ids: Vec<&str> = loaded.shelved.iter().map(|s| s.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["o3", "s3"]);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_settled_log_written_again_unchanged_stays_settled() {
    clear_local();
    let name = fresh("settled-reseal");
    // Given a settled incident stored by an earlier session (its figures in the summary)
    let settled = closed(&incident("s4", "已结束并有统计", 4));
    plant(&name, Some(1), &settled, &record_of(&settled, Some(figures()))).await;
    let (mut s, mut loaded) = open_shelved(&name).await;
    read_in(&mut s, &mut loaded).await;
    assert_eq!(loaded.incidents, vec![settled.clone()]);
    // When this session writes it again unchanged under a key (the lock turned on), with no figures handed over
    s.set_key(Some([7u8; 32]));
    s.append(&settled, &[]);
    assert_eq!(confirmed(&mut s, 1).await, vec![Ok(None)]);
    drop(s);
    // Then it is still marked settled, with the figures it had
    assert_eq!(marks(&name).await, vec![("s4".into(), Some(1.0))]);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn sealed_summaries_are_marked_with_the_key_and_come_after_the_start_opened() {
    clear_local();
    let name = fresh("settled-sealed");
    let key = [9u8; 32];
    // Given a database of version 1 written under the lock: the settled incident's summary sealed
    let settled = closed(&incident("s5", "加密的已结束事件", 4));
    let record = record_of(&settled, Some(figures()));
    let plain = Reflect::get(&record, &"summary".into()).unwrap().as_string().unwrap();
    let sealed = incident_desk::store::codec::seal_value(Some(&key), [3u8; 12], plain);
    Reflect::set(&record, &"summary".into(), &sealed.clone().into()).unwrap();
    plant(&name, Some(1), &settled, &record).await;
    // When this build starts with the key: the upgrade opens the summary to mark it
    incident_desk::store::lock::set_key(Some(key));
    let (mut s, loaded) = open_shelved(&name).await;
    assert_eq!(marks(&name).await, vec![("s5".into(), Some(1.0))]);
    assert!(loaded.settling && loaded.shelved.is_empty());
    // Then its summary, opened with the key, arrives after the first screen; the stored one stays sealed
    let (later, others) = settled_after_start(&mut s).await;
    assert!(others.is_empty(), "{others:?}");
    assert_eq!(later.iter().map(|s| (s.id.as_str(), s.title.as_str())).collect::<Vec<_>>(), vec![("s5", "加密的已结束事件")]);
    incident_desk::store::lock::set_key(None);
    let db = incident_desk::store::idb::IdbStore::open(&name).await.unwrap();
    assert_eq!(db.incident("s5").await.unwrap().map(|r| r.summary), Some(sealed));
    db.close();
    delete(&name).await;
}
