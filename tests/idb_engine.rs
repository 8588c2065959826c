//! Browser tests of the app's store over IndexedDB as the desk sees it
//! (`store::start::open_store`, the `Store` port): confirmations, two tabs on
//! one database, the migration from localStorage with interruptions, and the
//! faults (a full quota, a corrupt record, a newer layout, a newer version in
//! another tab). Each test uses a database of its own and clears this page's
//! localStorage of the app's keys first.
#![cfg(target_arch = "wasm32")]

use incident_desk::desk::port::{Change, Receipt, StoreError};
use incident_desk::domain::incidents::integrity::{self, Integrity};
use incident_desk::domain::events::facts::PhenomenonKind;
use incident_desk::domain::reports::stats::Figures;
use incident_desk::store::idb::{self, IdbStore};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod idb_common;
use idb_common::*;

#[wasm_bindgen_test]
async fn an_append_is_queued_confirmed_once_written_and_there_after_a_restart() {
    clear_local();
    let name = fresh("engine-confirm");
    let (mut store, loaded) = open(&name).await;
    assert!(loaded.incidents.is_empty() && loaded.problems.is_empty(), "{:?}", loaded.problems);
    let a = incident("a1", "郑商所出入金中断", 30);
    assert_eq!(store.append(&a, &[]), Receipt::Queued);
    assert!(store.confirmations().is_empty(), "nothing is confirmed before the transaction completed");
    assert_eq!(confirmed(&mut store, 1).await, vec![Ok(None)]);
    let b = with_note(&a, 30, 0, "已电话通知大商所");
    assert_eq!(store.append(&b, &[]), Receipt::Queued);
    // The integrity line's head while the entry is being saved: the stored head extended.
    let fresh_head = integrity::chain(&b).pop().unwrap();
    assert_eq!(store.chain_head(&b), fresh_head);
    assert_eq!(confirmed(&mut store, 1).await, vec![Ok(None)]);
    assert_eq!(store.chain_head(&b), fresh_head, "and once stored");
    // A log that does not begin with the stored one is hashed afresh.
    let other = with_note(&incident("a1", "郑商所出入金中断", 2), 2, 0, "另一份");
    assert_eq!(store.chain_head(&other), integrity::chain(&other).pop().unwrap());
    // No incident record in localStorage; the index of ids knows it.
    assert!(!local_keys().iter().any(|k| k.starts_with("incident-desk:incident:")));
    assert!(local().get_item("incident-desk:index").unwrap().unwrap().contains("a1"));
    drop(store);
    let (mut again, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![b.clone()]);
    assert_eq!(loaded.chains, vec![("a1".to_string(), integrity::chain(&b))]);
    assert_eq!(again.check_chain(&b, &loaded.chains[0].1), Integrity::Intact);
    assert_eq!(again.summaries().iter().map(|s| (s.id.clone(), s.events)).collect::<Vec<_>>(), vec![("a1".to_string(), 31)]);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn two_tabs_on_one_database_each_keep_the_others_entries() {
    clear_local();
    let name = fresh("engine-tabs");
    let a = incident("t1", "两个标签页", 5);
    let (mut one, _) = open(&name).await;
    one.append(&a, &[]);
    confirmed(&mut one, 1).await;
    let (mut two, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![a.clone()]);
    // Tab one records; tab two hears of it and reads it back.
    let ours = with_note(&a, 5, 2, "一号标签页");
    one.append(&ours, &[]);
    confirmed(&mut one, 1).await;
    let mut heard = Vec::new();
    for _ in 0..40 {
        heard.extend(two.changes());
        if !heard.is_empty() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(heard, vec![Change::Incident("t1".into())]);
    assert_eq!(two.load_incident("t1").unwrap(), Some(ours.clone()));
    // Tab two records on its stale copy at the same time: its write is refused
    // in the transaction, it merges what is stored, and writes again.
    let theirs = with_note(&a, 6, 1, "二号标签页");
    two.append(&theirs, &[]);
    let got = confirmed(&mut two, 1).await;
    let merged = got[0].clone().unwrap().expect("the stored note was taken in before the write");
    assert_eq!(merged.events().len(), 7, "both notes, once each");
    let (_, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![merged.clone()]);
    assert_eq!(integrity::verify(&merged, &loaded.chains[0].1), Integrity::Intact);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_merge_that_puts_an_earlier_entry_first_rewrites_the_log_from_there() {
    clear_local();
    let name = fresh("engine-reorder");
    let a = incident("r1", "先后顺序", 4);
    let (mut one, _) = open(&name).await;
    let later = with_note(&a, 4, 1, "后记录");
    one.append(&later, &[]);
    confirmed(&mut one, 1).await;
    // Another copy holds an entry recorded before ours: the merged order puts it first.
    let earlier = with_note(&a, 5, 3, "先记录");
    let mut merged = later.clone();
    merged.merge(&earlier);
    assert_eq!(merged.events()[4].id, earlier.events()[4].id, "the earlier entry sorts before ours");
    one.append(&merged, &[]);
    assert_eq!(confirmed(&mut one, 1).await, vec![Ok(None)], "written as handed over: the stored log was the start of it");
    let (_, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![merged.clone()]);
    assert_eq!(loaded.chains[0].1, integrity::chain(&merged));
    delete(&name).await;
}

/// Puts the number 42 (no event's shape) at `id`'s `position`, from another connection.
async fn put_wrong_shape(name: &str, id: &str, position: u32) {
    let factory = ::idb::Factory::new().unwrap();
    let other = factory.open(name, None).unwrap().await.unwrap();
    let tx = other.transaction(&[idb::EVENTS], ::idb::TransactionMode::ReadWrite).unwrap();
    let key = js_sys::Array::of2(&id.into(), &position.into());
    tx.object_store(idb::EVENTS).unwrap().put(&42.into(), Some(&key)).unwrap();
    assert!(tx.await.unwrap().is_committed());
    other.close();
}

#[wasm_bindgen_test]
async fn a_corrupt_record_is_moved_aside_whole_and_the_rest_loads() {
    clear_local();
    let name = fresh("engine-corrupt");
    let (good, bad) = (incident("g1", "完好", 5), incident("b1", "损坏", 5));
    let (mut s, _) = open(&name).await;
    s.append(&good, &[]);
    s.append(&bad, &[]);
    confirmed(&mut s, 2).await;
    drop(s);
    // A record of the wrong shape at b1's position 2.
    put_wrong_shape(&name, "b1", 2).await;
    let (mut s, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![good.clone()]);
    assert!(loaded.problems.iter().any(|p| p.contains("b1") && p.contains("隔离区")), "{:?}", loaded.problems);
    let aside = s.quarantined();
    assert!(aside.iter().any(|(k, raw)| k.contains("b1") && raw.contains("42")), "{aside:?}");
    // Moved, not lost: at the next start it is not reported again as deleted outside the app.
    let (_, loaded) = open(&name).await;
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_newer_layout_makes_the_store_read_only() {
    clear_local();
    let name = fresh("engine-newer");
    let a = incident("n1", "新版本写入", 3);
    let (mut s, _) = open(&name).await;
    s.append(&a, &[]);
    confirmed(&mut s, 1).await;
    drop(s);
    let db = IdbStore::open(&name).await.unwrap();
    db.put_setting("layout", "99").await.unwrap();
    db.close();
    let (mut s, loaded) = open(&name).await;
    assert_eq!(loaded.blocked, Some(StoreError::NewerSchema(99)));
    assert_eq!(loaded.incidents, vec![a.clone()], "still shown");
    assert!(matches!(s.append(&with_note(&a, 3, 0, "不应写入"), &[]), Receipt::Failed(StoreError::NewerSchema(99))));
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_full_quota_refuses_the_action_and_keeps_the_stored_log() {
    clear_local();
    let name = fresh("engine-full");
    let a = incident("q1", "空间已满", 4);
    let (mut s, _) = open(&name).await;
    s.append(&a, &[]);
    confirmed(&mut s, 1).await;
    // Every add refused as over quota while the flag is set.
    let patch = js_sys::Function::new_no_args(
        "if (!IDBObjectStore.prototype.__add) { IDBObjectStore.prototype.__add = IDBObjectStore.prototype.add;
           IDBObjectStore.prototype.add = function (...a) { if (self.__full) throw new DOMException('over quota', 'QuotaExceededError'); return this.__add(...a); }; }
         self.__full = true;",
    );
    patch.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let b = with_note(&a, 4, 0, "空间满时记录");
    s.append(&b, &[]);
    assert_eq!(confirmed(&mut s, 1).await, vec![Err(StoreError::Full)]);
    js_sys::Function::new_no_args("self.__full = false;").call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let (_, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![a.clone()], "the stored log is as before");
    // The retry goes through once there is room.
    s.append(&b, &[]);
    assert_eq!(confirmed(&mut s, 1).await, vec![Ok(None)]);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_newer_version_opened_in_another_tab_stops_this_one_writing() {
    clear_local();
    let name = fresh("engine-upgrade");
    let (mut s, _) = open(&name).await;
    // Another tab opens the database at a higher version.
    let factory = ::idb::Factory::new().unwrap();
    let newer = factory.open(&name, Some(99)).unwrap().await.unwrap();
    newer.close();
    let mut changes = Vec::new();
    for _ in 0..20 {
        changes.extend(s.changes());
        if !changes.is_empty() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(changes, vec![Change::Other]);
    let a = incident("u1", "升级后", 2);
    assert!(matches!(s.append(&a, &[]), Receipt::Failed(StoreError::Other(m)) if m.contains("另一标签页")));
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_log_found_altered_is_reported_once_then_hashed_afresh_from_there() {
    clear_local();
    let name = fresh("engine-reseal");
    let a = incident("e1", "被改动的记录", 8);
    let (mut s, _) = open(&name).await;
    s.append(&a, &[]);
    confirmed(&mut s, 1).await;
    drop(s);
    // Event 3's text changed in the database, its link left as it was.
    let factory = ::idb::Factory::new().unwrap();
    let other = factory.open(&name, None).unwrap().await.unwrap();
    let tx = other.transaction(&[idb::EVENTS], ::idb::TransactionMode::ReadWrite).unwrap();
    let store = tx.object_store(idb::EVENTS).unwrap();
    let key = js_sys::Array::of2(&"e1".into(), &3.into());
    let value = store.get(::idb::Query::Key(key.clone().into())).unwrap().await.unwrap().unwrap();
    let json = js_sys::Reflect::get(&value, &"event".into()).unwrap().as_string().unwrap();
    js_sys::Reflect::set(&value, &"event".into(), &json.replace("第3条处置记录", "第3条被改过的记录").into()).unwrap();
    store.put(&value, Some(&key.into())).unwrap();
    assert!(tx.await.unwrap().is_committed());
    other.close();
    // Found at the next start; the finding appended (as the desk does) re-hashes from there.
    let (mut s, loaded) = open(&name).await;
    let (found, chain) = (loaded.incidents[0].clone(), loaded.chains[0].1.clone());
    assert!(matches!(s.check_chain(&found, &chain), Integrity::BrokenAt { position: 3, .. }));
    let with_finding = with_note(&found, 8, 0, "完整性校验发现第4条被改动");
    s.append(&with_finding, &[]);
    assert_eq!(confirmed(&mut s, 1).await, vec![Ok(None)]);
    let (mut s, loaded) = open(&name).await;
    assert_eq!(loaded.incidents, vec![with_finding.clone()]);
    assert_eq!(s.check_chain(&with_finding, &loaded.chains[0].1), Integrity::Intact, "reported once, not at every start");
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn incidents_start_as_summaries_and_their_logs_come_after() {
    clear_local();
    let name = fresh("engine-shelf");
    let open_one = incident("o1", "处置中的事件", 6);
    let shut = closed(&incident("c1", "已关闭的事件", 6));
    let (mut s, _) = open_shelved(&name).await;
    s.append(&open_one, &[]);
    s.append(&shut, &[]);
    confirmed(&mut s, 2).await;
    drop(s);
    // The open incident starts as its summary. The closed one was stored without the
    // dashboard's figures (as an earlier build did): read in full, and the figures,
    // once the desk has them, are written with no event rewritten.
    let (mut s, loaded) = open_shelved(&name).await;
    assert_eq!(loaded.incidents, vec![shut.clone()]);
    assert_eq!(loaded.shelved.len(), 1);
    let summary = &loaded.shelved[0];
    assert_eq!((summary.id.as_str(), summary.title.as_str(), summary.events, summary.closed), ("o1", "处置中的事件", 6, false));
    assert_eq!((summary.level, summary.started_at, summary.figures.as_ref()), (open_one.state().level, Some(open_one.state().facts.started_at), None));
    let figures = Figures { phenomenon: PhenomenonKind::Data, on_time: 2, late: 1, missed: 0 };
    assert!(s.keep_figures("c1", figures.clone()), "the stored summary lacks them");
    assert_eq!(s.append(&shut, &[]), Receipt::Queued);
    assert_eq!(confirmed(&mut s, 1).await, vec![Ok(None)]);
    assert!(!s.keep_figures("c1", figures.clone()), "now stored");
    drop(s);
    // Now neither log is read at start: the open one's summary, and, just after the
    // first screen, the closed one's with its figures (it is marked settled).
    let (mut s, loaded) = open_shelved(&name).await;
    assert!(loaded.incidents.is_empty());
    assert!(loaded.settling);
    assert_eq!(loaded.shelved.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["o1"]);
    s.read_settled();
    let mut shelved = loaded.shelved.clone();
    match first_changes(&mut s).await.as_slice() {
        [Change::Settled(later)] => shelved.extend(later.iter().cloned()),
        other => panic!("{other:?}"),
    }
    shelved.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(shelved.iter().map(|s| (s.id.as_str(), s.events, s.closed)).collect::<Vec<_>>(), vec![("c1", 8, true), ("o1", 6, false)]);
    assert_eq!(shelved[0].level, shut.state().level);
    assert_eq!(shelved[0].figures.as_ref(), Some(&figures));
    // Asked for, each log arrives as a change with its stored chain.
    s.fetch(&["o1".to_string(), "c1".to_string()]);
    let heard = first_changes(&mut s).await;
    assert_eq!(heard, vec![Change::Incident("o1".into()), Change::Incident("c1".into())]);
    for one in [&open_one, &shut] {
        assert_eq!(s.load_incident(one.id()).unwrap().as_ref(), Some(one));
        let chain = s.take_chain(one.id()).unwrap();
        assert_eq!(s.check_chain(one, &chain), Integrity::Intact);
    }
    // Written to again once read in (a note after closing, a note on the open one): no stored entry is lost.
    let noted = with_note(&shut, 8, 0, "关闭后补记");
    let followed = with_note(&open_one, 6, 0, "续报");
    // (The desk hands the figures over with every write of a closed incident.)
    s.keep_figures("c1", figures.clone());
    s.append(&noted, &[]);
    s.append(&followed, &[]);
    assert_eq!(confirmed(&mut s, 2).await, vec![Ok(None), Ok(None)]);
    drop(s);
    // And the next start shelves both again, with the counts as written.
    let (mut s, loaded) = open_shelved(&name).await;
    s.read_settled();
    let mut counts: Vec<(String, usize)> = loaded.shelved.iter().map(|s| (s.id.clone(), s.events)).collect();
    if let [Change::Settled(later)] = first_changes(&mut s).await.as_slice() {
        counts.extend(later.iter().map(|s| (s.id.clone(), s.events)));
    }
    counts.sort();
    assert_eq!(counts, vec![("c1".to_string(), 9), ("o1".to_string(), 7)]);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_shelved_log_found_corrupt_when_read_is_moved_aside_and_reported() {
    clear_local();
    let name = fresh("engine-shelf-corrupt");
    let shut = closed(&incident("c2", "已关闭的事件", 4));
    let (mut s, _) = open_shelved(&name).await;
    s.keep_figures("c2", Figures { phenomenon: PhenomenonKind::Data, on_time: 1, late: 0, missed: 0 });
    s.append(&shut, &[]);
    confirmed(&mut s, 1).await;
    drop(s);
    let (mut s, loaded) = open_shelved(&name).await;
    assert!(loaded.shelved.is_empty() && loaded.settling, "settled: left for after the first screen");
    s.read_settled();
    match first_changes(&mut s).await.as_slice() {
        [Change::Settled(later)] => assert_eq!(later.len(), 1, "on the shelf"),
        other => panic!("{other:?}"),
    }
    // Altered while on the shelf: a record of the wrong shape at position 1.
    put_wrong_shape(&name, "c2", 1).await;
    // Asked for, it comes back as unreadable, with the reason, and is kept in the quarantine.
    s.fetch(&["c2".to_string()]);
    let heard = first_changes(&mut s).await;
    match heard.as_slice() {
        [Change::Unreadable { id, problem: Some(p) }] => assert!(id == "c2" && p.contains("隔离区"), "{p}"),
        other => panic!("{other:?}"),
    }
    assert!(s.quarantined().iter().any(|(k, raw)| k.contains("c2") && raw.contains("42")));
    delete(&name).await;
}
