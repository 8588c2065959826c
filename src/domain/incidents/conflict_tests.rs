//! Merging copies of a log: a known id with other content is a conflict, recorded once and never dropped; old logs keep their hashes.

use super::*;
use crate::domain::events::event::Author;
use crate::domain::events::facts::Period;
use crate::domain::events::fixtures::{facts, t};
use crate::domain::incidents::integrity::{chain, final_hash, verify, Integrity};

/// A log saved before `EventConflict` existed, and its final hash as computed then.
const OLD_LOG: &str = r#"{"id":"0123456789abcdef0123456789abcdef","events":[{"id":"e0","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"Opened","facts":{"title":"出入金系统中断","description":"","discovered_at":"2026-11-23T01:00:00Z","started_at":"2026-11-23T01:00:00Z","period":"Daytime","phenomenon":{"kind":"System","subcategory":""},"affected":[],"parties":"","bank_caused":"Unknown","reporting_unit":"","reporter":"","next_start_affected":"Unknown"},"plan_id":"bank-depository","plan_version":"1"}},{"id":"e1","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"Note","text":"已通知\"监控中心\"<b>","major":true}},{"id":"e2","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"IntegrityBroken","event_id":"e1","position":1}},{"id":"e3","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"ServiceRestored","note":"恢复"}}]}"#;
const OLD_HASH: &str = "46f9949fd73d2378e00ae06ad7b51a3f7a162da4fe7734b9e970b6c72b0a7ac3";

fn note(id: &str, text: &str, at: &str) -> Event {
    Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "王".into(), role: "总行".into() }, kind: EventKind::Note { text: text.into(), major: false } }
}

fn base() -> Incident {
    let kind = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00"), plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    let mut i = Incident::open("inc".into(), Event { kind, ..note("e0", "", "2026-11-23T09:00") }).unwrap();
    i.append(note("e1", "已通知监控中心", "2026-11-23T09:05")).unwrap();
    i
}

#[test]
fn old_logs_keep_their_hashes_and_still_verify() {
    let old: Incident = serde_json::from_str(OLD_LOG).unwrap();
    assert_eq!(final_hash(&old), OLD_HASH, "adding a kind of entry changes no existing entry's hash");
    assert_eq!(verify(&old, &chain(&old)), Integrity::Intact);
    assert_eq!(serde_json::to_string(&old).unwrap(), OLD_LOG, "and they serialise as before");
}

#[test]
fn a_known_id_with_other_content_is_recorded_once_never_dropped() {
    let mut ours = base();
    let mut theirs = base();
    std::sync::Arc::make_mut(&mut theirs.events)[1] = note("e1", "未通知监控中心", "2026-11-23T09:05");
    theirs.append(note("e2", "另一台的新记录", "2026-11-23T09:07")).unwrap();
    let m = ours.merge_all(&theirs);
    assert_eq!(m, Merged { added: 1, conflicts: 1 });
    assert_eq!(ours.events().iter().find(|e| e.id == "e1"), Some(&note("e1", "已通知监控中心", "2026-11-23T09:05")), "our copy stays");
    let recorded: Vec<&Event> = ours.events().iter().filter(|e| matches!(e.kind, EventKind::EventConflict { .. })).collect();
    assert_eq!(recorded.len(), 1);
    let EventKind::EventConflict { event_id, other } = &recorded[0].kind else { unreachable!() };
    assert_eq!((event_id.as_str(), other.as_ref()), ("e1", &theirs.events()[1]), "the other copy is kept whole");
    assert!(crate::domain::base::ids::is_valid_id(&recorded[0].id));
    // The same copy again, or through a packet holding our own conflict entry: nothing new.
    assert_eq!(ours.merge_all(&theirs), Merged::default());
    let before = ours.clone();
    assert_eq!(ours.merge_all(&before.clone()), Merged::default());
    // A second, different copy is a second conflict.
    let mut third = base();
    std::sync::Arc::make_mut(&mut third.events)[1] = note("e1", "第三种说法", "2026-11-23T09:05");
    assert_eq!(ours.merge_all(&third).conflicts, 1);
    // The fold ignores the entry: the state is ours.
    assert_eq!(ours.state(), { let mut b = base(); b.append(note("e2", "另一台的新记录", "2026-11-23T09:07")).unwrap(); b.state() });
    // Stored and read back, it verifies.
    let json = serde_json::to_string(&ours).unwrap();
    let back: Incident = serde_json::from_str(&json).unwrap();
    assert_eq!(verify(&back, &chain(&ours)), Integrity::Intact);
}

#[test]
fn the_screen_gets_ours_beside_each_distinct_other_copy() {
    let mut a = base();
    let mut b = base();
    std::sync::Arc::make_mut(&mut b.events)[1] = note("e1", "乙的说法", "2026-11-23T09:05");
    let b_before = b.clone();
    a.merge_all(&b);
    b.merge_all(&a); // b records a's copy as its conflict
    a.merge_all(&b); // a now also holds b's record, whose other copy is a's own
    let shown = a.conflicts();
    assert_eq!(shown.len(), 1, "one contested entry");
    assert_eq!(shown[0].event_id, "e1");
    assert_eq!(shown[0].ours.as_ref(), Some(&base().events()[1]));
    assert_eq!(shown[0].others, vec![b_before.events()[1].clone()], "a copy equal to ours is not shown as other");
    // Both sides end with the same entries apart from the contested one.
    let ids = |i: &Incident| i.events().iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}

#[test]
fn differing_openings_are_conflicts_and_inject_timing_is_not() {
    let mut ours = base();
    let mut theirs = base();
    let mut f = facts(Period::Daytime, "2026-11-23T08:55");
    f.title = "改过的标题".into();
    std::sync::Arc::make_mut(&mut theirs.events)[0].kind = EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    assert_eq!(ours.merge_all(&theirs).conflicts, 1);
    assert_eq!(ours.conflicts()[0].event_id, "e0");
    // The same scenario inject delivered by two tabs a moment apart is one entry.
    let inject = |recorded: &str| Event { recorded_at: t(recorded), kind: EventKind::DrillInject { index: 0, text: "x".into() }, ..note("inc-inject-0", "", "2026-11-23T09:10") };
    let mut a = base();
    std::sync::Arc::make_mut(&mut a.events).push(inject("2026-11-23T09:10"));
    let mut b = base();
    std::sync::Arc::make_mut(&mut b.events).push(inject("2026-11-23T09:11"));
    assert_eq!(a.merge_all(&b), Merged::default());
}
