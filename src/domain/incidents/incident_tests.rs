//! Escalation over time with an injected clock (第八条), and log invariants.

use super::*;
use crate::domain::base::calendar::Calendar;
use crate::domain::base::level::Level;
use crate::domain::events::rule::Rule;
use crate::domain::plans::plan::Plan;
use chrono::{DateTime, Duration, Utc};
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

/// What the shell does on every clock tick: record each due rise.
fn tick(incident: &mut Incident, now: &str) -> Vec<(DateTime<Utc>, Level)> {
    let (plan, cal) = (Plan::bank_depository(), Calendar::china_builtin());
    let now = t(now);
    let rises = incident.due_rises(&plan, &cal, now);
    for (n, step) in rises.iter().enumerate() {
        let kind = EventKind::Classified { level: step.level, effective_at: step.at, rule: step.rule.clone() };
        let mut e = event(&format!("rise-{now}-{n}"), step.at, kind);
        e.recorded_at = now;
        e.author = Author::system();
        incident.append(e).unwrap();
    }
    rises.iter().map(|s| (s.at, s.level)).collect()
}

#[test]
fn level_rises_as_the_clock_advances() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    assert_eq!(tick(&mut inc, "2026-11-23T09:03:00"), vec![]);
    assert_eq!(inc.state().level, None);
    assert_eq!(tick(&mut inc, "2026-11-23T09:06:00"), vec![(t("2026-11-23T09:05:00"), Level::III)]);
    assert_eq!(tick(&mut inc, "2026-11-23T09:07:00"), vec![], "a rise is recorded once");
    assert_eq!(tick(&mut inc, "2026-11-23T09:31:00"), vec![(t("2026-11-23T09:30:00"), Level::II)]);
    let s = inc.state();
    assert_eq!((s.level, s.level_since), (Some(Level::II), Some(t("2026-11-23T09:30:00"))));
}

#[test]
fn a_workstation_closed_for_hours_records_every_missed_rise_at_its_instant() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    let rises = tick(&mut inc, "2026-11-23T11:30:00");
    assert_eq!(
        rises,
        vec![
            (t("2026-11-23T09:05:00"), Level::III),
            (t("2026-11-23T09:30:00"), Level::II),
            (t("2026-11-23T11:00:00"), Level::I),
        ]
    );
    assert!(inc.events().last().unwrap().is_late_entry());
}

#[test]
fn restoration_stops_escalation() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    tick(&mut inc, "2026-11-23T09:10:00");
    inc.append(event("r", t("2026-11-23T09:20:00"), EventKind::ServiceRestored { note: String::new() })).unwrap();
    assert_eq!(tick(&mut inc, "2026-11-23T15:00:00"), vec![]);
    let s = inc.state();
    assert_eq!(s.level, Some(Level::III));
    assert!(!s.is_open());
    assert_eq!(s.duration(t("2026-11-23T15:00:00")), Duration::minutes(20));
}

#[test]
fn levels_never_fall_by_themselves() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    tick(&mut inc, "2026-11-23T09:40:00");
    // The start was later than first thought: the rules now give Ⅲ, the level stays Ⅱ.
    let corrected = facts(Period::Daytime, "2026-11-23T09:25:00");
    inc.append(event("c", t("2026-11-23T09:41:00"), EventKind::FactsCorrected { facts: corrected, reason: "核实开始时间".into() }))
        .unwrap();
    assert_eq!(tick(&mut inc, "2026-11-23T09:42:00"), vec![]);
    assert_eq!(inc.state().level, Some(Level::II));
}

#[test]
fn an_earlier_start_found_later_raises_with_past_effective_instants() {
    let mut inc = opened(Period::Daytime, "2026-11-23T10:00:00");
    tick(&mut inc, "2026-11-23T10:10:00");
    let corrected = facts(Period::Daytime, "2026-11-23T09:30:00");
    inc.append(event("c", t("2026-11-23T10:11:00"), EventKind::FactsCorrected { facts: corrected, reason: "监控日志显示更早".into() }))
        .unwrap();
    assert_eq!(tick(&mut inc, "2026-11-23T10:11:00"), vec![(t("2026-11-23T10:00:00"), Level::II)]);
}

#[test]
fn manual_reclassification_holds_until_a_new_threshold_is_crossed() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    tick(&mut inc, "2026-11-23T09:35:00");
    assert_eq!(inc.state().level, Some(Level::II));
    let kind = EventKind::Reclassified { level: Some(Level::III), reason: "仅影响单一期货公司，经工作小组研究".into() };
    inc.append(event("m", t("2026-11-23T09:40:00"), kind)).unwrap();
    let s = inc.state();
    assert_eq!(s.level, Some(Level::III));
    assert!(s.level_basis.unwrap().describe().starts_with("人工调整"));
    assert_eq!(tick(&mut inc, "2026-11-23T10:30:00"), vec![], "the Ⅱ threshold was crossed before the decision");
    assert_eq!(tick(&mut inc, "2026-11-23T11:01:00"), vec![(t("2026-11-23T11:00:00"), Level::I)]);
}

#[test]
fn manual_reclassification_needs_a_reason() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    let kind = EventKind::Reclassified { level: Some(Level::I), reason: "  ".into() };
    assert_eq!(inc.append(event("m", t("2026-11-23T09:01:00"), kind)), Err(LogError::ReasonRequired));
    assert_eq!(inc.events().len(), 1, "nothing was appended");
}

#[test]
fn end_of_day_incident_rises_at_next_start_then_by_impact() {
    let mut inc = opened(Period::EndOfDay, "2026-11-20T17:30:00"); // Friday
    assert_eq!(tick(&mut inc, "2026-11-20T17:31:00"), vec![(t("2026-11-20T17:30:00"), Level::III)]);
    assert_eq!(tick(&mut inc, "2026-11-22T12:00:00"), vec![], "the weekend is not a daytime start");
    assert_eq!(tick(&mut inc, "2026-11-23T08:31:00"), vec![(t("2026-11-23T08:30:00"), Level::II)]);
    assert_eq!(tick(&mut inc, "2026-11-23T10:31:00"), vec![(t("2026-11-23T10:30:00"), Level::I)]);
}

#[test]
fn merged_duplicate_rises_are_harmless() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    tick(&mut inc, "2026-11-23T09:31:00");
    // A second workstation recorded the same Ⅲ rise under its own id.
    let rule = Rule::DaytimeImpact { minutes: 5, article: "第七条（三）".into() };
    let dup = EventKind::Classified { level: Level::III, effective_at: t("2026-11-23T09:05:00"), rule };
    inc.append(event("other-ws", t("2026-11-23T09:05:00"), dup)).unwrap();
    assert_eq!(inc.state().level, Some(Level::II));
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
fn a_back_dated_decision_still_covers_what_was_known_when_it_was_entered() {
    let mut inc = opened(Period::Daytime, "2026-11-23T09:00:00");
    tick(&mut inc, "2026-11-23T09:50:00");
    let mut e = event("m", t("2026-11-23T09:25:00"), EventKind::Reclassified { level: Some(Level::III), reason: "书面决定补录".into() });
    e.recorded_at = t("2026-11-23T09:50:00");
    inc.append(e).unwrap();
    assert_eq!(tick(&mut inc, "2026-11-23T09:51:00"), vec![], "the Ⅱ threshold (09:30) was known at 09:50");
    assert_eq!(tick(&mut inc, "2026-11-23T11:01:00"), vec![(t("2026-11-23T11:00:00"), Level::I)]);
}

#[test]
fn a_rise_recorded_on_an_english_screen_is_stored_as_ever_and_shown_in_english() {
    use crate::domain::base::i18n::{in_lang, Lang};
    let mut chinese = opened(Period::Daytime, "2026-11-23T09:00");
    tick(&mut chinese, "2026-11-23T09:40");
    let mut english = opened(Period::Daytime, "2026-11-23T09:00");
    in_lang(Lang::En, || {
        tick(&mut english, "2026-11-23T09:40");
        let last = &english.events().last().unwrap().kind;
        assert_eq!(last.title(), "Graded Level Ⅱ");
        let again = english.append(event("e0", t("2026-11-23T09:41"), EventKind::Note { text: "x".into(), major: false }));
        assert_eq!(again.unwrap_err().to_string(), "Duplicate entry id: e0");
    });
    // Same log, same hashes: nothing of the screen language went into it.
    assert_eq!(serde_json::to_string(&english).unwrap(), serde_json::to_string(&chinese).unwrap());
    assert_eq!(english.events().last().unwrap().kind.title(), "定级为Ⅱ级");
}
