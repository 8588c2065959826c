//! Issue 17's figure (not a test: nothing here fails on a slow machine): a fresh
//! workstation pulls one incident of 5,000 events from pouchdb-server over HTTP,
//! through the app's own replicator, checks and merge, in headless Chromium.
//! `make bench17` (pouchdb-server started and stopped by scripts/with_couch.mjs).
//! Prints the push of the 5,000 documents and the pull: time and events per second.
#![cfg(target_arch = "wasm32")]

use incident_desk::domain::sync::pull::{by_incident, take_in, Outcome};
use incident_desk::domain::Incident;
use incident_desk::store::couch::{Checkpoint, Lane, Method, Replicator, Request, Status};
use incident_desk::store::couch_http::{send, Server};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../tests/idb_common/mod.rs"]
mod idb_common;

const EVENTS: usize = 5_000;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Requests until in step; answers the number of requests made.
async fn run(rep: &mut Replicator, server: &Server, local: &mut Option<Incident>) -> usize {
    let mut requests = 0;
    loop {
        let Some(req) = rep.next(0) else { break };
        requests += 1;
        let answer = send(server, &req).await;
        let pulled = rep.answer(0, req.lane, answer);
        assert!(pulled.refused.is_empty(), "{:?}", pulled.refused);
        for (id, events) in by_incident(pulled.docs) {
            if let Outcome::Merged { incident, .. } = take_in(&id, local.as_ref(), events).unwrap() {
                *local = Some(incident);
            }
        }
        if req.path.starts_with("_changes") && rep.status(0) == Status::Synced {
            break;
        }
        assert!(requests < 10_000, "never in step: {:?}", rep.status(0));
    }
    requests
}

#[wasm_bindgen_test]
async fn a_fresh_workstation_pulls_an_incident_of_5000_events() {
    let base = option_env!("COUCH_URL").expect("COUCH_URL: run through scripts/with_couch.mjs (make bench17)");
    let server = Server { db_url: format!("{base}/{}", idb_common::fresh("bench17")), user: String::new(), password: String::new() };
    assert!(matches!(send(&server, &Request { lane: Lane::Push, method: Method::Put, path: String::new(), body: None }).await, Some((201, _))));
    assert!(matches!(send(&server, &incident_desk::store::couch::install_rule(None)).await, Some((201, _))));
    let big = idb_common::incident("big5k", "5,000 条记录的事件", EVENTS);
    // The recording workstation pushes it.
    let mut branch = Replicator::new(Checkpoint::default());
    branch.offer(big.id(), big.events());
    let t0 = now_ms();
    let pushes = run(&mut branch, &server, &mut Some(big.clone())).await;
    let pushed = now_ms() - t0;
    // A fresh workstation pulls it, checks every document and merges.
    let mut fresh = Replicator::new(Checkpoint::default());
    let mut got = None;
    let t1 = now_ms();
    let pulls = run(&mut fresh, &server, &mut got).await;
    let pulled = now_ms() - t1;
    assert_eq!(got.as_ref(), Some(&big), "the pulled incident is the one pushed");
    let rate = |ms: f64| (EVENTS as f64 / (ms / 1000.0)).round();
    console_log!("bench17: push {EVENTS} events: {pushed:.0} ms ({} events/s, {pushes} requests)", rate(pushed));
    console_log!("bench17: fresh workstation pulls {EVENTS} events: {pulled:.0} ms ({} events/s, {pulls} requests)", rate(pulled));
}
