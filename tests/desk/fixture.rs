//! The stored fixture (tests/fixtures/stored: localStorage written through the UI of
//! the build before the desk existed), read by this build's own record layout and
//! desk: nothing found wrong, nothing rewritten, every chain as stored, every record
//! written back byte for byte, the exports as that build made them.

use crate::support::World;
use incident_desk::desk::port::Store;
use incident_desk::domain::incidents::integrity::Integrity;
use incident_desk::domain::base::seal::Lock;
use incident_desk::domain::EventKind;
use incident_desk::store::memory::MemoryBackend;
use incident_desk::store::keys::incident_id_of_key;
use incident_desk::store::records::Records;
use std::collections::BTreeMap;

const LOCAL_STORAGE: &str = include_str!("../fixtures/stored/local-storage.json");
const SEALED_LOCAL_STORAGE: &str = include_str!("../fixtures/stored/sealed-local-storage.json");
const BACKUP: &str = include_str!("../fixtures/stored/backup.json");
const PACKET: &str = include_str!("../fixtures/stored/packet.json");
const EXPECTED: &str = include_str!("../fixtures/stored/expected.json");

fn dump(text: &str) -> BTreeMap<String, String> {
    serde_json::from_str(text).expect("a map of keys to raw values")
}

fn expected() -> serde_json::Value {
    serde_json::from_str(EXPECTED).unwrap()
}

fn generated_at() -> String {
    expected()["generated_at_beijing"].as_str().unwrap()[..16].to_string()
}

#[test]
fn the_earlier_builds_store_starts_clean_and_is_left_byte_for_byte() {
    // Given the earlier build's localStorage
    let backend = MemoryBackend::with_values(dump(LOCAL_STORAGE));
    // When this build starts on it and checks every chain
    let mut w = World::on(backend.clone(), &generated_at(), 1 << 40);
    assert!(w.desk.load_problems.is_empty(), "{:?}", w.desk.load_problems);
    assert!(w.desk.storage_errors.is_empty());
    w.run(|d, c| d.settle_all_pending(c));
    // Then nothing was found (beyond the finding the fixture itself holds) and nothing written
    let findings: usize = w.desk.incidents.iter().map(|i| i.events().iter().filter(|e| matches!(e.kind, EventKind::IntegrityBroken { .. })).count()).sum();
    assert_eq!(findings, 1, "only the alteration the fixture recorded itself");
    assert_eq!(backend.dump(), dump(LOCAL_STORAGE), "loading rewrote nothing");
    // And every incident is as the earlier build showed it
    for want in expected()["incidents"].as_array().unwrap() {
        let id = want["id"].as_str().unwrap();
        let incident = w.incident(id).clone();
        assert_eq!(incident.events().len(), want["events"].as_u64().unwrap() as usize);
        let chain = w.store.chain(&incident);
        assert_eq!(chain.last().unwrap(), want["final_hash"].as_str().unwrap(), "{id}: final hash");
    }
}

#[test]
fn every_record_is_written_back_byte_for_byte_and_rehashes_to_its_chain() {
    let original = dump(LOCAL_STORAGE);
    let backend = MemoryBackend::with_values(original.clone());
    let mut store = Records::new(backend.clone(), None);
    let loaded = store.load();
    assert!(loaded.problems.is_empty());
    for incident in &loaded.incidents {
        let (id, saved) = loaded.chains.iter().find(|(id, _)| id == incident.id()).expect("a chain per incident");
        assert_eq!(store.check_chain(incident, saved), Integrity::Intact, "{id}");
    }
    // When every incident and document is written again by this build (a fresh store: no cache)
    let mut again = Records::new(backend.clone(), None);
    for incident in &loaded.incidents {
        again.save(incident).unwrap();
    }
    let plans = again.load_plans().unwrap().unwrap();
    again.save_plans(&plans).unwrap();
    let directory = again.load_directory().unwrap().unwrap();
    again.save_directory(&directory).unwrap();
    // Then storage holds exactly what the earlier build wrote
    let now = backend.dump();
    for (key, raw) in &original {
        assert_eq!(now.get(key), Some(raw), "{key} written back differently");
    }
    assert_eq!(now.len(), original.len());
    assert!(original.keys().filter(|k| incident_id_of_key(k).is_some()).count() >= 5);
}

#[test]
fn the_exports_from_this_build_equal_the_earlier_builds_files() {
    let mut w = World::on(MemoryBackend::with_values(dump(LOCAL_STORAGE)), &generated_at(), 1 << 41);
    let backup = incident_desk::domain::files::backup::read(BACKUP).unwrap();
    let text = incident_desk::domain::files::backup::export(&w.desk.incidents, &w.desk.directory, &w.desk.plans.stored(), backup.exported_at);
    assert_eq!(text, BACKUP, "the backup");
    let packet = incident_desk::domain::files::packet::read(PACKET).unwrap();
    let id = packet.incident.id().to_string();
    let plan = w.desk.plans.get(w.incident(&id).plan_ref().0, w.incident(&id).plan_ref().1).cloned();
    let text = incident_desk::domain::files::packet::export(w.incident(&id), plan.as_ref(), &packet.exported_by, packet.exported_at);
    assert_eq!(text, PACKET, "the packet");
    // And restoring the earlier backup here changes nothing: every incident is already the same
    let plan = w.run(|d, c| d.plan_backup(c, &backup));
    assert!(plan.blockers.is_empty(), "{:?}", plan.blockers);
}

#[test]
fn the_sealed_store_opens_with_the_passphrase_to_the_same_incidents() {
    let sealed = dump(SEALED_LOCAL_STORAGE);
    let lock: Lock = serde_json::from_str(&sealed["incident-desk:lock"]).unwrap();
    let key = lock.unlock(expected()["passphrase"].as_str().unwrap()).expect("the recorded passphrase");
    let backend = MemoryBackend::with_values(sealed.clone());
    let store = Box::new(Records::new(backend.clone(), Some(key)));
    let w = World::with_store(backend.clone(), store, &generated_at(), 1 << 42);
    assert!(w.desk.load_problems.is_empty(), "{:?}", w.desk.load_problems);
    let plain = World::on(MemoryBackend::with_values(dump(LOCAL_STORAGE)), &generated_at(), 1 << 43);
    assert_eq!(w.desk.incidents, plain.desk.incidents);
    assert_eq!(w.desk.directory, plain.desk.directory);
    assert_eq!(w.desk.plans.stored(), plain.desk.plans.stored());
    assert_eq!(backend.dump(), sealed, "opening rewrote nothing");
}
