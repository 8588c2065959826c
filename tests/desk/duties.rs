//! Duties alarm once when they enter their last minutes and once when they turn
//! overdue; a duty settled takes its banner with it.

use crate::support::World;
use chrono::Duration;
use incident_desk::desk::AlertKind;
use incident_desk::domain::events::channel::Channel;
use incident_desk::domain::EventKind;

/// An incident opened at 09:00, risen to Ⅱ by 09:31 and confirmed there: its duties run.
fn at_level_ii() -> (World, String) {
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.tick_at("2026-11-23T09:31");
    w.record(&id, EventKind::LevelConfirmed { level: incident_desk::domain::Level::II });
    (w, id)
}

/// The open duty with the earliest deadline, as (key, deadline).
fn first_duty(w: &World, id: &str) -> (String, chrono::DateTime<chrono::Utc>) {
    let now = w.clock.0.get();
    let mut open: Vec<_> = w.desk.obligations_of(w.incident(id), now).into_iter().filter(|o| o.status.is_open() && o.deadline - now > Duration::minutes(6)).collect();
    open.sort_by_key(|o| o.deadline);
    let o = open.first().unwrap_or_else(|| panic!("an open duty: {:?}", w.desk.obligations_of(w.incident(id), now).iter().map(|o| (o.key.clone(), o.deadline, o.status.is_open())).collect::<Vec<_>>()));
    (o.key.clone(), o.deadline)
}

#[test]
fn an_overdue_duty_alarms_once_and_its_banner_goes_when_it_is_done() {
    // Given an incident at Ⅱ with duties running
    let (mut w, id) = at_level_ii();
    let (key, deadline) = first_duty(&w, &id);

    // When the clock passes the deadline with the duty still open
    w.clock.0.set(deadline + Duration::seconds(1));
    let overdue = w.run(|d, c| d.tick(c)).overdue;
    // Then one alarm: tone, notification, banner
    assert!(overdue >= 1);
    let alarms: Vec<_> = w.happened.alerts.iter().filter(|a| a.kind == AlertKind::Overdue).collect();
    assert!(!alarms.is_empty());
    assert!(w.happened.sound);
    assert_eq!(w.happened.notifications.len(), 1);
    let before = w.desk.alerts.iter().filter(|a| a.kind == AlertKind::Overdue).count();

    // When the clock ticks on
    w.clock.0.set(deadline + Duration::seconds(2));
    w.run(|d, c| d.tick(c));
    // Then no second alarm
    assert!(w.happened.alerts.is_empty(), "alarmed once: {:?}", w.happened.alerts);
    assert!(!w.happened.sound);
    assert_eq!(w.desk.alerts.iter().filter(|a| a.kind == AlertKind::Overdue).count(), before);

    // When the duty is done (late, with the reason)
    let done = EventKind::ObligationDischarged { key: key.clone(), channel: Channel::Phone, recipients: vec![], reference: String::new(), note: String::new(), delay_reason: "线路繁忙".into() };
    w.record(&id, done);
    w.clock.0.set(deadline + Duration::seconds(3));
    w.run(|d, c| d.tick(c));
    // Then its banner goes
    let still = w.desk.alerts.iter().any(|a| a.kind == AlertKind::Overdue && a.effective_at == deadline && w.desk.obligations_of(w.incident(&id), deadline).iter().any(|o| o.key == key && o.status.is_open()));
    assert!(!still);
}

#[test]
fn a_duty_in_its_last_minutes_warns_once_before_it_turns_overdue() {
    // Given an incident at Ⅱ
    let (mut w, id) = at_level_ii();
    let (_, deadline) = first_duty(&w, &id);
    // When the clock is two minutes before the deadline
    w.clock.0.set(deadline - Duration::minutes(2));
    w.run(|d, c| d.tick(c));
    // Then a last-minutes warning, once
    assert!(w.happened.alerts.iter().any(|a| a.kind == AlertKind::LastMinutes));
    w.clock.0.set(deadline - Duration::minutes(1));
    w.run(|d, c| d.tick(c));
    assert!(w.happened.alerts.iter().all(|a| a.kind != AlertKind::LastMinutes));
    // When it turns overdue, the warning gives way to the overdue banner
    w.clock.0.set(deadline + Duration::seconds(1));
    w.run(|d, c| d.tick(c));
    assert!(w.happened.alerts.iter().any(|a| a.kind == AlertKind::Overdue && a.effective_at == deadline));
    assert!(!w.desk.alerts.iter().any(|a| a.kind == AlertKind::LastMinutes && a.effective_at == deadline));
}

#[test]
fn dismissing_alerts_removes_them_from_every_screen() {
    // Given an incident with a level banner
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.tick_at("2026-11-23T09:06");
    let alert = w.desk.alerts.iter().find(|a| matches!(a.kind, AlertKind::Level(_))).expect("a level banner").clone();
    assert_eq!(alert.incident_id, id);
    // When it is dismissed
    w.desk.dismiss_alert(&alert.id);
    // Then it is gone, and the rest go with "dismiss all"
    assert!(!w.desk.alerts.contains(&alert));
    w.desk.dismiss_all_alerts();
    assert!(w.desk.alerts.is_empty());
}

#[test]
fn after_days_away_an_incident_gets_one_overdue_banner_for_all_its_missed_rounds() {
    // Given an incident at Ⅱ with recurring progress duties, then nobody at the desk for three days
    let (mut w, id) = at_level_ii();
    let later = crate::support::bj("2026-11-26T09:31");
    w.clock.0.set(later);
    // When the desk ticks again
    let overdue = w.run(|d, c| d.tick(c)).overdue;
    // Then dozens of rounds are overdue, alarmed once with one notification naming how many more
    assert!(overdue > 50, "{overdue}");
    let duty_notes: Vec<_> = w.happened.notifications.iter().filter(|(head, _)| head.contains("义务")).collect();
    assert_eq!(duty_notes.len(), 1, "{:?}", w.happened.notifications);
    assert!(duty_notes[0].1.contains("另有"), "{duty_notes:?}");
    // And the incident has one overdue banner: the duty overdue last, as raising them one by one leaves it
    let banners: Vec<_> = w.desk.alerts.iter().filter(|a| a.incident_id == id && a.kind == AlertKind::Overdue).collect();
    assert_eq!(banners.len(), 1, "{banners:?}");
    let last = w.desk.obligations_of(w.incident(&id), later).into_iter().filter(|o| o.status.is_open() && o.deadline < later).map(|o| o.deadline).max();
    assert_eq!(Some(banners[0].effective_at), last);
    // And the next tick alarms nothing again
    w.clock.0.set(later + Duration::seconds(1));
    w.run(|d, c| d.tick(c));
    assert!(w.happened.alerts.iter().all(|a| a.kind != AlertKind::Overdue));
}

#[test]
fn many_alerts_list_the_urgent_ones_and_leave_a_line_for_the_rest() {
    use incident_desk::desk::alerts::listed;
    use incident_desk::desk::Alert;
    let at = crate::support::bj("2026-11-23T10:00");
    let alert = |id: &str, kind: AlertKind| Alert { id: id.into(), incident_id: id.into(), title: id.into(), kind, effective_at: at, basis: String::new() };
    // Up to the lines available, every alert in the order raised
    let few = vec![alert("o1", AlertKind::Overdue), alert("l1", AlertKind::Level(incident_desk::domain::Level::III))];
    assert_eq!(listed(&few, 4), few);
    // Past them: levels, then duties that can still be met, then overdue ones, newest first, one line short
    let many: Vec<Alert> = vec![
        alert("o1", AlertKind::Overdue),
        alert("m1", AlertKind::LastMinutes),
        alert("o2", AlertKind::Overdue),
        alert("l1", AlertKind::Level(incident_desk::domain::Level::II)),
        alert("o3", AlertKind::Overdue),
    ];
    let ids: Vec<String> = listed(&many, 4).into_iter().map(|a| a.id).collect();
    assert_eq!(ids, ["l1", "m1", "o3"]);
}
