//! Browser tests of the sync client against a real CouchDB-compatible server:
//! pouchdb-server, started beside the tests by `scripts/with_couch.mjs` (which sets
//! COUCH_URL at build time). Each test makes a database of its own. What is checked
//! here against pouchdb-server: the server's rule as installed (an event document
//! refused when updated or deleted), and two replicators sharing an incident over
//! real HTTP and CORS. Opaque CouchDB 3 sequences are covered by tests/sync/.
#![cfg(target_arch = "wasm32")]

use incident_desk::domain::incidents::integrity::final_hash;
use incident_desk::domain::sync::design::rule_in_place;
use incident_desk::domain::sync::pull::{by_incident, take_in, Outcome};
use incident_desk::domain::Incident;
use incident_desk::store::couch::{install_rule, read_rule, Checkpoint, Lane, Method, Replicator, Request, Status};
use incident_desk::store::couch_http::{send, Server};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod idb_common;
use idb_common::{event, fresh, incident, now, with_note};
use incident_desk::domain::EventKind;

const COUCH_URL: Option<&str> = option_env!("COUCH_URL");

/// A database of its own on the test server, with the rule installed.
async fn database(test: &str) -> Server {
    let base = COUCH_URL.expect("COUCH_URL: run through scripts/with_couch.mjs (make test-wasm does)");
    let server = Server { db_url: format!("{base}/{}", fresh(test)), user: String::new(), password: String::new() };
    let made = send(&server, &Request { lane: Lane::Push, method: Method::Put, path: String::new(), body: None }).await;
    assert!(matches!(made, Some((201, _))), "{made:?}");
    let installed = send(&server, &install_rule(None)).await;
    assert!(matches!(installed, Some((201, _))), "{installed:?}");
    server
}

/// Requests until the replicator is in step with the server (at most 30).
async fn sync(rep: &mut Replicator, server: &Server, local: &mut Option<Incident>) {
    for _ in 0..30 {
        let Some(req) = rep.next(0) else { break };
        let answer = send(server, &req).await;
        let pulled = rep.answer(0, req.lane, answer);
        assert!(pulled.refused.is_empty(), "{:?}", pulled.refused);
        for (id, events) in by_incident(pulled.docs) {
            match take_in(&id, local.as_ref(), events).unwrap() {
                Outcome::Merged { incident, .. } => *local = Some(incident),
                Outcome::Unchanged => {}
                Outcome::Waiting(w) => panic!("waiting {}", w.len()),
            }
        }
        if req.path.starts_with("_changes") && rep.status(0) == Status::Synced {
            return;
        }
    }
    panic!("never in step: {:?}", rep.status(0));
}

#[wasm_bindgen_test]
async fn the_rule_is_in_place_and_refuses_any_change_to_an_event_document() {
    let server = database("rule").await;
    let found = send(&server, &read_rule()).await.expect("an answer");
    assert!(rule_in_place(&found.1), "{found:?}");
    // An event document written by the replicator, then written again with its revision
    let inc = incident("r1", "规则测试", 2);
    let mut rep = Replicator::new(Checkpoint::default());
    rep.offer(inc.id(), inc.events());
    sync(&mut rep, &server, &mut Some(inc.clone())).await;
    let id = format!("ev:r1:{}", inc.events()[1].id);
    let (_, stored) = send(&server, &Request { lane: Lane::Push, method: Method::Get, path: id.clone(), body: None }).await.unwrap();
    let mut changed = stored.clone();
    changed["event"]["kind"]["text"] = json!("改过的记录");
    let refused = send(&server, &Request { lane: Lane::Push, method: Method::Put, path: id.clone(), body: Some(changed) }).await;
    assert!(matches!(&refused, Some((403, b)) if b["reason"] == "an event document is never changed or deleted"), "{refused:?}");
    let deleted = json!({ "_id": id, "_rev": stored["_rev"], "_deleted": true });
    let refused = send(&server, &Request { lane: Lane::Push, method: Method::Post, path: "_bulk_docs".into(), body: Some(json!({ "docs": [deleted] })) }).await;
    assert!(matches!(&refused, Some((201, b)) if b[0]["error"] == "forbidden"), "{refused:?}");
    // A document of another shape is refused too
    let odd = send(&server, &Request { lane: Lane::Push, method: Method::Post, path: "_bulk_docs".into(), body: Some(json!({ "docs": [{ "_id": "mine", "x": 1 }] })) }).await;
    assert!(matches!(&odd, Some((201, b)) if b[0]["error"] == "forbidden"), "{odd:?}");
}

#[wasm_bindgen_test]
async fn two_workstations_share_an_incident_over_http_and_end_with_one_log() {
    let server = database("share").await;
    let inc = incident("s1", "银期转账中断", 5);
    let (mut branch, mut head) = (Replicator::new(Checkpoint::default()), Replicator::new(Checkpoint::default()));
    let (mut at_branch, mut at_head) = (Some(inc.clone()), None);
    branch.offer(inc.id(), inc.events());
    sync(&mut branch, &server, &mut at_branch).await;
    sync(&mut head, &server, &mut at_head).await;
    assert_eq!(at_head.as_ref(), Some(&inc));
    // Each records an entry; after both sync, one log and one final hash
    let b = with_note(at_branch.as_ref().unwrap(), 5, 2, "支行：已通知期货公司");
    let mut h = at_head.clone().unwrap();
    h.append(event("s1-head", 0, now(), EventKind::Note { text: "总行：已报告领导小组".into(), major: false })).unwrap();
    branch.offer(b.id(), b.events());
    head.offer(h.id(), h.events());
    at_branch = Some(b);
    at_head = Some(h);
    sync(&mut branch, &server, &mut at_branch).await;
    sync(&mut head, &server, &mut at_head).await;
    sync(&mut branch, &server, &mut at_branch).await;
    let (a, b) = (at_branch.unwrap(), at_head.unwrap());
    assert_eq!(a, b);
    assert_eq!(a.events().len(), 7);
    assert_eq!(final_hash(&a), final_hash(&b));
}

#[wasm_bindgen_test]
async fn a_database_without_the_rule_is_not_used_and_that_is_said() {
    let base = COUCH_URL.expect("COUCH_URL");
    let server = Server { db_url: format!("{base}/{}", fresh("bare")), user: String::new(), password: String::new() };
    let made = send(&server, &Request { lane: Lane::Push, method: Method::Put, path: String::new(), body: None }).await;
    assert!(matches!(made, Some((201, _))), "{made:?}");
    let mut rep = Replicator::new(Checkpoint::default());
    rep.offer("inc-1", incident("inc-1", "无规则的库", 1).events());
    let req = rep.next(0).unwrap();
    let answer = send(&server, &req).await;
    rep.answer(0, req.lane, answer.clone());
    match rep.status(0) {
        Status::Failed { reason } => assert!(reason.contains("没有本应用的记录规则"), "{reason} ({answer:?})"),
        other => panic!("{other:?} ({answer:?})"),
    }
    // A database that is not there is said as such, not as a missing rule
    let gone = Server { db_url: format!("{base}/{}", fresh("gone")), user: String::new(), password: String::new() };
    let mut rep = Replicator::new(Checkpoint::default());
    let req = rep.next(0).unwrap();
    let answer = send(&gone, &req).await;
    rep.answer(0, req.lane, answer.clone());
    match rep.status(0) {
        Status::Failed { reason } => assert!(reason.contains("没有这个数据库"), "{reason} ({answer:?})"),
        other => panic!("{other:?} ({answer:?})"),
    }
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_said_plainly() {
    // pouchdb-server in admin party takes any login; a name it does not know with a
    // password is refused as CouchDB refuses it.
    let base = COUCH_URL.expect("COUCH_URL");
    let server = Server { db_url: format!("{base}/{}", fresh("login")), user: "nobody".into(), password: "错误的口令".into() };
    let mut rep = Replicator::new(Checkpoint::default());
    let req = rep.next(0).unwrap();
    let answer = send(&server, &req).await;
    rep.answer(0, req.lane, answer.clone());
    match rep.status(0) {
        Status::Failed { reason } => assert!(reason.contains("用户名或密码不正确"), "{reason} ({answer:?})"),
        other => panic!("{other:?} ({answer:?})"),
    }
}
