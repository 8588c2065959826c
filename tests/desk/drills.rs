//! Drills: an inject arrives once on the drill's own clock, a drill's clock can
//! be paused and the drill ended.

use crate::support::World;
use chrono::Duration;
use incident_desk::desk::AlertKind;
use incident_desk::domain::drills::drill::scenarios;
use incident_desk::domain::files::saving::Stored;
use incident_desk::domain::Level;

#[test]
fn a_scenario_drill_receives_each_inject_once_on_drill_time() {
    // Given a drill of the first scenario at sixty times speed
    let mut w = World::at("2026-11-23T14:00");
    let scenario = scenarios().iter().find(|s| s.id == "dce-line-down").expect("scenario").clone();
    let id = w.run(|d, c| d.open_drill(c, Some(&scenario), None, 60)).unwrap();
    assert!(w.desk.is_drill(&id));
    assert!(w.desk.title_of(&id).unwrap().starts_with("【演练】"));

    // When 150 drill minutes pass (150 real seconds)
    let start = w.clock.0.get();
    for s in (10..=150).step_by(10) {
        w.clock.0.set(start + Duration::seconds(s));
        w.run(|d, c| d.tick(c));
    }
    // Then every inject is in the log once, by the drill director, and it rose to Ⅰ on drill time
    let injects: Vec<_> = w.incident(&id).events().iter().filter(|e| matches!(e.kind, incident_desk::domain::EventKind::DrillInject { .. })).collect();
    assert_eq!(injects.len(), scenario.injects.len());
    assert!(injects.iter().all(|e| e.author == incident_desk::domain::Author::drill_director()));
    assert_eq!(w.incident(&id).state().level, Some(Level::I));

    // When the clock ticks again
    w.clock.0.set(start + Duration::seconds(160));
    w.run(|d, c| d.tick(c));
    // Then no inject is delivered twice
    assert!(w.happened.alerts.iter().all(|a| a.kind != AlertKind::Inject));
    let again = w.incident(&id).events().iter().filter(|e| matches!(e.kind, incident_desk::domain::EventKind::DrillInject { .. })).count();
    assert_eq!(again, scenario.injects.len());
}

#[test]
fn two_tabs_delivering_the_same_inject_keep_one_entry() {
    // Given a drill open in two tabs
    let mut a = World::at("2026-11-23T14:00");
    let scenario = scenarios().iter().find(|s| s.id == "dce-line-down").unwrap().clone();
    let id = a.run(|d, c| d.open_drill(c, Some(&scenario), None, 60)).unwrap();
    let mut b = a.second_tab();
    // When both tick past the first inject
    let start = a.clock.0.get();
    for w in [&mut a, &mut b] {
        w.clock.0.set(start + Duration::seconds(150));
        w.run(|d, c| d.tick(c));
    }
    // Then, once each has taken in the other's save, the log holds each inject once
    a.run(|d, c| d.tick(c));
    let stored = a.stored(&id);
    let injects = stored.events().iter().filter(|e| matches!(e.kind, incident_desk::domain::EventKind::DrillInject { .. })).count();
    assert_eq!(injects, scenario.injects.len());
}

#[test]
fn a_paused_drill_stops_its_clock_and_an_ended_drill_closes() {
    // Given a running drill
    let mut w = World::at("2026-11-23T14:00");
    let scenario = scenarios().iter().find(|s| s.id == "dce-line-down").unwrap().clone();
    let id = w.run(|d, c| d.open_drill(c, Some(&scenario), None, 60)).unwrap();
    // When it is paused and a real minute passes
    assert_eq!(w.run(|d, c| d.set_drill_speed(c, &id, 0)), Ok(Stored::Saved));
    let paused_at = w.desk.clock_of(&id, w.clock.0.get());
    w.clock.0.set(w.clock.0.get() + Duration::minutes(1));
    // Then drill time stands still
    assert_eq!(w.desk.clock_of(&id, w.clock.0.get()), paused_at);
    // When it is ended
    assert_eq!(w.run(|d, c| d.end_drill(c, &id, "演练结束".into())), Ok(Stored::Saved));
    // Then it no longer escalates or receives injects
    w.clock.0.set(w.clock.0.get() + Duration::hours(3));
    w.run(|d, c| d.tick(c));
    assert!(w.happened.appended.is_empty());
}

#[test]
fn a_blank_drill_needs_a_scenario_or_facts() {
    let mut w = World::at("2026-11-23T14:00");
    assert!(w.run(|d, c| d.open_drill(c, None, None, 1)).is_err());
    let id = w.run(|d, c| d.open_drill(c, None, Some(crate::support::facts("2026-11-23T14:00")), 1)).unwrap();
    assert!(w.desk.is_drill(&id));
}
