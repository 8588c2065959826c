//! The duties the tick and the board read are kept between ticks (`desk::duty_cache`):
//! whatever the clock and the log do, the kept answer is the one worked out afresh.

use crate::support::{bj, note, World};
use chrono::{DateTime, Duration, Utc};
use incident_desk::domain::incidents::obligation::{obligations, Obligation};
use incident_desk::domain::{EventKind, Level};

fn fresh(w: &World, id: &str, at: DateTime<Utc>) -> Vec<Obligation> {
    let i = w.incident(id);
    obligations(i, &w.desk.plan_for(i).obligations, &w.desk.calendar, at)
}

/// Asks the desk at `times` (in order, as the tick does) and compares with a fresh answer.
fn agrees_at(w: &World, id: &str, times: &[DateTime<Utc>]) {
    for &at in times {
        let kept = w.desk.duties_of(w.incident(id), at);
        let want = fresh(w, id, at);
        assert!(*kept == want, "at {at}: kept {} duties, fresh {}", kept.len(), want.len());
    }
}

/// Every minute from `from` for `hours`, and each fresh deadline and quarter-hour mark ±1 s and ±1 ns.
fn times(w: &World, id: &str, from: &str, hours: i64) -> Vec<DateTime<Utc>> {
    let start = bj(from);
    let mut at: Vec<DateTime<Utc>> = (0..hours * 60).map(|m| start + Duration::minutes(m)).collect();
    for o in fresh(w, id, start + Duration::hours(hours)) {
        for edge in [o.deadline, o.deadline - incident_desk::domain::incidents::obligation::DUE_SOON] {
            for d in [Duration::seconds(-1), Duration::nanoseconds(-1), Duration::zero(), Duration::nanoseconds(1), Duration::seconds(1)] {
                at.push(edge + d);
            }
        }
    }
    at.retain(|t| *t >= start);
    at.sort();
    at
}

#[test]
fn kept_duties_always_equal_duties_worked_out_afresh() {
    // Given an incident at Ⅰ (two-hourly progress rounds) with some duties done and a late data submission
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.tick_at("2026-11-23T09:31");
    w.record(&id, EventKind::Reclassified { level: Some(Level::I), reason: "影响扩大".into() });
    w.record(&id, EventKind::DataSubmissionDelayed { due_at: bj("2026-11-23T09:40"), note: String::new() });
    let times_before = times(&w, &id, "2026-11-23T09:31", 14);
    // Then the kept answer agrees at every minute and on both sides of every edge
    agrees_at(&w, &id, &times_before);
    // And after the log changes (a note, a duty done), the next answer is worked out again
    w.clock.0.set(bj("2026-11-23T10:00"));
    w.record(&id, note("已电话通知"));
    let first = fresh(&w, &id, bj("2026-11-23T10:00")).into_iter().find(|o| o.status.is_open()).expect("an open duty");
    w.record(&id, EventKind::ObligationNotApplicable { key: first.key.clone(), reason: "不适用".into() });
    agrees_at(&w, &id, &times(&w, &id, "2026-11-23T10:00", 14));
    // And a clock set back is answered afresh too
    agrees_at(&w, &id, &[bj("2026-11-23T09:45"), bj("2026-11-23T23:59"), bj("2026-11-23T09:32")]);
}
