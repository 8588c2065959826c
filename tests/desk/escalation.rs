//! 第八条: the level rises by the plan's rules as the clock runs; each rise is
//! recorded once, by the system, and alarms every screen.

use crate::support::{bj, World};
use incident_desk::desk::AlertKind;
use incident_desk::domain::{EventKind, Level};

#[test]
fn a_daytime_failure_rises_from_iii_to_ii_to_i_as_the_clock_runs() {
    // Given a daytime system failure recorded at 09:00
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    assert_eq!(w.incident(&id).state().level, None);

    // When the clock passes five minutes
    w.tick_at("2026-11-23T09:03");
    assert!(w.happened.alerts.is_empty(), "nothing before five minutes");
    w.tick_at("2026-11-23T09:06");
    // Then Ⅲ is recorded at 09:05, stored, and alarmed
    assert_eq!(w.incident(&id).state().level, Some(Level::III));
    let levels: Vec<_> = w.happened.alerts.iter().filter(|a| matches!(a.kind, AlertKind::Level(_))).collect();
    assert_eq!(levels.len(), 1);
    assert_eq!(levels[0].kind, AlertKind::Level(Level::III));
    assert!(w.happened.sound);
    assert_eq!(w.stored(&id).state().level, Some(Level::III), "the rise reached the store");

    // When the clock runs on, the rise is not recorded twice
    w.tick_at("2026-11-23T09:07");
    assert!(w.happened.alerts.iter().all(|a| !matches!(a.kind, AlertKind::Level(_))));

    // Then Ⅱ at 09:30 and Ⅰ at 11:00, each once, by the system
    w.tick_at("2026-11-23T09:31");
    assert_eq!(w.incident(&id).state().level, Some(Level::II));
    w.tick_at("2026-11-23T11:01");
    let s = w.incident(&id).state();
    assert_eq!((s.level, s.level_since), (Some(Level::I), Some(bj("2026-11-23T11:00"))));
    let rises: Vec<_> = w.kinds(&id).into_iter().filter(|k| k == "Classified").collect();
    assert_eq!(rises.len(), 3);
    assert!(w.incident(&id).events().iter().filter(|e| w.happened.appended.iter().any(|(_, x)| *x == e.id)).all(|e| e.author.name == "系统"));
    // And one banner per incident and kind: the latest level replaced the earlier ones
    let levels: Vec<_> = w.desk.alerts.iter().filter(|a| matches!(a.kind, AlertKind::Level(_))).collect();
    assert_eq!(levels.len(), 1);
    assert_eq!(levels[0].kind, AlertKind::Level(Level::I));
}

#[test]
fn a_workstation_closed_for_hours_records_every_missed_rise_at_its_instant() {
    // Given an incident recorded at 09:00 and a workstation left off until 11:30
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    // (and another workstation holding the same log, left on all morning)
    let mut left_on = World::on(incident_desk::store::memory::MemoryBackend::with_values(w.backend.dump()), "2026-11-23T09:00", 77 << 32);
    // When it ticks again
    w.tick_at("2026-11-23T11:30");
    // Then all three rises are recorded at their own instants: the very entries a
    // workstation left on would have written (`domain::incidents::rises`), so a
    // shared log holds each once
    let rises: Vec<_> = w.incident(&id).events().iter().filter(|e| matches!(e.kind, EventKind::Classified { .. })).map(|e| (e.occurred_at, e.recorded_at)).collect();
    let at = |s| (bj(s), bj(s));
    assert_eq!(rises, vec![at("2026-11-23T09:05"), at("2026-11-23T09:30"), at("2026-11-23T11:00")]);
    for minute in ["09:06", "09:31", "11:01"] {
        left_on.tick_at(&format!("2026-11-23T{minute}"));
    }
    assert_eq!(left_on.incident(&id).events(), w.incident(&id).events());
    // And only the last level's banner is shown
    assert_eq!(w.desk.alerts.iter().filter(|a| matches!(a.kind, AlertKind::Level(_))).count(), 1);
}

#[test]
fn restoration_stops_escalation() {
    // Given an incident at Ⅲ that is restored at 09:20
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.tick_at("2026-11-23T09:10");
    let restored = incident_desk::domain::EventKind::ServiceRestored { note: String::new() };
    w.clock.0.set(bj("2026-11-23T09:20"));
    w.record(&id, restored);
    // When the clock runs to the afternoon
    w.tick_at("2026-11-23T15:00");
    // Then it stays at Ⅲ
    assert_eq!(w.incident(&id).state().level, Some(Level::III));
    assert!(w.happened.alerts.iter().all(|a| !matches!(a.kind, AlertKind::Level(_))));
}

#[test]
fn a_correction_that_crosses_a_threshold_classifies_at_once() {
    // Given an incident discovered at 09:00 and recorded at 09:02
    let mut w = World::at("2026-11-23T09:02");
    let new = incident_desk::domain::incidents::draft::NewIncident { facts: crate::support::facts("2026-11-23T09:02"), restored_at: None };
    let (id, _) = w.run(|d, c| d.open_incident(c, new, "bank-depository"));
    assert_eq!(w.incident(&id).state().level, None);
    // When its start is corrected to 08:50 (the failure began earlier)
    let mut facts = w.incident(&id).state().facts;
    facts.started_at = bj("2026-11-23T08:50");
    facts.discovered_at = bj("2026-11-23T08:50");
    let kind = incident_desk::domain::EventKind::FactsCorrected { facts, reason: "开始时间更正".into() };
    w.record(&id, kind);
    // Then Ⅲ is recorded without waiting for the tick
    assert_eq!(w.incident(&id).state().level, Some(Level::III));
    assert_eq!(w.happened.alerts.iter().filter(|a| matches!(a.kind, AlertKind::Level(_))).count(), 1);
}
