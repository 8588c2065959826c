//! Each incident's duties as last worked out, kept until they could differ: the
//! log changed, or the clock reached the next instant at which a status turns or
//! a round falls due (`obligation::next_change`). The tick and the deadline board
//! ask every second; an incident forgotten open for months has thousands of
//! hourly rounds, and working them all out each time kept the page busy.

use crate::domain::base::calendar::Calendar;
use crate::domain::incidents::obligation::{next_change, obligations, Obligation};
use crate::domain::{Incident, Plan};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What the answer was worked out from, and for which span of the incident's clock it holds.
struct Entry {
    events: usize,
    last_event: String,
    plan: (String, String),
    from: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
    duties: Arc<Vec<Obligation>>,
}

/// A `Mutex`, not a `RefCell`: the desk lives in a store that must be `Sync` (there is
/// one thread; the lock is never contended). A copy of the desk starts it empty.
#[derive(Default)]
pub struct DutyCache(Mutex<HashMap<String, Entry>>);

impl DutyCache {
    /// The duties of `incident` under `plan` at `now` (the incident's own clock).
    pub fn duties(&self, incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Arc<Vec<Obligation>> {
        let mut entries = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let last = incident.events().last().map_or("", |e| e.id.as_str());
        if let Some(e) = entries.get(incident.id()) {
            let same_log = e.events == incident.events().len() && e.last_event == last && e.plan.0 == plan.id && e.plan.1 == plan.version;
            if same_log && e.from <= now && e.until.is_none_or(|u| now < u) {
                return e.duties.clone();
            }
        }
        let duties = obligations(incident, &plan.obligations, cal, now);
        let until = next_change(&duties, incident, &plan.obligations, now);
        let duties = Arc::new(duties);
        let entry = Entry { events: incident.events().len(), last_event: last.to_string(), plan: (plan.id.clone(), plan.version.clone()), from: now, until, duties: duties.clone() };
        entries.insert(incident.id().to_string(), entry);
        duties
    }

    /// Forgets every answer (the calendar changed: working-day deadlines move).
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

impl Clone for DutyCache {
    fn clone(&self) -> DutyCache {
        DutyCache::default()
    }
}

impl std::fmt::Debug for DutyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("DutyCache")
    }
}
