//! What the tick and the deadline board need of each incident's duties, worked out
//! in one pass over them and kept until it could differ: the log or the plan
//! changed, the calendar changed (`clear`), or the clock reached the next instant
//! at which a duty turns (`obligation::next_change`). An incident forgotten open
//! for months has thousands of rounds; working them all out every second kept the
//! page busy, and keeping them all whole took 148 MB with 840,000 rounds. So only
//! the counts and the few duties the board can show are kept.

use crate::domain::incidents::obligation::{next_change, Obligation};
use crate::domain::{Incident, Plan};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many open duties of each incident are kept for the board (it shows twelve
/// across all incidents, so no incident can place more).
pub const FIRST: usize = 12;

/// One incident's duties at a glance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glance {
    /// Duties past their deadline and not done.
    pub overdue: usize,
    /// Duties still to do.
    pub open: usize,
    /// Met on time, met late, missed: what the dashboard counts.
    pub counts: crate::domain::reports::stats::DutyCounts,
    /// The first [`FIRST`] duties still to do in the board's order: those still in
    /// time, nearest deadline first, then the late ones, nearest first (an overdue
    /// duty must not bury one that can still be met).
    pub first: Vec<Obligation>,
}

impl Glance {
    /// From every duty of the incident at `now`, in `obligations`' order (by deadline).
    pub fn of(duties: &[Obligation], now: DateTime<Utc>) -> Glance {
        let open = || duties.iter().filter(|o| o.status.is_open());
        let in_time = open().filter(|o| o.deadline >= now);
        let late = open().filter(|o| o.deadline < now);
        Glance {
            overdue: late.clone().count(),
            open: open().count(),
            counts: crate::domain::reports::stats::duty_counts(duties),
            first: in_time.chain(late).take(FIRST).cloned().collect(),
        }
    }
}

/// What a glance was worked out from, and the span of the incident's clock it holds for.
struct Kept {
    events: usize,
    last_event: String,
    plan: (String, String),
    from: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
    glance: Arc<Glance>,
    /// The tick went through these duties and raised their alarms; a glance the board
    /// worked out has not, so the tick goes through the duties again.
    alarms_raised: bool,
}

/// A `Mutex`, not a `RefCell`: the desk lives in a store that must be `Sync` (there is
/// one thread; the lock is never contended). A copy of the desk starts it empty.
#[derive(Default)]
pub struct DutyWatch(Mutex<HashMap<String, Kept>>);

impl DutyWatch {
    /// The glance kept for `incident` under `plan` at `now` (its own clock), if it still
    /// holds; with `alarms`, only one the tick's alarms were raised from.
    pub fn kept(&self, incident: &Incident, plan: &Plan, now: DateTime<Utc>, alarms: bool) -> Option<Arc<Glance>> {
        let entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let k = entries.get(incident.id())?;
        let last = incident.events().last().map_or("", |e| e.id.as_str());
        let same = k.events == incident.events().len() && k.last_event == last && k.plan.0 == plan.id && k.plan.1 == plan.version;
        let holds = same && k.from <= now && k.until.is_none_or(|u| now < u) && (k.alarms_raised || !alarms);
        holds.then(|| k.glance.clone())
    }

    /// Keeps the glance of `duties`, worked out at `now`, until the next change.
    pub fn keep(&self, incident: &Incident, plan: &Plan, duties: &[Obligation], now: DateTime<Utc>, alarms_raised: bool) -> Arc<Glance> {
        let glance = Arc::new(Glance::of(duties, now));
        let kept = Kept {
            events: incident.events().len(),
            last_event: incident.events().last().map_or(String::new(), |e| e.id.clone()),
            plan: (plan.id.clone(), plan.version.clone()),
            from: now,
            until: next_change(duties, incident, &plan.obligations, now),
            glance: glance.clone(),
            alarms_raised,
        };
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(incident.id().to_string(), kept);
        glance
    }

    /// Forgets every glance (the calendar changed: working-day deadlines move).
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

impl Clone for DutyWatch {
    fn clone(&self) -> DutyWatch {
        DutyWatch::default()
    }
}

impl std::fmt::Debug for DutyWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("DutyWatch")
    }
}
