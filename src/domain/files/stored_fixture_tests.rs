//! Stored records written by an earlier build (tests/fixtures/stored, made through the
//! UI by make.mjs) read, re-hash and re-serialise byte for byte in this one: every
//! incident record, document and setting, the sealed copies under the passphrase lock,
//! and the backup, archive and packet files that build exported.

use crate::domain::files::backup;
use crate::domain::business::contacts::Directory;
use crate::domain::incidents::integrity::chain;
use crate::domain::files::packet;
use crate::domain::base::seal::Lock;
use crate::domain::base::workstation::Workstation;
use crate::domain::events::event::Author;
use crate::domain::incidents::incident::Incident;
use crate::domain::plans::plan::Plan;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const LOCAL_STORAGE: &str = include_str!("../../../tests/fixtures/stored/local-storage.json");
const SEALED_LOCAL_STORAGE: &str = include_str!("../../../tests/fixtures/stored/sealed-local-storage.json");
const BACKUP: &str = include_str!("../../../tests/fixtures/stored/backup.json");
const ARCHIVE: &str = include_str!("../../../tests/fixtures/stored/archive.json");
const PACKET: &str = include_str!("../../../tests/fixtures/stored/packet.json");
const EXPECTED: &str = include_str!("../../../tests/fixtures/stored/expected.json");

const INCIDENT_PREFIX: &str = "incident-desk:incident:";

/// An incident record, with the field order of store/local.rs's `StoredIncident`.
#[derive(Serialize, Deserialize)]
struct StoredIncident {
    schema: u32,
    data: Incident,
    chain: Vec<String>,
}

/// A document (directory, plans), with the field order of store/local.rs's `Stored`.
#[derive(Serialize, Deserialize)]
struct Stored<T> {
    schema: u32,
    data: T,
}

/// A value sealed under the passphrase lock: `{"schema":2,"sealed":"…"}`.
#[derive(Deserialize)]
struct Sealed {
    schema: u32,
    sealed: String,
}

#[derive(Deserialize)]
struct Expected {
    generated_at_utc: DateTime<Utc>,
    passphrase: String,
    packet_incident: String,
    operator: String,
    incidents: Vec<ExpectedIncident>,
}

#[derive(Deserialize)]
struct ExpectedIncident {
    key: String,
    id: String,
    stored_title: String,
    events: usize,
    final_hash: String,
    closed: bool,
}

fn store() -> BTreeMap<String, String> {
    serde_json::from_str(LOCAL_STORAGE).expect("local-storage.json is a map of keys to raw values")
}

fn expected() -> Expected {
    serde_json::from_str(EXPECTED).expect("expected.json reads")
}

/// Parses `raw` as `T` and writes it back: the text must come out the same.
fn round_trip<T: Serialize + for<'de> Deserialize<'de>>(key: &str, raw: &str) -> T {
    let value: T = serde_json::from_str(raw).unwrap_or_else(|e| panic!("{key} does not read: {e}"));
    let again = serde_json::to_string(&value).unwrap();
    assert_eq!(again, raw, "{key} is not written back byte for byte");
    value
}

/// The stored incidents, in the order the app loads them (by the first entry's recording time).
fn incidents() -> Vec<(String, StoredIncident)> {
    let mut out: Vec<(String, StoredIncident)> = store()
        .into_iter()
        .filter(|(k, _)| k.starts_with(INCIDENT_PREFIX))
        .map(|(k, raw)| {
            let stored = round_trip::<StoredIncident>(&k, &raw);
            (k, stored)
        })
        .collect();
    out.sort_by_key(|(_, s)| s.data.events()[0].recorded_at);
    // Ties would be ordered by the browser's key order, which the fixture does not fix.
    let firsts: BTreeSet<_> = out.iter().map(|(_, s)| s.data.events()[0].recorded_at).collect();
    assert_eq!(firsts.len(), out.len(), "no two fixture incidents share the first entry's recording time");
    out
}

fn directory() -> Directory {
    round_trip::<Stored<Directory>>("directory", &store()["incident-desk:directory"]).data
}

fn plans() -> Vec<Plan> {
    round_trip::<Stored<Vec<Plan>>>("plans", &store()["incident-desk:plans"]).data
}

#[test]
fn every_incident_record_rehashes_to_its_stored_chain_and_rewrites_byte_for_byte() {
    let found = incidents();
    let want = expected();
    assert_eq!(found.len(), want.incidents.len(), "one stored record per expected incident");
    for (key, stored) in &found {
        let i = &stored.data;
        assert_eq!(stored.schema, 2, "{key}: schema");
        assert_eq!(key, &format!("{INCIDENT_PREFIX}{}", i.id()), "{key}: the key names the incident");
        assert_eq!(chain(i), stored.chain, "{key}: the chain computed afresh is the stored one");
        let e = want.incidents.iter().find(|e| e.id == i.id()).unwrap_or_else(|| panic!("{key} is not in expected.json"));
        assert_eq!(&e.key, key);
        assert_eq!(i.events().len(), e.events, "{key}: events");
        assert_eq!(stored.chain.last(), Some(&e.final_hash), "{key}: final hash");
        assert_eq!(crate::domain::incidents::integrity::final_hash(i), e.final_hash, "{key}: final_hash()");
        let state = i.state();
        assert_eq!(state.facts.title, e.stored_title, "{key}: title");
        assert_eq!(state.closed, e.closed, "{key}: closed");
        // `round_trip` already compared the whole record; say so for the record's own struct too.
        let again = serde_json::to_string(&StoredIncident { schema: stored.schema, data: i.clone(), chain: chain(i) }).unwrap();
        assert_eq!(again, store()[key], "{key}: re-serialised with a fresh chain");
    }
}

#[test]
fn documents_settings_index_and_schema_rewrite_byte_for_byte() {
    let s = store();
    let directory = directory();
    assert!(!directory.contacts.is_empty(), "the fixture has a contact");
    let plans = plans();
    assert!(!plans.is_empty(), "the fixture has a customised plan version");
    for (key, raw) in &s {
        let Some(name) = key.strip_prefix("incident-desk:setting:") else { continue };
        match name {
            "operator" => drop(round_trip::<Author>(key, raw)),
            "workstation" => drop(round_trip::<Workstation>(key, raw)),
            "my-role" => drop(round_trip::<String>(key, raw)),
            "current-plans" => {
                let current = round_trip::<BTreeMap<String, String>>(key, raw);
                for (id, version) in &current {
                    assert!(plans.iter().any(|p| &p.id == id && &p.version == version), "{key}: {id}@{version} is a stored plan version");
                }
            }
            other => panic!("setting {other} is in the fixture but not checked here"),
        }
    }
    let index = round_trip::<BTreeSet<String>>("index", &s["incident-desk:index"]);
    let ids: BTreeSet<String> = incidents().iter().map(|(_, i)| i.data.id().to_string()).collect();
    assert_eq!(index, ids, "the index lists every stored incident");
    assert_eq!(s["incident-desk:schema"], crate::domain::files::migrate::CURRENT.to_string(), "the schema this build writes");
    let known = |k: &str| {
        k.starts_with(INCIDENT_PREFIX) || k.starts_with("incident-desk:setting:") || ["incident-desk:directory", "incident-desk:plans", "incident-desk:index", "incident-desk:schema"].contains(&k)
    };
    for key in s.keys() {
        assert!(known(key), "{key} is in the fixture but not checked here");
    }
}

#[test]
fn the_backup_reads_and_is_exported_again_byte_for_byte_from_the_store() {
    let b = backup::read(BACKUP).expect("backup.json reads and checks");
    assert_eq!(b.exported_at, expected().generated_at_utc);
    // From its own contents.
    let incidents_in: Vec<Incident> = b.incidents.iter().map(|s| s.incident.clone()).collect();
    assert_eq!(backup::export(&incidents_in, &b.directory, &b.plans, b.exported_at), BACKUP);
    // From the stored records, as the app exports them.
    let stored = incidents();
    for (s, (key, st)) in b.incidents.iter().zip(&stored) {
        assert_eq!(s.incident, st.data, "{key}: the backup holds the stored log");
        assert_eq!(s.chain, st.chain, "{key}: and its stored chain");
    }
    let all: Vec<Incident> = stored.into_iter().map(|(_, s)| s.data).collect();
    assert_eq!(backup::export(&all, &directory(), &plans(), b.exported_at), BACKUP, "backup.json from the stored records");
}

#[test]
fn the_archive_reads_and_is_exported_again_byte_for_byte_from_the_closed_incidents() {
    let a = backup::read(ARCHIVE).expect("archive.json reads and checks");
    assert!(!a.incidents.is_empty());
    let closed: Vec<Incident> = incidents().into_iter().map(|(_, s)| s.data).filter(|i| i.state().closed).collect();
    assert_eq!(closed.len(), a.incidents.len(), "the archive holds the closed incidents");
    assert_eq!(backup::export(&closed, &directory(), &plans(), a.exported_at), ARCHIVE, "archive.json from the stored records");
}

#[test]
fn the_packet_reads_and_is_exported_again_byte_for_byte_from_the_store() {
    let want = expected();
    let p = packet::read(PACKET).expect("packet.json reads and checks");
    assert_eq!(p.exported_at, want.generated_at_utc);
    assert_eq!(p.exported_by, want.operator);
    assert_eq!(p.incident.id(), want.packet_incident);
    assert_eq!(packet::export(&p.incident, p.plan.as_ref(), &p.exported_by, p.exported_at), PACKET);
    let (_, stored) = incidents().into_iter().find(|(_, s)| s.data.id() == want.packet_incident).expect("the packet's incident is stored");
    assert_eq!(p.chain, stored.chain);
    // Only the incident's own local plan version travels with it.
    let (id, version) = stored.data.plan_ref();
    let plan = plans().into_iter().find(|x| x.id == id && x.version == version).filter(|x| !x.is_builtin());
    assert_eq!(p.plan, plan);
    assert_eq!(packet::export(&stored.data, plan.as_ref(), &want.operator, p.exported_at), PACKET, "packet.json from the stored record");
}

#[test]
fn the_sealed_store_opens_with_the_passphrase_to_the_plain_store_byte_for_byte() {
    let plain = store();
    let sealed: BTreeMap<String, String> = serde_json::from_str(SEALED_LOCAL_STORAGE).unwrap();
    let lock: Lock = round_trip("incident-desk:lock", &sealed["incident-desk:lock"]);
    let key = lock.unlock(&expected().passphrase).expect("the recorded passphrase opens the lock");
    let mut opened = 0;
    for (k, raw) in &sealed {
        if k == "incident-desk:lock" {
            continue;
        }
        let want = plain.get(k).unwrap_or_else(|| panic!("{k} is sealed but not in the plain store"));
        if raw.contains("\"sealed\"") {
            let s: Sealed = serde_json::from_str(raw).unwrap();
            assert_eq!(s.schema, 2);
            assert_eq!(raw, &format!("{{\"schema\":2,\"sealed\":\"{}\"}}", s.sealed), "{k}: the sealed wrapper's form");
            let text = crate::domain::base::seal::open(&key, &s.sealed).unwrap_or_else(|| panic!("{k} does not open"));
            assert_eq!(&String::from_utf8(text).unwrap(), want, "{k}: opens to the plain record");
            opened += 1;
        } else {
            assert_eq!(raw, want, "{k}: kept in the clear, unchanged");
        }
    }
    let mut plain_keys: Vec<&String> = plain.keys().collect();
    plain_keys.retain(|k| !sealed.contains_key(*k));
    assert!(plain_keys.is_empty(), "missing from the sealed store: {plain_keys:?}");
    // Every incident record and both documents are sealed.
    assert_eq!(opened, plain.keys().filter(|k| k.starts_with(INCIDENT_PREFIX)).count() + 2);
}
