//! Two tabs on one store: each takes in what the other saved, and neither's
//! entries are overwritten.

use crate::support::{note, World};

#[test]
fn an_entry_recorded_in_one_tab_appears_in_the_other() {
    // Given an incident open in two tabs
    let mut a = World::at("2026-11-23T09:00");
    let id = a.open("2026-11-23T09:00");
    let mut b = a.second_tab();
    assert!(b.desk.incident(&id).is_some());
    // When tab A records a note
    a.record(&id, note("A 记录"));
    // Then tab B has it after its next tick
    b.run(|d, c| d.tick(c));
    assert!(b.kinds(&id).contains(&"Note".to_string()));
    assert!(b.happened.changed.incidents);
}

#[test]
fn both_tabs_recording_at_once_keep_both_entries() {
    // Given an incident open in two tabs
    let mut a = World::at("2026-11-23T09:00");
    let id = a.open("2026-11-23T09:00");
    let mut b = a.second_tab();
    // When each records before seeing the other's entry
    a.record(&id, note("A"));
    b.record(&id, note("B"));
    // Then the store holds both, and so does each tab once it looks
    let stored = a.stored(&id);
    let notes: Vec<_> = stored.events().iter().filter_map(|e| match &e.kind { incident_desk::domain::EventKind::Note { text, .. } => Some(text.clone()), _ => None }).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    a.run(|d, c| d.tick(c));
    assert_eq!(a.kinds(&id).iter().filter(|k| *k == "Note").count(), 2);
}

#[test]
fn a_new_incident_and_a_new_plan_in_one_tab_reach_the_other() {
    let mut a = World::at("2026-11-23T09:00");
    let mut b = a.second_tab();
    // When tab A opens an incident and renames the institution
    let id = a.open("2026-11-23T09:00");
    a.run(|d, c| d.rename_institution(c, "bank-depository", "甲银行股份有限公司")).unwrap();
    // Then tab B sees both
    b.run(|d, c| d.tick(c));
    assert!(b.desk.incident(&id).is_some());
    assert_eq!(b.desk.current_plan("bank-depository").institution, "甲银行股份有限公司");
}

#[test]
fn the_list_summaries_come_from_the_store() {
    let mut a = World::at("2026-11-23T09:00");
    let first = a.open("2026-11-23T09:00");
    let second = a.open("2026-11-23T10:00");
    let summaries = a.store.summaries();
    assert_eq!(summaries.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), vec![first.clone(), second]);
    assert_eq!(summaries[0].title, "出入金系统中断");
    assert_eq!(summaries[0].events, a.incident(&first).events().len());
    assert!(!summaries[0].closed && !summaries[0].drill);
}

#[test]
fn a_directory_saved_in_one_tab_reaches_the_other() {
    let mut a = World::at("2026-11-23T09:00");
    let mut b = a.second_tab();
    let mut d = incident_desk::domain::business::contacts::Directory::default();
    d.contacts.push(serde_json::from_value(serde_json::json!({
        "kind": "FuturesCompany", "unit": "乙期货", "role": "结算部", "name": "李四",
        "office_phone": "010-2", "mobile": "", "fax": "", "email": ""
    })).expect("a contact"));
    a.run(|desk, c| desk.save_directory(c, d.clone())).unwrap();
    b.run(|desk, c| desk.tick(c));
    assert_eq!(b.desk.directory, d);
}
