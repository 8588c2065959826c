//! Backups, packets and archives through the desk; the passphrase lock.

use crate::support::{note, World};
use incident_desk::domain::base::seal::Lock;
use incident_desk::domain::EventKind;
use incident_desk::store::keys::incident_key;

#[test]
fn a_backup_restored_on_another_workstation_brings_every_incident() {
    // Given a workstation with two incidents
    let mut a = World::at("2026-11-23T09:00");
    let first = a.open("2026-11-23T09:00");
    a.record(&first, note("已报告"));
    let second = a.open("2026-11-23T09:30");
    let text = incident_desk::domain::files::backup::export(&a.desk.incidents, &a.desk.directory, &a.desk.plans.stored(), a.clock.0.get());
    // When a fresh workstation plans and applies the restore
    let mut b = World::at("2026-11-23T10:00");
    let backup = incident_desk::domain::files::backup::read(&text).unwrap();
    let plan = b.run(|d, c| d.plan_backup(c, &backup));
    assert!(plan.blockers.is_empty());
    let (applied, message) = b.run(|d, c| d.apply_restore(c, &plan));
    // Then both incidents are here, stored, with the same logs
    assert!(applied, "{message}");
    for id in [&first, &second] {
        let n = a.incident(id).events().len();
        assert_eq!(&b.stored(id).events()[..n], a.incident(id).events());
    }
    assert!(b.happened.changed.incidents);
}

#[test]
fn a_packet_imports_one_incident_and_a_failed_restore_changes_nothing() {
    let mut a = World::at("2026-11-23T09:00");
    let id = a.open("2026-11-23T09:00");
    let text = incident_desk::domain::files::packet::export(a.incident(&id), None, "王值班", a.clock.0.get());
    let packet = incident_desk::domain::files::packet::read(&text).unwrap();
    let mut b = World::at("2026-11-23T10:00");
    // When the store refuses the write midway
    b.backend.fail_writes(Some(incident_desk::desk::port::StoreError::Full));
    let plan = b.run(|d, c| d.plan_packet(c, &packet.incident, packet.plan.as_ref()));
    let (applied, _) = b.run(|d, c| d.apply_restore(c, &plan));
    // Then nothing is in memory or storage
    assert!(!applied);
    assert!(b.desk.incident(&id).is_none());
    assert!(b.backend.raw(&incident_key(&id)).is_none());
    // When it works
    b.backend.fail_writes(None);
    let plan = b.run(|d, c| d.plan_packet(c, &packet.incident, packet.plan.as_ref()));
    assert!(b.run(|d, c| d.apply_restore(c, &plan)).0);
    assert!(b.desk.incident(&id).is_some());
}

#[test]
fn archived_incidents_leave_memory_and_storage() {
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.record(&id, EventKind::ServiceRestored { note: String::new() });
    w.record(&id, EventKind::Closed { note: String::new() });
    assert_eq!(w.run(|d, c| d.drop_archived(c, std::slice::from_ref(&id))), Ok(1));
    assert!(w.desk.incident(&id).is_none());
    assert!(w.backend.raw(&incident_key(&id)).is_none());
    // And the next start does not report it as deleted outside the app
    assert!(w.reload().desk.load_problems.is_empty());
}

#[test]
fn the_lock_seals_every_record_and_only_the_key_opens_them() {
    // Given a store with an incident
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    let (lock, key) = Lock::create("fixture-pass-1", "fixture-pass-1", [7; 16], [9; 12], 15, 1000).unwrap();
    // When the lock is turned on
    w.run(|d, c| d.reseal(c, Some((lock.clone(), key)))).unwrap();
    // Then the record is sealed and the lock record stored
    let raw = w.backend.raw(&incident_key(&id)).unwrap();
    assert!(raw.contains("\"sealed\"") && !raw.contains("出入金"));
    assert_eq!(w.store.lock(), Some(lock));
    // And a start with the key (after the lock screen) reads it
    let store = Box::new(incident_desk::store::records::Records::new(w.backend.clone(), Some(key)));
    let unlocked = World::with_store(w.backend.clone(), store, "2026-11-23T09:10", 7);
    assert_eq!(unlocked.incident(&id).events(), w.incident(&id).events());
    assert!(unlocked.desk.load_problems.is_empty());
    // When the lock is turned off again
    w.run(|d, c| d.reseal(c, None)).unwrap();
    // Then the record is plain again and the lock record gone
    assert!(w.backend.raw(&incident_key(&id)).unwrap().contains("出入金"));
    assert_eq!(w.store.lock(), None);
}
