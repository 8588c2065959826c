//! A stored log altered outside the app is reported in the log itself, before
//! anything is added to it; it is never silently re-sealed.

use crate::support::{note, World};
use incident_desk::domain::EventKind;
use incident_desk::store::keys::incident_key;

/// An incident restored and closed, with a note whose text the test will alter.
fn closed_incident(w: &mut World) -> String {
    let id = w.open("2026-11-23T09:00");
    w.clock.0.set(crate::support::bj("2026-11-23T09:02"));
    w.record(&id, note("原始记录"));
    w.record(&id, EventKind::ServiceRestored { note: String::new() });
    w.record(&id, EventKind::Closed { note: "处置完毕".into() });
    assert!(w.incident(&id).state().closed);
    id
}

/// Edits the stored note "原始记录" outside the app, as someone with the developer tools would.
fn alter_note(w: &World, id: &str) {
    let raw = w.backend.raw(&incident_key(id)).unwrap();
    w.backend.tamper(&incident_key(id), &raw.replace("原始记录", "篡改记录"));
}

#[test]
fn a_closed_incident_altered_in_storage_is_reported_before_it_is_touched() {
    // Given a closed incident whose stored note was edited outside the app
    let mut w = World::at("2026-11-23T09:00");
    let id = closed_incident(&mut w);
    alter_note(&w, &id);

    // When the app starts again: closed incidents are not checked before the first screen
    let mut w = w.reload();
    assert!(w.desk.has_unverified());
    let before = w.incident(&id).events().len();

    // When someone adds to it
    w.record(&id, note("补充说明"));
    // Then the finding is in the log first, then the new entry
    let kinds = w.kinds(&id);
    assert_eq!(&kinds[before..], ["IntegrityBroken", "Note"]);
    let EventKind::IntegrityBroken { position, .. } = &w.incident(&id).events()[before].kind else { panic!() };
    assert_eq!(*position, 1, "the altered entry is named");
    // And the finding reached the store
    assert!(w.stored(&id).events().iter().any(|e| matches!(e.kind, EventKind::IntegrityBroken { .. })));
}

#[test]
fn the_background_check_reports_an_altered_log_without_anyone_touching_it() {
    // Given a closed incident altered outside the app
    let mut w = World::at("2026-11-23T09:00");
    let id = closed_incident(&mut w);
    alter_note(&w, &id);
    let mut w = w.reload();
    // When the checks after the first screen run
    while w.run(|d, c| d.settle_next(c)) {}
    // Then the finding is recorded, once
    let found = w.kinds(&id).iter().filter(|k| *k == "IntegrityBroken").count();
    assert_eq!(found, 1);
    w.run(|d, c| d.settle_all_pending(c));
    assert_eq!(w.kinds(&id).iter().filter(|k| *k == "IntegrityBroken").count(), 1);
}

#[test]
fn an_untouched_store_reloads_without_findings_and_byte_for_byte() {
    // Given a store with an open and a closed incident
    let mut w = World::at("2026-11-23T09:00");
    let closed = closed_incident(&mut w);
    let open = w.open("2026-11-23T10:00");
    let before = w.backend.dump();
    // When it is loaded again and every chain checked
    let mut w = w.reload();
    w.run(|d, c| d.settle_all_pending(c));
    // Then nothing was found and nothing rewritten
    assert!(!w.kinds(&closed).contains(&"IntegrityBroken".to_string()));
    assert!(!w.kinds(&open).contains(&"IntegrityBroken".to_string()));
    assert!(w.desk.load_problems.is_empty());
    assert_eq!(w.backend.dump(), before);
}

#[test]
fn an_open_incident_altered_in_storage_is_reported_before_its_next_entry() {
    // Given an incident still in progress whose stored note was edited outside the app
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.record(&id, note("原始记录"));
    alter_note(&w, &id);
    // When the app starts again: its chain waits, like the closed ones', until after the first screen
    let mut w = w.reload();
    assert!(w.desk.has_unverified());
    let before = w.incident(&id).events().len();
    // Then the first entry added to it comes after the finding
    w.record(&id, note("补充说明"));
    assert_eq!(&w.kinds(&id)[before..], ["IntegrityBroken", "Note"]);
}
