//! Entries pulled from the sync server taken in by the desk: merged and saved, a
//! new incident made once its opening has come, a shelved log read first, a
//! refused document named with nothing changed.

use super::shelf::Shelf;
use crate::support::{note, World};
use incident_desk::domain::sync::event_doc::{EventDoc, Refusal};
use incident_desk::domain::EventKind;
use incident_desk::domain::Incident;
use std::cell::RefCell;
use std::rc::Rc;

/// What a pull of `incident` brings: each entry as a checked document.
fn docs(incident: &Incident) -> Vec<EventDoc> {
    incident.events().iter().map(|e| EventDoc { incident_id: incident.id().to_string(), event: e.clone() }).collect()
}

#[test]
fn entries_recorded_elsewhere_are_merged_into_the_log_here_and_saved() {
    // Given one incident at the branch and at the head office, each with an entry the other lacks
    let mut branch = World::at("2026-11-23T09:00");
    let id = branch.open("2026-11-23T09:00");
    let mut head = World::on(incident_desk::store::memory::MemoryBackend::with_values(branch.backend.dump()), "2026-11-23T09:00", 77 << 32);
    branch.record(&id, note("支行：已通知期货公司"));
    head.clock.0.set(head.clock.0.get() + chrono::Duration::minutes(3));
    head.record(&id, note("总行：已报告领导小组"));
    // When the head office pulls the branch's entries
    let pulled = docs(branch.incident(&id));
    let added = head.run(|d, c| d.take_pulled(c, pulled, Vec::new()));
    // Then the log here holds both, saved, and a reload finds it so
    assert_eq!(added, 1);
    assert!(head.happened.changed.incidents);
    let texts = |w: &World| w.incident(&id).events().iter().filter_map(|e| match &e.kind { EventKind::Note { text, .. } => Some(text.clone()), _ => None }).collect::<Vec<_>>();
    assert_eq!(texts(&head), ["支行：已通知期货公司", "总行：已报告领导小组"]);
    assert_eq!(head.reload().incident(&id), head.incident(&id));
    // And pulling the same again adds nothing
    let again = docs(branch.incident(&id));
    assert_eq!(head.run(|d, c| d.take_pulled(c, again, Vec::new())), 0);
}

#[test]
fn an_incident_recorded_elsewhere_is_made_here_once_its_opening_has_come() {
    let mut branch = World::at("2026-11-23T09:00");
    let id = branch.open("2026-11-23T09:00");
    branch.record(&id, note("支行：转人工"));
    let mut head = World::at("2026-11-23T09:05");
    let mut pulled = docs(branch.incident(&id));
    let opening = pulled.remove(0);
    // The entries before the opening: nothing made yet
    assert_eq!(head.run(|d, c| d.take_pulled(c, pulled, Vec::new())), 0);
    assert!(head.desk.incident(&id).is_none());
    // The opening comes in the next pull: the incident is here, whole, and stored
    head.run(|d, c| d.take_pulled(c, vec![opening], Vec::new()));
    let here = head.desk.incident(&id).expect("made here");
    assert!(branch.incident(&id).events().iter().all(|e| here.events().contains(e)), "every entry pulled is in it");
    assert!(head.reload().desk.incident(&id).is_some());
}

#[test]
fn a_refused_document_is_named_and_nothing_here_changes() {
    let mut head = World::at("2026-11-23T09:00");
    let id = head.open("2026-11-23T09:00");
    let before = head.incident(&id).clone();
    let raw = format!(r#"{{"_id":"ev:{id}:n1","_rev":"2-abc"}}"#);
    let refused = vec![Refusal { doc_id: format!("ev:{id}:n1"), reason: "记录在服务器上被改动过（修订号 2-abc），未采用".into(), raw: raw.clone() }];
    head.run(|d, c| d.take_pulled(c, Vec::new(), refused.clone()));
    assert_eq!(head.incident(&id), &before);
    assert!(head.desk.sync_refused.iter().any(|p| p.contains(&format!("ev:{id}:n1")) && p.contains("修订号") && p.contains("隔离区")), "{:?}", head.desk.sync_refused);
    // Its text is in the quarantine, as it came; told again, it is said once
    let quarantined = head.store.quarantined();
    assert!(quarantined.iter().any(|(k, v)| k.ends_with(&format!("sync:ev:{id}:n1")) && *v == raw), "{quarantined:?}");
    head.run(|d, c| d.take_pulled(c, Vec::new(), refused));
    assert_eq!(head.desk.sync_refused.len(), 1);
}

#[test]
fn entries_for_a_shelved_incident_wait_for_its_log_then_are_merged() {
    // Given a closed incident on the shelf here
    let mut w = World::at("2026-11-23T09:00");
    let closed = w.open_closed("2026-11-23T09:00");
    let elsewhere = {
        let mut other = World::on(incident_desk::store::memory::MemoryBackend::with_values(w.backend.dump()), "2026-11-23T10:00", 88 << 32);
        other.record(&closed, note("关闭后补记"));
        other.incident(&closed).clone()
    };
    let asked = Rc::new(RefCell::new(Vec::new()));
    let shelf = Shelf { ..Shelf::over(w.backend.clone(), asked.clone()) };
    let mut w = World::with_store(w.backend.clone(), Box::new(shelf), "2026-11-23T10:05", 900 << 32);
    assert!(w.desk.is_shelved(&closed));
    // When its entries are pulled: its log is asked for, nothing merged against the summary
    w.run(|d, c| d.take_pulled(c, docs(&elsewhere), Vec::new()));
    assert_eq!(*asked.borrow(), vec![closed.clone()]);
    assert!(w.desk.incident(&closed).is_none());
    // Then, the log read in, the pulled entry is in it and saved
    w.run(|d, c| d.take_changes(c));
    assert_eq!(w.incident(&closed).events().len(), elsewhere.events().len());
    assert!(w.incident(&closed).events().iter().any(|e| matches!(&e.kind, EventKind::Note { text, .. } if text == "关闭后补记")));
}

#[test]
fn a_rise_worked_out_elsewhere_first_sounds_here_too_and_the_tick_adds_no_copy() {
    // Given the same open incident at both workstations
    let mut branch = World::at("2026-11-23T09:00");
    let id = branch.open("2026-11-23T09:00");
    let mut head = World::on(incident_desk::store::memory::MemoryBackend::with_values(branch.backend.dump()), "2026-11-23T09:00", 77 << 32);
    // When the branch's tick records Ⅲ级 at 09:05 and the head office pulls it before its own tick
    branch.tick_at("2026-11-23T09:05");
    let rise = branch.incident(&id).events().last().unwrap().clone();
    assert!(matches!(rise.kind, EventKind::Classified { .. }));
    head.clock.0.set(crate::support::bj("2026-11-23T09:05"));
    head.run(|d, c| d.take_pulled(c, docs(branch.incident(&id)), Vec::new()));
    // Then it sounds here: tone, notification, banner
    assert!(head.happened.sound);
    assert!(head.happened.notifications.iter().any(|(title, _)| title.contains("Ⅲ")), "{:?}", head.happened.notifications);
    assert!(head.desk.alerts.iter().any(|a| a.incident_id == id && matches!(a.kind, incident_desk::desk::AlertKind::Level(_))));
    // And its own tick finds the rise recorded: nothing added, nothing sounded twice
    let before = head.incident(&id).events().len();
    head.tick_at("2026-11-23T09:06");
    assert_eq!(head.incident(&id).events().len(), before);
    assert_eq!(head.incident(&id).events(), branch.incident(&id).events());
}
