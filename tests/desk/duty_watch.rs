//! The tick and the deadline board read each incident's duties at a glance, kept
//! between ticks until something could turn (`desk::duty_watch`): whatever the clock
//! and the log do, what they get is what working the duties out afresh gives.

use crate::support::{bj, note, World};
use chrono::{DateTime, Duration, Utc};
use incident_desk::desk::duty_watch::Glance;
use incident_desk::desk::AlertKind;
use incident_desk::domain::events::channel::Channel;
use incident_desk::domain::incidents::obligation::{obligations, Alarm, Obligation, DUE_SOON, LAST_MINUTES};
use incident_desk::domain::{EventKind, Level};
use std::collections::HashSet;

fn fresh(w: &World, id: &str, at: DateTime<Utc>) -> Vec<Obligation> {
    let i = w.incident(id);
    obligations(i, &w.desk.plan_for(i).obligations, &w.desk.calendar, at)
}

/// Every minute from `from` for `hours`, and both sides of every deadline and of the
/// due-soon and last-minutes marks (±1 s, ±1 ns) of the duties there will be by then.
fn times(w: &World, id: &str, from: &str, hours: i64) -> Vec<DateTime<Utc>> {
    let start = bj(from);
    let mut at: Vec<DateTime<Utc>> = (0..hours * 60).map(|m| start + Duration::minutes(m)).collect();
    for o in fresh(w, id, start + Duration::hours(hours)) {
        for edge in [o.deadline, o.deadline - DUE_SOON, o.deadline - LAST_MINUTES, o.started_at] {
            for d in [Duration::seconds(-1), Duration::nanoseconds(-1), Duration::zero(), Duration::nanoseconds(1), Duration::seconds(1)] {
                at.push(edge + d);
            }
        }
    }
    at.retain(|t| *t >= start);
    at.sort();
    at.dedup();
    at
}

/// The board's glance, asked in order as each second's redraw does, against a fresh one.
fn glance_agrees_at(w: &World, id: &str, times: &[DateTime<Utc>]) {
    for &at in times {
        let kept = w.desk.duty_glance(w.incident(id), at);
        let want = Glance::of(&fresh(w, id, at), at);
        assert!(*kept == want, "at {at}: kept {} open ({} overdue), fresh {} ({})", kept.open, kept.overdue, want.open, want.overdue);
    }
}

/// An incident opened at 09:00, risen and confirmed at Ⅰ (two-hourly progress rounds),
/// with a data submission late since 09:40 (a duty that begins an hour later).
fn at_level_i() -> (World, String) {
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.tick_at("2026-11-23T09:31");
    w.record(&id, EventKind::Reclassified { level: Some(Level::I), reason: "影响扩大".into() });
    w.record(&id, EventKind::DataSubmissionDelayed { due_at: bj("2026-11-23T09:40"), note: String::new() });
    (w, id)
}

#[test]
fn the_glance_kept_always_equals_one_worked_out_afresh() {
    // Given an incident at Ⅰ with rounds, a late submission and some duties done
    let (mut w, id) = at_level_i();
    // Then the kept glance agrees at every minute and on both sides of every edge
    glance_agrees_at(&w, &id, &times(&w, &id, "2026-11-23T09:31", 14));
    // And after the log changes (a note, a duty set aside), the next glance is worked out again
    w.clock.0.set(bj("2026-11-23T10:00"));
    w.record(&id, note("已电话通知"));
    let first = fresh(&w, &id, bj("2026-11-23T10:00")).into_iter().find(|o| o.status.is_open()).expect("an open duty");
    w.record(&id, EventKind::ObligationNotApplicable { key: first.key.clone(), reason: "不适用".into() });
    glance_agrees_at(&w, &id, &times(&w, &id, "2026-11-23T10:00", 14));
    // And a clock set back is answered afresh too
    glance_agrees_at(&w, &id, &[bj("2026-11-23T09:45"), bj("2026-11-23T23:59"), bj("2026-11-23T09:32")]);
}

/// What should alarm at `at`: (key, overdue?) of every open duty alarming.
fn alarming(w: &World, id: &str, at: DateTime<Utc>) -> Vec<(String, bool, DateTime<Utc>, String)> {
    fresh(w, id, at)
        .into_iter()
        .filter_map(|o| o.alarm(at).map(|a| (o.key.clone(), a == Alarm::Overdue, o.deadline, o.rule.title.clone())))
        .collect()
}

#[test]
fn the_tick_counts_and_alarms_as_if_it_worked_every_duty_out_each_second() {
    // Given an incident at Ⅰ ticking every minute and on every edge for 14 hours,
    // with one duty done on the way (its banner must go) and the banners dismissed once
    let (mut w, id) = at_level_i();
    // (everything alarming at the first tick has been announced by then, at 09:31 or now)
    w.tick_at("2026-11-23T09:32");
    let mut alarmed: HashSet<(String, bool)> = alarming(&w, &id, bj("2026-11-23T09:32")).into_iter().map(|a| (a.0, a.1)).collect();
    let mut done = false;
    for (n, at) in times(&w, &id, "2026-11-23T09:32", 14).into_iter().filter(|t| *t > bj("2026-11-23T09:32")).enumerate() {
        if !done && at >= bj("2026-11-23T12:00") {
            let late = fresh(&w, &id, at).into_iter().find(|o| o.status.is_open() && o.deadline < at).expect("an overdue duty");
            w.clock.0.set(at);
            w.record(&id, EventKind::ObligationDischarged { key: late.key, channel: Channel::Phone, recipients: vec![], reference: String::new(), note: String::new(), delay_reason: "线路繁忙".into() });
            done = true;
        }
        if n == 300 {
            w.desk.alerts.clear();
        }
        w.clock.0.set(at);
        // (the board's redraw may come before the tick and keep a glance first)
        if n % 2 == 0 {
            w.desk.duty_glance(w.incident(&id), at);
        }
        let overdue = w.run(|d, c| d.tick(c)).overdue;
        let now = alarming(&w, &id, at);
        // Then as many are counted overdue as are
        assert_eq!(overdue, now.iter().filter(|a| a.1).count(), "at {at}");
        // And every duty that newly alarms, and only those, is announced, once
        let new: Vec<_> = now.iter().filter(|a| alarmed.insert((a.0.clone(), a.1))).collect();
        assert_eq!(w.happened.notifications.len(), usize::from(!new.is_empty()), "at {at}: {new:?}");
        if new.len() > 1 {
            assert!(w.happened.notifications[0].1.contains(&format!("（另有{}项）", new.len() - 1)), "at {at}: {:?}", w.happened.notifications);
        }
        // And every duty banner left standing belongs to a duty alarming now
        for a in w.desk.alerts.iter().filter(|a| matches!(a.kind, AlertKind::Overdue | AlertKind::LastMinutes)) {
            assert!(now.iter().any(|(_, _, deadline, _)| *deadline == a.effective_at), "at {at}: banner {a:?} stands for no duty alarming");
        }
    }
    assert!(done);
}
