//! Plans, the calendar and the directory: each saved before memory changes,
//! and an unreadable stored copy is never overwritten.

use crate::support::World;
use chrono::NaiveDate;
use incident_desk::desk::Desk;
use incident_desk::domain::business::contacts::Directory;
use incident_desk::store::keys::document_key;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn a_calendar_import_is_kept_for_the_next_start_and_can_be_undone() {
    // Given the built-in calendar, where 2026-11-24 is a working day
    let mut w = World::at("2026-11-23T09:00");
    assert!(w.desk.calendar.is_working_day(day("2026-11-24")));
    // When a schedule marking it a day off is imported
    let preview = w.run(|d, c| d.import_calendar(c, "2026-11-24,休", &[])).unwrap();
    assert_eq!(preview.dates, 1);
    // Then it holds now and after a restart
    assert!(!w.desk.calendar.is_working_day(day("2026-11-24")));
    let mut again = w.reload();
    assert!(!again.desk.calendar.is_working_day(day("2026-11-24")));
    // When the import is undone
    assert!(Desk::calendar_undo(again.store.as_mut()).is_some());
    again.run(|d, c| d.undo_calendar(c)).unwrap();
    // Then the day is a working day again, here and after a restart
    assert!(again.desk.calendar.is_working_day(day("2026-11-24")));
    assert!(again.reload().desk.calendar.is_working_day(day("2026-11-24")));
    assert!(again.run(|d, c| d.undo_calendar(c)).is_err(), "nothing left to undo");
}

#[test]
fn a_far_year_needs_a_yes_and_a_bad_line_imports_nothing() {
    let mut w = World::at("2026-11-23T09:00");
    assert!(w.run(|d, c| d.import_calendar(c, "2031-01-02,休", &[])).is_err());
    assert!(w.run(|d, c| d.import_calendar(c, "2031-01-02,休", &[2031])).is_ok());
    assert!(w.run(|d, c| d.import_calendar(c, "2026-12-01,休\n不是日期", &[])).is_err());
    assert!(w.desk.calendar.is_working_day(day("2026-12-01")));
}

#[test]
fn plan_changes_are_refused_while_the_stored_plans_are_unreadable() {
    // Given stored plan versions that cannot be read
    let w = World::at("2026-11-23T09:00");
    w.backend.tamper(&document_key("plans"), "{not json");
    let mut w = w.reload();
    assert!(w.desk.plans_locked.is_some());
    assert!(!w.desk.load_problems.is_empty());
    // When the institution's name is saved into the plan
    let result = w.run(|d, c| d.rename_institution(c, "bank-depository", "甲银行股份有限公司"));
    // Then it is refused and the stored text is untouched
    assert!(result.is_err());
    assert_eq!(w.backend.raw(&document_key("plans")).as_deref(), Some("{not json"));
}

#[test]
fn a_renamed_institution_is_a_new_plan_version_kept_across_restarts() {
    let mut w = World::at("2026-11-23T09:00");
    let before = w.desk.current_plan("bank-depository").version;
    w.run(|d, c| d.rename_institution(c, "bank-depository", "甲银行股份有限公司")).unwrap();
    let plan = w.desk.current_plan("bank-depository");
    assert_ne!(plan.version, before);
    assert_eq!(w.reload().desk.current_plan("bank-depository").institution, "甲银行股份有限公司");
    // And switching back to the built-in version is saved too
    w.run(|d, c| d.set_current_plan(c, "bank-depository", &before)).unwrap();
    assert_eq!(w.reload().desk.current_plan("bank-depository").version, before);
}

#[test]
fn the_directory_is_saved_before_memory_changes_and_never_over_an_unreadable_copy() {
    let mut w = World::at("2026-11-23T09:00");
    let mut d = Directory::default();
    d.contacts.push(serde_json::from_value(serde_json::json!({
        "kind": "FuturesCompany", "unit": "甲期货", "role": "结算部", "name": "张三",
        "office_phone": "021-1", "mobile": "", "fax": "", "email": ""
    })).expect("a contact"));
    w.run(|desk, c| desk.save_directory(c, d.clone())).unwrap();
    assert_eq!(w.reload().desk.directory, d);
    // Given an unreadable stored directory
    w.backend.tamper(&document_key("directory"), "garbage");
    let mut w = w.reload();
    assert!(w.desk.directory_locked.is_some());
    assert!(w.run(|desk, c| desk.save_directory(c, Directory::default())).is_err());
    assert_eq!(w.backend.raw(&document_key("directory")).as_deref(), Some("garbage"));
}

#[test]
fn a_calendar_preview_changes_nothing() {
    let w = World::at("2026-11-23T09:00");
    let preview = w.desk.preview_calendar(w.clock.0.get(), "2026-11-24,休\n2026-11-28,班").unwrap();
    assert_eq!(preview.dates, 2);
    assert!(w.desk.calendar.is_working_day(day("2026-11-24")));
    assert!(w.backend.raw("incident-desk:setting:calendar-extra").is_none());
    assert!(w.desk.preview_calendar(w.clock.0.get(), "2026-13-01,休").is_err());
}
