//! Opening incidents and appending to their logs; checking a stored log before
//! it is touched; taking in what another tab stored.

use crate::domain::base::sort;
use super::port::Change;
use super::{Ctx, Desk};
use crate::domain::incidents::draft::NewIncident;
use crate::domain::base::i18n::t;
use crate::domain::incidents::integrity::Integrity;
use crate::domain::files::saving::{Recorded, Stored};
use crate::domain::{Author, Event, EventKind, Incident};
use chrono::{DateTime, Utc};

impl Desk {
    /// Records a new incident (and its restoration, when recorded afterwards),
    /// classifies it at once and returns its id, and whether storage took it.
    pub fn open_incident(&mut self, ctx: &mut Ctx, new: NewIncident, plan_id: &str) -> (String, Stored) {
        let now = ctx.clock.now();
        let id = ctx.ids.new_id();
        let (plan_id, plan_version) = {
            let p = self.plans.current(plan_id).or_else(|| self.plans.current_plans().first().copied()).expect("built-in plans exist");
            (p.id.clone(), p.version.clone())
        };
        let author = ctx.operator.clone();
        let opened = Event {
            id: ctx.ids.new_id(),
            occurred_at: new.facts.discovered_at,
            recorded_at: now,
            author: author.clone(),
            kind: EventKind::Opened { facts: new.facts, plan_id, plan_version, drill: None },
        };
        let mut incident = Incident::open(id.clone(), opened).expect("a fresh id and an Opened event form a valid log");
        if let Some(at) = new.restored_at {
            let restored = Event { id: ctx.ids.new_id(), occurred_at: at, recorded_at: now, author, kind: EventKind::ServiceRestored { note: String::new() } };
            incident.append(restored).expect("validated: after the start, not in the future");
        }
        let stored = self.add_incident(ctx, incident);
        self.escalate_where(ctx, now, |i| i.id() == id);
        (id, stored)
    }

    /// Takes a new incident into memory and hands it to the store.
    pub(super) fn add_incident(&mut self, ctx: &mut Ctx, incident: Incident) -> Stored {
        let id = incident.id().to_string();
        let fresh: Vec<String> = incident.events().iter().map(|e| e.id.clone()).collect();
        ctx.happened.appended.extend(fresh.iter().map(|e| (id.clone(), e.clone())));
        self.incidents.push(incident);
        self.persist(ctx, &id, fresh)
    }

    /// Appends one event by the operator and saves it. Memory keeps the event even
    /// when saving fails; the failure is shown.
    pub fn record(&mut self, ctx: &mut Ctx, incident_id: &str, occurred_at: DateTime<Utc>, kind: EventKind) -> Recorded {
        let author = ctx.operator.clone();
        let event_id = ctx.ids.new_id();
        self.record_event(ctx, incident_id, event_id, occurred_at, kind, author)
    }

    /// Records at the incident's own current time (drill time for a drill).
    pub fn record_now(&mut self, ctx: &mut Ctx, incident_id: &str, kind: EventKind) -> Recorded {
        let at = self.clock_of(incident_id, ctx.clock.now());
        self.record(ctx, incident_id, at, kind)
    }

    /// Appends with a given event id and author: the same id from two tabs merges into one entry.
    pub(super) fn record_event(&mut self, ctx: &mut Ctx, incident_id: &str, event_id: String, occurred_at: DateTime<Utc>, kind: EventKind, author: Author) -> Recorded {
        let recorded_at = self.clock_of(incident_id, ctx.clock.now());
        self.record_entry(ctx, incident_id, Event { id: event_id, occurred_at, recorded_at, author, kind })
    }

    /// Appends `event` as it is (its id and times already decided), saves it, classifies.
    pub(super) fn record_entry(&mut self, ctx: &mut Ctx, incident_id: &str, event: Event) -> Recorded {
        self.settle_pending(ctx, incident_id);
        let event_id = event.id.clone();
        let Some(incident) = self.incident_mut(incident_id) else { return Err(t("找不到该事件").to_string()) };
        incident.append(event).map_err(|e| e.to_string())?;
        ctx.happened.appended.push((incident_id.to_string(), event_id.clone()));
        let stored = self.persist(ctx, incident_id, vec![event_id]);
        // A correction may already have crossed a threshold: classify now, not at the next tick.
        self.escalate_where(ctx, ctx.clock.now(), |i| i.id() == incident_id);
        Ok(stored)
    }

    /// Appends several events as one action: all of them, or none when one is
    /// refused (a report marked sent and the duties it settles).
    pub fn record_all(&mut self, ctx: &mut Ctx, incident_id: &str, kinds: Vec<EventKind>) -> Recorded {
        self.settle_pending(ctx, incident_id);
        let at = self.clock_of(incident_id, ctx.clock.now());
        let author = ctx.operator.clone();
        let Some(incident) = self.incident(incident_id) else { return Err(t("找不到该事件").to_string()) };
        let mut next = incident.clone();
        let mut fresh = Vec::new();
        for kind in kinds {
            let event = Event { id: ctx.ids.new_id(), occurred_at: at, recorded_at: at, author: author.clone(), kind };
            fresh.push(event.id.clone());
            next.append(event).map_err(|e| e.to_string())?;
        }
        if let Some(mine) = self.incident_mut(incident_id) {
            *mine = next;
        }
        ctx.happened.appended.extend(fresh.iter().map(|e| (incident_id.to_string(), e.clone())));
        let stored = self.persist(ctx, incident_id, fresh);
        self.escalate_where(ctx, ctx.clock.now(), |i| i.id() == incident_id);
        Ok(stored)
    }

    /// Checks one incident's stored chain if that is still to do. An altered log is
    /// never silently re-sealed: the finding goes into the log itself.
    pub fn settle_pending(&mut self, ctx: &mut Ctx, id: &str) {
        let Some(saved) = self.unverified.remove(id) else { return };
        let found = self.incident(id).map(|i| ctx.store.check_chain(i, &saved));
        if let Some(Integrity::BrokenAt { position, event_id }) = found {
            let now = ctx.clock.now();
            let entry = ctx.ids.new_id();
            let _ = self.record_event(ctx, id, entry, now, EventKind::IntegrityBroken { event_id, position }, Author::system());
        }
    }

    /// Checks one more stored chain; returns whether any remain.
    pub fn settle_next(&mut self, ctx: &mut Ctx) -> bool {
        if let Some(id) = self.unverified.keys().next().cloned() {
            self.settle_pending(ctx, &id);
        }
        self.has_unverified()
    }

    /// Every check still to do, now (before a backup, or re-sealing every record).
    pub fn settle_all_pending(&mut self, ctx: &mut Ctx) {
        while self.settle_next(ctx) {}
    }

    /// Takes in what changed in the store elsewhere (another tab): an incident's
    /// events (or a new incident), the directory, the plans.
    pub fn take_changes(&mut self, ctx: &mut Ctx) {
        let changes = ctx.store.changes();
        if changes.is_empty() {
            return;
        }
        // Storage changed elsewhere (another tab archived, or cleared): what waits may fit now.
        ctx.happened.retry = true;
        for change in changes {
            match change {
                Change::Incident(id) => self.sync_incident(ctx, &id),
                Change::Unreadable { id, problem } => self.drop_unreadable(ctx, &id, problem),
                Change::Settled(summaries) => self.take_settled(ctx, summaries),
                Change::Problem(problem) => self.note_problem(ctx, problem),
                Change::Directory => self.sync_directory(ctx),
                Change::Plans => self.sync_plans(ctx),
                Change::Other => {}
            }
        }
    }

    /// Another tab saved an incident: take in its events (or the new incident).
    fn sync_incident(&mut self, ctx: &mut Ctx, incident_id: &str) {
        self.settle_pending(ctx, incident_id);
        let Ok(Some(stored)) = ctx.store.load_incident(incident_id) else { return };
        ctx.happened.changed.incidents = true;
        // A shelved log read in: its stored chain is checked like any other, after the first screen.
        if let Some(chain) = ctx.store.take_chain(incident_id) {
            self.unverified.insert(incident_id.to_string(), chain);
        }
        let was_shelved = self.is_shelved(incident_id);
        self.shelved.retain(|s| s.id != incident_id);
        match self.incident_mut(incident_id) {
            Some(mine) => {
                mine.merge(&stored);
            }
            None => {
                self.incidents.push(stored);
                sort::by_key(&mut self.incidents, |i| i.events()[0].recorded_at);
            }
        }
        // An incident in progress read in from the shelf takes the rises due since its
        // last entry now, as the start does for those it reads, not at the next tick.
        if was_shelved {
            let now = ctx.clock.now();
            self.escalate_where(ctx, now, |i| i.id() == incident_id && i.state().is_open() && !i.state().closed);
        }
        self.take_waiting_pulls(ctx, incident_id);
    }
}
