//! Log invariants: what the log refuses, how stored logs are read, late entries,
//! merging. Escalation over time is the desk's tick (tests/desk/rules.rs).

use super::*;
use crate::domain::base::level::Level;
use chrono::{DateTime, Utc};
use crate::domain::events::event::Author;
use crate::domain::events::facts::Period;
use crate::domain::events::fixtures::{facts, t};

fn event(id: &str, at: DateTime<Utc>, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: at, recorded_at: at, author: Author { name: "李四".into(), role: "值班".into() }, kind }
}

fn opened(period: Period, started: &str) -> Incident {
    let kind = EventKind::Opened { facts: facts(period, started), plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    Incident::open("inc-1".into(), event("e0", t(started), kind)).unwrap()
}


#[test]
fn manual_reclassification_needs_a_reason() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    let kind = EventKind::Reclassified { level: Some(Level::I), reason: "  ".into() };
    assert_eq!(inc.append(event("m", t("2026-11-23T09:01:00"), kind)), Err(LogError::ReasonRequired));
    assert_eq!(inc.events().len(), 1, "nothing was appended");
}

#[test]
fn the_log_rejects_what_would_break_it() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    let note = EventKind::Note { text: "已电话通知".into(), major: false };
    inc.append(event("n1", t("2026-11-23T09:02:00"), note.clone())).unwrap();
    assert_eq!(inc.append(event("n1", t("2026-11-23T09:03:00"), note)), Err(LogError::DuplicateEventId("n1".into())));
    let again = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00:00"), plan_id: "p".into(), plan_version: "1".into(), drill: None };
    assert_eq!(inc.append(event("o2", t("2026-11-23T09:03:00"), again)), Err(LogError::OpenedTwice));
    inc.append(event("r1", t("2026-11-23T09:04:00"), EventKind::ServiceRestored { note: String::new() })).unwrap();
    let again = EventKind::ServiceRestored { note: String::new() };
    assert_eq!(inc.append(event("r2", t("2026-11-23T09:05:00"), again)), Err(LogError::AlreadyRestored));
}

#[test]
fn stored_logs_are_checked_when_read() {
    let inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    let json = serde_json::to_string(&inc).unwrap();
    assert_eq!(serde_json::from_str::<Incident>(&json).unwrap(), inc);
    let broken = json.replacen("\"type\":\"Opened\"", "\"type\":\"Note\",\"text\":\"x\"", 1);
    assert!(serde_json::from_str::<Incident>(&broken).is_err());
}

#[test]
fn late_entries_are_flagged() {
    let mut e = event("x", t("2026-11-23T09:00:00"), EventKind::Note { text: "纸质记录补录".into(), major: false });
    e.recorded_at = t("2026-11-23T09:05:00");
    assert!(!e.is_late_entry());
    e.recorded_at = t("2026-11-23T09:05:01");
    assert!(e.is_late_entry());
}

#[test]
fn merging_two_copies_keeps_every_event_once() {
    let mut a = opened(Period::Daytime, "2026-11-23T09:00:00");
    let mut b = a.clone();
    a.append(event("from-a", t("2026-11-23T09:02:00"), EventKind::Note { text: "甲".into(), major: false })).unwrap();
    b.append(event("from-b", t("2026-11-23T09:01:00"), EventKind::Note { text: "乙".into(), major: false })).unwrap();
    b.append(event("r-b", t("2026-11-23T09:03:00"), EventKind::ServiceRestored { note: String::new() })).unwrap();
    a.append(event("r-a", t("2026-11-23T09:04:00"), EventKind::ServiceRestored { note: String::new() })).unwrap();
    assert_eq!(a.merge(&b), 2);
    assert_eq!(a.merge(&b), 0, "idempotent");
    let ids: Vec<&str> = a.events().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["e0", "from-b", "from-a", "r-b", "r-a"], "opening first, then by recording time");
    assert_eq!(a.state().restored_at, Some(t("2026-11-23T09:03:00")), "the first restoration in log order counts");
    // Both sides converge: the same log, so the same final hash.
    let mut b2 = b.clone();
    let mut a_only = opened(Period::Daytime, "2026-11-23T09:00:00");
    a_only.append(event("from-a", t("2026-11-23T09:02:00"), EventKind::Note { text: "甲".into(), major: false })).unwrap();
    a_only.append(event("r-a", t("2026-11-23T09:04:00"), EventKind::ServiceRestored { note: String::new() })).unwrap();
    b2.merge(&a_only);
    assert_eq!(b2, a);
    assert_eq!(crate::domain::incidents::integrity::final_hash(&b2), crate::domain::incidents::integrity::final_hash(&a));
    // The merged log still loads.
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Incident>(&json).unwrap(), a);
}


#[test]
fn the_kept_fold_follows_every_change_of_the_log() {
    // Given a fold taken (and kept) of an open incident
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    assert!(inc.state().is_open());
    // When restoration is appended, the fold says so
    inc.append(event("r1", t("2026-11-23T09:04:00"), EventKind::ServiceRestored { note: String::new() })).unwrap();
    assert_eq!(inc.state().restored_at, Some(t("2026-11-23T09:04:00")));
    // And a copy that merges in a closing from elsewhere folds it too, its fold kept apart
    let before = inc.clone();
    let mut other = inc.clone();
    other.append(event("c1", t("2026-11-23T09:10:00"), EventKind::Closed { note: String::new() })).unwrap();
    assert!(!inc.state().closed);
    inc.merge(&other);
    assert!(inc.state().closed && !before.state().closed);
    // Equal logs are equal whatever each has kept
    assert_eq!(inc, other);
}
