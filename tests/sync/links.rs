//! The link and the server's state: a server that stopped answering, a database
//! recreated under the same name, a document with two revisions side by side.

use super::fake_couch::FakeCouch;
use super::workstation::{opened, Workstation};
use incident_desk::store::couch::Status;

#[test]
fn a_server_that_stopped_answering_is_never_shown_as_in_step() {
    let mut server = FakeCouch::new(true);
    let mut branch = Workstation::new();
    branch.record(opened("inc-1"));
    branch.sync(&mut server, 0);
    assert_eq!(branch.rep.status(0), Status::Synced);
    // The link goes: a request fails
    server.down = true;
    let poll = branch.rep.next(0).unwrap();
    let answer = server.handle(&poll);
    branch.rep.answer(0, poll.lane, answer);
    // Offline through the back-off, after it, after the browser says it is online, and
    // while the retry is out
    for now in [10, 5_000, 120_000] {
        assert!(matches!(branch.rep.status(now), Status::Offline { .. }), "{now}: {:?}", branch.rep.status(now));
    }
    branch.rep.wake();
    let retry = branch.rep.next(120_000).unwrap();
    assert!(matches!(branch.rep.status(120_000), Status::Offline { .. }));
    // Answered again: in step
    server.down = false;
    let answer = server.handle(&retry);
    branch.rep.answer(120_000, retry.lane, answer);
    assert_eq!(branch.rep.status(120_000), Status::Synced);
}

#[test]
fn a_document_with_two_revisions_side_by_side_is_refused() {
    let mut doc = incident_desk::domain::sync::event_doc::to_doc("inc-1", &opened("inc-1").events()[0]);
    doc["_rev"] = "1-aaa".into();
    doc["_conflicts"] = serde_json::json!(["1-bbb"]);
    let refused = incident_desk::domain::sync::event_doc::read_doc(&doc, 100).unwrap_err();
    assert!(refused.reason.contains("不止一个版本"), "{}", refused.reason);
}

#[test]
fn a_database_recreated_under_the_same_name_gets_everything_again() {
    let mut server = FakeCouch::new(true);
    let mut branch = Workstation::new();
    branch.record(opened("inc-1"));
    branch.sync(&mut server, 0);
    assert_eq!(server.len(), 1);
    // The server's database is recreated: empty, its feed starting again
    let mut server = FakeCouch::new(true);
    branch.sync(&mut server, 0);
    assert_eq!(branch.rep.resets(), 1, "the checkpoint it no longer knows is dropped");
    // Offered again (as the engine does after a reset), the log goes up whole
    let inc = branch.incidents["inc-1"].clone();
    branch.record(inc);
    branch.sync(&mut server, 0);
    assert_eq!(server.len(), 1);
    assert_eq!(branch.rep.status(0), Status::Synced);
}

#[test]
fn the_same_entry_pushed_by_two_workstations_is_taken_as_there_whatever_the_server_calls_it() {
    for rule_first in [false, true] {
        let mut server = FakeCouch::new(true);
        server.rule_before_conflict = rule_first;
        let (mut branch, mut head) = (Workstation::new(), Workstation::new());
        // Both hold the same entries (a rise worked out at both), neither has pushed yet
        branch.record(opened("inc-1"));
        head.record(opened("inc-1"));
        branch.sync(&mut server, 0);
        head.sync(&mut server, 0);
        assert!(head.refused.is_empty(), "{:?}", head.refused);
        assert_eq!(head.rep.status(0), Status::Synced, "rule first: {rule_first}");
        assert_eq!(server.len(), 1);
    }
}

#[test]
fn the_checkpoints_revision_moves_exactly_when_the_checkpoint_does() {
    let mut server = FakeCouch::new(true);
    let mut branch = Workstation::new();
    branch.record(opened("inc-1"));
    let mut seen = branch.rep.revision();
    let mut last = branch.rep.checkpoint().clone();
    for _ in 0..6 {
        let Some(req) = branch.rep.next(0) else { break };
        let answer = server.handle(&req);
        branch.rep.answer(0, req.lane, answer);
        let now = branch.rep.checkpoint().clone();
        if now != last {
            assert_ne!(branch.rep.revision(), seen, "a changed checkpoint bumps the revision");
        }
        (seen, last) = (branch.rep.revision(), now);
    }
    assert!(branch.rep.checkpoint().on_server.contains_key("inc-1"));
    // Nothing more happens: the revision stays
    let before = branch.rep.revision();
    assert_eq!(branch.rep.status(0), Status::Synced);
    assert_eq!(branch.rep.revision(), before);
}
