//! The plan's escalation rules (第七条–第八条) as the tick applies them: each
//! rise the rules have produced is recorded once, at the instant it took effect.

use crate::support::{bj, facts, World};
use chrono::{DateTime, Duration, Utc};
use incident_desk::domain::incidents::draft::NewIncident;
use incident_desk::domain::events::facts::Period;
use incident_desk::domain::events::rule::Rule;
use incident_desk::domain::{EventKind, Level};
use incident_desk::store::memory::MemoryBackend;

/// An incident of `period` that started (and was discovered) at `started`.
fn opened(w: &mut World, period: Period, started: &str) -> String {
    w.clock.0.set(bj(started));
    let mut f = facts(started);
    f.period = period;
    let (id, _) = w.run(|d, c| d.open_incident(c, NewIncident { facts: f, restored_at: None }, "bank-depository"));
    id
}

/// Ticks at `now` and returns the rises the tick recorded, as (effective at, level).
fn tick(w: &mut World, now: &str) -> Vec<(DateTime<Utc>, Level)> {
    w.tick_at(now);
    let appended = w.happened.appended.clone();
    appended
        .iter()
        .filter_map(|(id, e)| w.incident(id).events().iter().find(|x| x.id == *e).cloned())
        .filter_map(|e| match e.kind {
            EventKind::Classified { level, effective_at, .. } => Some((effective_at, level)),
            _ => None,
        })
        .collect()
}

/// Records `kind` as having happened at `at`, entered at the clock's now.
fn record_at(w: &mut World, id: &str, at: &str, kind: EventKind) {
    let at = bj(at);
    let result = w.run(|d, c| d.record(c, id, at, kind));
    assert_eq!(result, Ok(incident_desk::domain::files::saving::Stored::Saved));
}

#[test]
fn restoration_stops_escalation_and_fixes_the_duration() {
    // Given an incident at Ⅲ, restored at 09:20
    let mut w = World::at("2026-11-23T09:00");
    let id = opened(&mut w, Period::Daytime, "2026-11-23T09:00");
    tick(&mut w, "2026-11-23T09:10");
    w.clock.0.set(bj("2026-11-23T09:20"));
    record_at(&mut w, &id, "2026-11-23T09:20", EventKind::ServiceRestored { note: String::new() });
    // When the clock runs to the afternoon, nothing rises
    assert_eq!(tick(&mut w, "2026-11-23T15:00"), vec![]);
    let s = w.incident(&id).state();
    assert_eq!(s.level, Some(Level::III));
    assert!(!s.is_open());
    assert_eq!(s.duration(bj("2026-11-23T15:00")), Duration::minutes(20));
}

#[test]
fn levels_never_fall_by_themselves() {
    // Given an incident at Ⅱ
    let mut w = World::at("2026-11-23T09:00");
    let id = opened(&mut w, Period::Daytime, "2026-11-23T09:00");
    tick(&mut w, "2026-11-23T09:40");
    // When the start turns out later than first thought (the rules now give Ⅲ)
    w.clock.0.set(bj("2026-11-23T09:41"));
    let corrected = facts("2026-11-23T09:25");
    record_at(&mut w, &id, "2026-11-23T09:41", EventKind::FactsCorrected { facts: corrected, reason: "核实开始时间".into() });
    // Then the level stays Ⅱ
    assert_eq!(tick(&mut w, "2026-11-23T09:42"), vec![]);
    assert_eq!(w.incident(&id).state().level, Some(Level::II));
}

#[test]
fn an_earlier_start_found_later_raises_with_past_effective_instants() {
    // Given an incident thought to have started at 10:00
    let mut w = World::at("2026-11-23T10:00");
    let id = opened(&mut w, Period::Daytime, "2026-11-23T10:00");
    tick(&mut w, "2026-11-23T10:10");
    // When the monitoring log shows it began at 09:30
    w.clock.0.set(bj("2026-11-23T10:11"));
    let corrected = facts("2026-11-23T09:30");
    let kind = EventKind::FactsCorrected { facts: corrected, reason: "监控日志显示更早".into() };
    // Then Ⅱ is recorded at once, effective 10:00 (thirty minutes after the real start)
    let result = w.run(|d, c| d.record(c, &id, bj("2026-11-23T10:11"), kind));
    assert!(result.is_ok());
    let rises: Vec<_> = w.incident(&id).events().iter().filter_map(|e| match &e.kind { EventKind::Classified { level, effective_at, .. } => Some((*effective_at, *level)), _ => None }).collect();
    assert_eq!(rises.last(), Some(&(bj("2026-11-23T10:00"), Level::II)));
}

#[test]
fn manual_reclassification_holds_until_a_new_threshold_is_crossed() {
    // Given an incident at Ⅱ
    let mut w = World::at("2026-11-23T09:00");
    let id = opened(&mut w, Period::Daytime, "2026-11-23T09:00");
    tick(&mut w, "2026-11-23T09:35");
    assert_eq!(w.incident(&id).state().level, Some(Level::II));
    // When the working group lowers it to Ⅲ, with a reason
    w.clock.0.set(bj("2026-11-23T09:40"));
    record_at(&mut w, &id, "2026-11-23T09:40", EventKind::Reclassified { level: Some(Level::III), reason: "仅影响单一期货公司，经工作小组研究".into() });
    let s = w.incident(&id).state();
    assert_eq!(s.level, Some(Level::III));
    assert!(s.level_basis.unwrap().describe().starts_with("人工调整"));
    // Then only a threshold crossed after the decision raises it again
    assert_eq!(tick(&mut w, "2026-11-23T10:30"), vec![], "the Ⅱ threshold was crossed before the decision");
    assert_eq!(tick(&mut w, "2026-11-23T11:01"), vec![(bj("2026-11-23T11:00"), Level::I)]);
}

#[test]
fn end_of_day_incident_rises_at_next_start_then_by_impact() {
    // Given a 日终 failure on a Friday evening
    let mut w = World::at("2026-11-20T17:30");
    let id = opened(&mut w, Period::EndOfDay, "2026-11-20T17:30");
    // Then Ⅲ as it is recorded, nothing over the weekend, Ⅱ at Monday's start, Ⅰ two hours on
    let s = w.incident(&id).state();
    assert_eq!((s.level, s.level_since), (Some(Level::III), Some(bj("2026-11-20T17:30"))));
    assert_eq!(tick(&mut w, "2026-11-20T17:31"), vec![], "recorded once");
    assert_eq!(tick(&mut w, "2026-11-22T12:00"), vec![], "the weekend is not a daytime start");
    assert_eq!(tick(&mut w, "2026-11-23T08:31"), vec![(bj("2026-11-23T08:30"), Level::II)]);
    assert_eq!(tick(&mut w, "2026-11-23T10:31"), vec![(bj("2026-11-23T10:30"), Level::I)]);
}

#[test]
fn a_duplicate_rise_from_another_workstation_is_harmless() {
    // Given an incident at Ⅱ
    let mut w = World::at("2026-11-23T09:00");
    let id = opened(&mut w, Period::Daytime, "2026-11-23T09:00");
    tick(&mut w, "2026-11-23T09:31");
    // When another workstation's copy of the Ⅲ rise arrives under its own id
    let rule = Rule::DaytimeImpact { minutes: 5, article: "第七条（三）".into() };
    let dup = EventKind::Classified { level: Level::III, effective_at: bj("2026-11-23T09:05"), rule };
    record_at(&mut w, &id, "2026-11-23T09:05", dup);
    // Then the level is still Ⅱ
    assert_eq!(w.incident(&id).state().level, Some(Level::II));
}

#[test]
fn a_back_dated_decision_still_covers_what_was_known_when_it_was_entered() {
    // Given an incident at Ⅱ since 09:30
    let mut w = World::at("2026-11-23T09:00");
    let id = opened(&mut w, Period::Daytime, "2026-11-23T09:00");
    tick(&mut w, "2026-11-23T09:50");
    // When a written decision of 09:25 to keep it at Ⅲ is entered at 09:50
    record_at(&mut w, &id, "2026-11-23T09:25", EventKind::Reclassified { level: Some(Level::III), reason: "书面决定补录".into() });
    // Then the Ⅱ threshold known at 09:50 does not raise it; Ⅰ at 11:00 does
    assert_eq!(tick(&mut w, "2026-11-23T09:51"), vec![], "the Ⅱ threshold (09:30) was known at 09:50");
    assert_eq!(tick(&mut w, "2026-11-23T11:01"), vec![(bj("2026-11-23T11:00"), Level::I)]);
}

#[test]
fn a_rise_recorded_on_an_english_screen_is_stored_as_ever_and_shown_in_english() {
    use incident_desk::domain::base::i18n::{in_lang, Lang};
    // Given the same incident on two workstations, one showing English
    let mut chinese = World::on(MemoryBackend::default(), "2026-11-23T09:00", 9 << 32);
    let a = opened(&mut chinese, Period::Daytime, "2026-11-23T09:00");
    tick(&mut chinese, "2026-11-23T09:40");
    let mut english = World::on(MemoryBackend::default(), "2026-11-23T09:00", 9 << 32);
    let b = in_lang(Lang::En, || {
        let b = opened(&mut english, Period::Daytime, "2026-11-23T09:00");
        tick(&mut english, "2026-11-23T09:40");
        assert_eq!(english.incident(&b).events().last().unwrap().kind.title(), "Graded Level Ⅱ");
        b
    });
    // Then both logs are the same, byte for byte: nothing of the screen language went in
    assert_eq!(serde_json::to_string(english.incident(&b)).unwrap(), serde_json::to_string(chinese.incident(&a)).unwrap());
    assert_eq!(english.incident(&b).events().last().unwrap().kind.title(), "定级为Ⅱ级");
}
