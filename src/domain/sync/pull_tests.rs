//! Pulled entries taken into incidents: in any order, in batches, twice; an
//! incident new here waits for its opening; two workstations end with one log.

use super::*;
use crate::domain::events::event::Author;
use crate::domain::events::facts::Period;
use crate::domain::events::fixtures::{facts, t};
use crate::domain::incidents::integrity::final_hash;
use crate::domain::sync::event_doc::{read_doc, to_doc};

fn event(id: &str, at: &str, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "李四".into(), role: "值班".into() }, kind }
}

fn note(id: &str, at: &str, text: &str) -> Event {
    event(id, at, EventKind::Note { text: text.into(), major: false })
}

fn opening() -> Event {
    let kind = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00:00"), plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    event("e0", "2026-11-23T09:00:00", kind)
}

fn incident(events: &[Event]) -> Incident {
    let mut i = Incident::open("inc-1".into(), opening()).unwrap();
    for e in events {
        i.append(e.clone()).unwrap();
    }
    i
}

/// What a workstation pulls of `incident`: its entries as documents, read back.
fn docs_of(incident: &Incident) -> Vec<Event> {
    incident.events().iter().map(|e| {
        let mut doc = to_doc(incident.id(), e);
        doc["_rev"] = "1-abc".into();
        read_doc(&doc, 0).unwrap().unwrap().event
    }).collect()
}

fn merged(outcome: Outcome) -> Incident {
    match outcome {
        Outcome::Merged { incident, .. } => incident,
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_workstations_that_pull_each_other_end_with_one_log_and_one_final_hash() {
    // Given a branch and the head office, each with entries the other lacks
    let branch = incident(&[note("b1", "2026-11-23T09:05:00", "支行：已通知期货公司"), note("b2", "2026-11-23T09:20:00", "支行：转人工")]);
    let head = incident(&[note("h1", "2026-11-23T09:10:00", "总行：已报告领导小组")]);
    // When each pulls the other's documents (in reverse order, as a feed may deliver them)
    let mut from_head = docs_of(&head);
    from_head.reverse();
    let at_branch = merged(take_in("inc-1", Some(&branch), from_head).unwrap());
    let at_head = merged(take_in("inc-1", Some(&head), docs_of(&branch)).unwrap());
    // Then both hold the same log, in the merge's order, with the same final hash
    assert_eq!(at_branch, at_head);
    assert_eq!(at_branch.events().iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e0", "b1", "h1", "b2"]);
    assert_eq!(final_hash(&at_branch), final_hash(&at_head));
    // And pulling the same again changes nothing
    assert_eq!(take_in("inc-1", Some(&at_branch), docs_of(&head)).unwrap(), Outcome::Unchanged);
}

#[test]
fn an_incident_new_here_waits_for_its_opening_then_is_taken_in_whole() {
    let theirs = incident(&[note("n1", "2026-11-23T09:05:00", "甲"), note("n2", "2026-11-23T09:06:00", "乙")]);
    let all = docs_of(&theirs);
    // Its entries arrive before its opening: kept, nothing made yet
    let Outcome::Waiting(kept) = take_in("inc-1", None, all[1..].to_vec()).unwrap() else { panic!() };
    assert_eq!(kept.len(), 2);
    // With the opening (and a retried copy of an entry), the incident is the one written
    let mut batch = kept;
    batch.push(all[0].clone());
    batch.push(all[2].clone());
    let got = merged(take_in("inc-1", None, batch).unwrap());
    assert_eq!(got, theirs);
}

#[test]
fn an_entry_held_here_with_other_content_is_kept_beside_ours_as_a_conflict() {
    let ours = incident(&[note("n1", "2026-11-23T09:05:00", "本机的内容")]);
    let theirs = incident(&[note("n1", "2026-11-23T09:05:00", "对方的内容")]);
    match take_in("inc-1", Some(&ours), docs_of(&theirs)).unwrap() {
        Outcome::Merged { incident, added, conflicts } => {
            assert_eq!((added, conflicts), (0, 1));
            assert_eq!(incident.conflicts().len(), 1);
            assert!(incident.events().iter().any(|e| e.id == "n1" && matches!(&e.kind, EventKind::Note { text, .. } if text == "本机的内容")));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn entries_that_cannot_form_a_log_are_refused_whole() {
    let mut second = opening();
    second.id = "e9".into();
    let refused = take_in("inc-1", None, vec![opening(), second]).unwrap_err();
    assert!(refused.reason.contains("两条登记"), "{refused:?}");
    assert_eq!(refused.doc_id, "inc-1");
}

#[test]
fn a_log_recorded_in_one_instant_is_put_in_the_shared_order_so_the_hashes_agree() {
    // Given two entries recorded in one instant, appended here in the order they were made
    let mine = incident(&[note("z-rise", "2026-11-23T09:05:00", "升级"), note("a-rise", "2026-11-23T09:05:00", "再升级")]);
    // When a fresh workstation pulls them, and this one pulls its own back
    let theirs = merged(take_in("inc-1", None, docs_of(&mine)).unwrap());
    let here = merged(take_in("inc-1", Some(&mine), docs_of(&mine)).unwrap());
    // Then both hold them in the merge's order, with one final hash
    assert_eq!(here.events().iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e0", "a-rise", "z-rise"]);
    assert_eq!(here, theirs);
    assert_eq!(final_hash(&here), final_hash(&theirs));
    // And once in that order, pulling again changes nothing
    assert_eq!(take_in("inc-1", Some(&here), docs_of(&mine)).unwrap(), Outcome::Unchanged);
}
