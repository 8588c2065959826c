//! Two workstations sharing incidents through one CouchDB (a fake of the tests' own,
//! `fake_couch`), driven as the browser will drive them: the replicator says what to
//! ask, the server answers, pulled documents go through `domain::sync::pull`. Every
//! test runs with numeric sequences (pouchdb-server) and opaque ones (CouchDB 3).

mod fake_couch;
mod links;
mod workstation;

use fake_couch::FakeCouch;
use incident_desk::domain::incidents::integrity::final_hash;
use incident_desk::store::couch::{Checkpoint, Lane, Replicator, Status};
use workstation::{both, note, opened, Workstation};

#[test]
fn an_entry_recorded_at_one_workstation_reaches_the_other_whole() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let (mut branch, mut head) = (Workstation::new(), Workstation::new());
        let mut inc = opened("inc-1");
        note(&mut inc, "n1", 5, "支行：已通知期货公司");
        branch.record(inc.clone());
        branch.sync(&mut server, 0);
        assert_eq!(branch.rep.status(0), Status::Synced, "opaque {opaque}");
        assert_eq!(server.len(), 2);
        head.sync(&mut server, 0);
        assert_eq!(head.incidents.get("inc-1"), Some(&inc), "opaque {opaque}");
        // A later entry goes up alone; the other side pulls only what changed since its checkpoint.
        note(&mut inc, "n2", 9, "支行：转人工");
        branch.record(inc.clone());
        branch.sync(&mut server, 0);
        let before = server.requests;
        head.sync(&mut server, 0);
        assert_eq!(head.incidents["inc-1"], inc);
        assert!(server.requests - before <= 2, "one pull, not the whole feed again");
    });
}

#[test]
fn an_entry_made_while_the_long_poll_is_held_goes_up_at_once() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let mut branch = Workstation::new();
        let mut inc = opened("inc-1");
        branch.record(inc.clone());
        branch.sync(&mut server, 0);
        // Caught up: the next pull is a long poll, which the server holds
        let poll = branch.rep.next(0).unwrap();
        assert_eq!(poll.lane, Lane::Pull);
        assert!(poll.path.contains("feed=longpoll"), "{}", poll.path);
        assert!(branch.rep.next(0).is_none(), "one pull at a time");
        // An entry now is pushed beside it, not after it
        note(&mut inc, "n1", 1, "总行：已知悉");
        branch.record(inc.clone());
        let push = branch.rep.next(0).expect("a push while the poll is out");
        assert_eq!(push.lane, Lane::Push);
        let answer = server.handle(&push);
        branch.rep.answer(0, Lane::Push, answer);
        assert_eq!(server.len(), 2);
        assert!(branch.rep.next(0).is_none(), "nothing more while the poll is out");
        // The poll comes back with the entry just pushed: in step
        let answer = server.handle(&poll);
        branch.rep.answer(0, Lane::Pull, answer);
        assert_eq!(branch.rep.status(0), Status::Synced);
        // An answer for a lane with nothing out is ignored
        assert_eq!(branch.rep.answer(0, Lane::Push, Some((200, serde_json::json!([])))), Default::default());
    });
}

#[test]
fn both_record_offline_then_reconnect_and_end_with_one_log() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let (mut branch, mut head) = (Workstation::new(), Workstation::new());
        let inc = opened("inc-1");
        branch.record(inc.clone());
        branch.sync(&mut server, 0);
        head.sync(&mut server, 0);
        // The link goes: each records on its own
        server.down = true;
        let mut b = branch.incidents["inc-1"].clone();
        note(&mut b, "b1", 10, "支行离线记录");
        branch.record(b);
        let mut h = head.incidents["inc-1"].clone();
        note(&mut h, "h1", 11, "总行离线记录");
        head.record(h);
        branch.sync(&mut server, 1_000);
        head.sync(&mut server, 1_000);
        assert!(matches!(branch.rep.status(1_500), Status::Offline { to_push: 1, .. }), "{:?}", branch.rep.status(1_500));
        // It comes back: after the back-off, both push and pull
        server.down = false;
        for now in [10_000, 20_000] {
            branch.sync(&mut server, now);
            head.sync(&mut server, now);
        }
        let (a, b) = (&branch.incidents["inc-1"], &head.incidents["inc-1"]);
        assert_eq!(a, b, "opaque {opaque}");
        assert_eq!(a.events().len(), 3);
        assert_eq!(final_hash(a), final_hash(b));
        assert_eq!(branch.rep.status(20_000), Status::Synced);
    });
}

#[test]
fn the_server_stopped_mid_sync_loses_nothing() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let mut branch = Workstation::new();
        // More than one batch to push
        let mut inc = opened("inc-1");
        for n in 1..450 {
            note(&mut inc, &format!("n{n}"), n, "记录");
        }
        branch.record(inc.clone());
        branch.ready(&mut server, 0);
        // One batch goes up, then the server stops
        let req = branch.rep.next(0).unwrap();
        let answer = server.handle(&req);
        branch.rep.answer(0, req.lane, answer);
        server.down = true;
        branch.sync(&mut server, 0);
        assert!(matches!(branch.rep.status(100), Status::Offline { to_push: 250, .. }), "{:?}", branch.rep.status(100));
        // Nothing is asked while backing off
        assert!(branch.rep.next(500).is_none());
        // Restarted: the rest goes up, and a fresh workstation gets all of it
        server.down = false;
        branch.sync(&mut server, 70_000);
        assert_eq!(server.len(), 450);
        let mut fresh = Workstation::new();
        fresh.sync(&mut server, 70_000);
        assert_eq!(fresh.incidents["inc-1"], inc, "opaque {opaque}");
    });
}

#[test]
fn a_document_altered_on_the_server_is_refused_and_reported_and_nothing_here_changes() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let (mut branch, mut head) = (Workstation::new(), Workstation::new());
        let mut inc = opened("inc-1");
        note(&mut inc, "n1", 5, "原始记录");
        branch.record(inc.clone());
        branch.sync(&mut server, 0);
        head.sync(&mut server, 0);
        // Changed on the server (an administrator, behind the rule's back)
        server.alter("ev:inc-1:n1", |doc| doc["event"]["kind"]["text"] = "改过的记录".into());
        head.sync(&mut server, 0);
        assert_eq!(head.incidents["inc-1"], inc, "the log here is as it was");
        assert_eq!(head.refused.len(), 1, "{:?}", head.refused);
        assert!(head.refused[0].starts_with("ev:inc-1:n1") && head.refused[0].contains("修订号"), "{:?}", head.refused);
    });
}

#[test]
fn a_wrong_password_is_said_plainly_and_nothing_is_tried_until_it_is_typed_again() {
    let mut server = FakeCouch::new(true);
    server.wrong_password = true;
    let mut branch = Workstation::new();
    branch.record(opened("inc-1"));
    branch.sync(&mut server, 0);
    match branch.rep.status(0) {
        Status::Failed { reason } => assert!(reason.contains("用户名或密码不正确"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(branch.rep.next(120_000).is_none(), "no retry loop against a refused login");
    server.wrong_password = false;
    branch.rep.retry_now();
    branch.sync(&mut server, 120_000);
    assert_eq!(branch.rep.status(120_000), Status::Synced);
}

#[test]
fn nothing_is_pushed_or_pulled_where_the_rule_is_missing_and_that_is_said() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        server.rule = false;
        let mut branch = Workstation::new();
        branch.record(opened("inc-1"));
        branch.sync(&mut server, 0);
        match branch.rep.status(0) {
            Status::Failed { reason } => assert!(reason.contains("没有本应用的记录规则"), "{reason}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(server.len(), 0, "nothing written to a database that would take altered entries");
        assert!(branch.rep.next(120_000).is_none());
        // Installed, and tried again: the rule is read first, then the entries go up
        server.rule = true;
        branch.rep.retry_now();
        let first = branch.rep.next(120_000).unwrap();
        assert_eq!(first.path, incident_desk::domain::sync::design::DESIGN_ID);
        let answer = server.handle(&first);
        branch.rep.answer(120_000, first.lane, answer);
        branch.sync(&mut server, 120_000);
        assert_eq!(branch.rep.status(120_000), Status::Synced);
        assert_eq!(server.len(), 1);
    });
}

#[test]
fn a_workstation_started_again_resumes_from_its_checkpoint() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let mut branch = Workstation::new();
        let mut inc = opened("inc-1");
        note(&mut inc, "n1", 5, "甲");
        branch.record(inc.clone());
        branch.sync(&mut server, 0);
        // Its checkpoint kept as JSON, and read back by the next session
        let saved = serde_json::to_string(branch.rep.checkpoint()).unwrap();
        let mut again = Workstation { rep: Replicator::new(serde_json::from_str(&saved).unwrap()), ..Workstation::new() };
        again.record(inc.clone());
        let before = server.requests;
        again.sync(&mut server, 0);
        assert_eq!(server.requests - before, 2, "nothing pushed again: the rule read, then one pull from the checkpoint");
        assert_eq!(again.rep.status(0), Status::Synced, "opaque {opaque}");
    });
}

#[test]
fn a_page_that_is_not_the_servers_answer_backs_off_and_is_never_taken_for_synced() {
    let mut server = FakeCouch::new(false);
    server.garbage = true;
    let mut branch = Workstation::new();
    branch.record(opened("inc-1"));
    branch.sync(&mut server, 0);
    assert!(matches!(branch.rep.status(10), Status::Offline { to_push: 1, .. }), "{:?}", branch.rep.status(10));
    assert!(branch.rep.next(10).is_none(), "no tight loop: it waits");
    // And a pull answered so is not the end of the feed either
    server.garbage = false;
    branch.sync(&mut server, 5_000);
    server.garbage = true;
    let req = branch.rep.next(5_000).unwrap();
    let answer = server.handle(&req);
    branch.rep.answer(5_000, req.lane, answer);
    assert_ne!(branch.rep.status(5_000), Status::Synced);
}

#[test]
fn a_document_the_server_refuses_is_set_aside_named_and_the_rest_goes_on() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        server.refuse.insert("ev:inc-1:n2".into());
        let mut branch = Workstation::new();
        let mut inc = opened("inc-1");
        note(&mut inc, "n1", 1, "甲");
        note(&mut inc, "n2", 2, "乙");
        note(&mut inc, "n3", 3, "丙");
        branch.record(inc);
        branch.ready(&mut server, 0);
        let req = branch.rep.next(0).unwrap();
        let answer = server.handle(&req);
        let pulled = branch.rep.answer(0, req.lane, answer);
        assert_eq!(pulled.refused.iter().map(|r| r.doc_id.as_str()).collect::<Vec<_>>(), ["ev:inc-1:n2"]);
        branch.sync(&mut server, 0);
        assert_eq!(server.len(), 3);
        assert_eq!(branch.rep.status(0), Status::Unaccepted { count: 1 }, "the others went on, and the header does not say 已同步");
    });
}

#[test]
fn a_request_too_large_for_a_proxy_is_sent_in_smaller_batches() {
    let mut server = FakeCouch::new(true);
    server.max_docs = 30;
    let mut branch = Workstation::new();
    let mut inc = opened("inc-1");
    for n in 1..120 {
        note(&mut inc, &format!("n{n}"), n, "记录");
    }
    branch.record(inc.clone());
    branch.sync(&mut server, 0);
    assert_eq!(server.len(), 120);
    let mut fresh = Workstation::new();
    fresh.sync(&mut server, 0);
    assert_eq!(fresh.incidents["inc-1"], inc);
}

#[test]
fn entries_pulled_before_their_opening_come_again_after_a_restart() {
    // The opening reaches the server after the entries (another workstation's order), and
    // this one closes while it holds them waiting: its checkpoint is kept only while
    // nothing waits, so the next session pulls them again and makes the incident whole.
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let mut inc = opened("inc-1");
        note(&mut inc, "n1", 1, "甲");
        note(&mut inc, "n2", 2, "乙");
        let mut early = Workstation::new();
        early.rep.offer("inc-1", &inc.events()[1..]);
        early.sync(&mut server, 0);
        let mut head = Workstation::new();
        let mut kept = Checkpoint::default();
        head.sync(&mut server, 0);
        assert!(head.incidents.is_empty() && !head.waiting.is_empty());
        if head.waiting.is_empty() {
            kept = head.rep.checkpoint().clone();
        }
        // Closed; the opening arrives meanwhile
        early.rep.offer("inc-1", &inc.events()[..1]);
        early.sync(&mut server, 0);
        let mut again = Workstation { rep: Replicator::new(kept), ..Workstation::new() };
        again.sync(&mut server, 0);
        assert_eq!(again.incidents.get("inc-1"), Some(&inc), "opaque {opaque}");
    });
}

#[test]
fn entries_recorded_in_one_instant_end_in_one_order_at_both_workstations() {
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let (mut branch, mut head) = (Workstation::new(), Workstation::new());
        // Two rises of one tick: the same recording time, appended in the order made
        let mut inc = opened("inc-1");
        note(&mut inc, "z-rise", 5, "升级");
        note(&mut inc, "a-rise", 5, "再升级");
        branch.record(inc);
        branch.sync(&mut server, 0);
        head.sync(&mut server, 0);
        let (a, b) = (&branch.incidents["inc-1"], &head.incidents["inc-1"]);
        assert_eq!(a, b, "opaque {opaque}");
        assert_eq!(final_hash(a), final_hash(b));
    });
}

#[test]
fn plan_versions_and_contacts_go_up_once_and_come_back_checked() {
    use incident_desk::domain::business::contacts::{Contact, UnitKind};
    use incident_desk::domain::sync::shared_doc::{contacts_doc, plan_doc, Shared};
    both(|opaque| {
        let mut server = FakeCouch::new(opaque);
        let (mut branch, mut head) = (Workstation::new(), Workstation::new());
        let mut plan = incident_desk::domain::Plan::builtin().remove(0);
        plan.version = "2026-12-甲分行".into();
        let contacts = vec![Contact { kind: UnitKind::Exchange, unit: "大连商品交易所".into(), role: String::new(), name: "赵六".into(), office_phone: "0411-84808888".into(), mobile: String::new(), fax: String::new(), email: String::new() }];
        let docs = || vec![plan_doc(&plan), contacts_doc(&contacts).unwrap()];
        branch.rep.offer_shared(docs());
        branch.sync(&mut server, 0);
        assert_eq!(server.len(), 2);
        assert_eq!(branch.rep.status(0), Status::Synced);
        // Offered again each second: nothing more goes up
        branch.rep.offer_shared(docs());
        assert_eq!(branch.rep.status(0), Status::Synced);
        head.sync(&mut server, 0);
        assert_eq!(head.shared.len(), 2);
        assert!(head.shared.contains(&Shared::Plan(plan.clone())) && head.shared.contains(&Shared::Contacts(contacts.clone())));
        assert!(head.refused.is_empty(), "{:?}", head.refused);
        // And the head office, offering the same back, sends nothing
        head.rep.offer_shared(docs());
        assert_eq!(head.rep.status(0), Status::Synced);
        // One altered on the server is refused and named
        server.alter(&plan_doc(&plan).0, |d| d["body"]["plan"]["title"] = "改过".into());
        let mut fresh = Workstation::new();
        fresh.sync(&mut server, 0);
        assert!(fresh.refused.iter().any(|r| r.contains("doc:plan:") && r.contains("修订号")), "{:?}", fresh.refused);
        assert_eq!(fresh.shared.len(), 1, "the contacts still come");
    });
}
