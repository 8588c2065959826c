//! Entries pulled from the bank's CouchDB (issue 17), taken into the incidents they
//! belong to: checked on the way in (`domain::sync::event_doc`), merged in the
//! packet's deterministic order (`domain::sync::pull`), then saved like any other
//! change. A log still on the shelf is read first; entries of an incident whose
//! opening has not come yet wait for it. A refused document is named, its text kept
//! in the quarantine, and nothing local changes.

use crate::domain::base::sort;
use super::{Ctx, Desk};
use crate::domain::events::event::Event;
use crate::domain::sync::event_doc::{EventDoc, Refusal};
use crate::domain::sync::pull::{by_incident, take_in, Outcome};
use std::collections::HashSet;

/// Lines of the sync notice (and documents quarantined) kept per session.
const SYNC_NOTED: usize = 50;

impl Desk {
    /// Takes in what a pull brought: checked documents and those refused. Answers how
    /// many entries (conflicts included) were added to logs here now.
    pub fn take_pulled(&mut self, ctx: &mut Ctx, docs: Vec<EventDoc>, refused: Vec<Refusal>) -> usize {
        for r in refused {
            self.refuse_pulled(ctx, r);
        }
        let mut added = 0;
        for (id, mut events) in by_incident(docs) {
            events.extend(self.pulled_waiting.remove(&id).unwrap_or_default());
            // Its log is read first; merged against a summary it would look new.
            if self.is_shelved(&id) || (self.settling && self.incident(&id).is_none()) {
                self.unshelve_one(ctx, &id);
                self.pulled_waiting.insert(id, events);
                continue;
            }
            added += self.take_in_pulled(ctx, &id, events);
        }
        added
    }

    /// Whether pulled entries wait here (for a log, or for an opening): the sync
    /// checkpoint must not be stored past them meanwhile (`store::couch::Checkpoint`).
    pub fn pulls_waiting(&self) -> bool {
        !self.pulled_waiting.is_empty()
    }

    /// Whether the sync checkpoint may be stored now: nothing pulled waits, and every
    /// entry taken in is in storage (an append still queued, or kept unsaved after a
    /// failure, would be lost with the tab and never pulled again past that checkpoint).
    pub fn checkpoint_may_advance(&self) -> bool {
        !self.pulls_waiting() && self.waiting.is_empty() && self.unsaved.is_empty()
    }

    /// Entries pulled while incident `id`'s log was on the shelf, now that it is here
    /// (or, the settled summaries in, known not to be stored here at all).
    pub(super) fn take_waiting_pulls(&mut self, ctx: &mut Ctx, id: &str) {
        if self.is_shelved(id) || self.settling {
            return;
        }
        if let Some(events) = self.pulled_waiting.remove(id) {
            self.take_in_pulled(ctx, id, events);
        }
    }

    /// After the settled summaries came in: every wait that no longer needs a log.
    pub(super) fn take_all_waiting_pulls(&mut self, ctx: &mut Ctx) {
        let ids: Vec<String> = self.pulled_waiting.keys().cloned().collect();
        for id in ids {
            if self.is_shelved(&id) {
                self.unshelve_one(ctx, &id);
            } else {
                self.take_waiting_pulls(ctx, &id);
            }
        }
    }

    fn take_in_pulled(&mut self, ctx: &mut Ctx, id: &str, events: Vec<Event>) -> usize {
        self.settle_pending(ctx, id);
        let held: HashSet<String> = self.incident(id).map(|i| i.events().iter().map(|e| e.id.clone()).collect()).unwrap_or_default();
        match take_in(id, self.incident(id), events) {
            Ok(Outcome::Merged { incident, added, conflicts }) => {
                let fresh: Vec<String> = incident.events().iter().filter(|e| !held.contains(&e.id)).map(|e| e.id.clone()).collect();
                match self.incident_mut(id) {
                    Some(mine) => *mine = incident,
                    None => {
                        self.incidents.push(incident);
                        sort::by_key(&mut self.incidents, |i| i.events()[0].recorded_at);
                    }
                }
                self.alarm_pulled(ctx, id, &fresh);
                let _ = self.persist(ctx, id, fresh);
                // An incident in progress takes the rises its entries are due, as one read in does.
                let now = ctx.clock.now();
                self.escalate_where(ctx, now, |i| i.id() == id && i.state().is_open() && !i.state().closed);
                added + conflicts
            }
            Ok(Outcome::Unchanged) => 0,
            Ok(Outcome::Waiting(kept)) => {
                self.pulled_waiting.insert(id.to_string(), kept);
                0
            }
            Err(r) => {
                self.refuse_pulled(ctx, r);
                0
            }
        }
    }

    /// A rise in level or a drill inject another workstation worked out first sounds
    /// here as if this one had (its own tick then finds nothing due): the banner, the
    /// tone, the notification. Not for an incident closed, or a drill ended.
    fn alarm_pulled(&mut self, ctx: &mut Ctx, id: &str, fresh: &[String]) {
        use super::alerts::{Alert, AlertKind};
        use crate::domain::EventKind;
        let Some(incident) = self.incident(id) else { return };
        if incident.state().closed {
            return;
        }
        let title = super::drill_mark(incident, incident.state().facts.title);
        let mut alerts = Vec::new();
        for e in incident.events().iter().filter(|e| fresh.contains(&e.id)) {
            match &e.kind {
                EventKind::Classified { level, effective_at, rule } => alerts.push(Alert {
                    id: ctx.ids.new_id(),
                    incident_id: id.to_string(),
                    title: title.clone(),
                    kind: AlertKind::Level(*level),
                    effective_at: *effective_at,
                    basis: rule.describe(),
                }),
                EventKind::DrillInject { text, .. } => alerts.push(Alert {
                    id: ctx.ids.new_id(),
                    incident_id: id.to_string(),
                    title: title.clone(),
                    kind: AlertKind::Inject,
                    effective_at: e.occurred_at,
                    basis: crate::domain::base::i18n::tr(text),
                }),
                _ => {}
            }
        }
        if let Some(last) = alerts.iter().rev().find(|a| matches!(a.kind, AlertKind::Level(_))) {
            if let AlertKind::Level(level) = last.kind {
                ctx.happened.notifications.push((crate::tf!("事件定级：{0}", level.label()), crate::tf!("{0}：{1}", last.title, last.basis)));
            }
        }
        if !alerts.is_empty() {
            ctx.happened.sound = true;
        }
        for a in alerts {
            self.raise_now(ctx, a);
        }
    }

    /// A document (or an incident's pulled entries) not taken in: its text into the
    /// quarantine, so whoever looks into it has what came, and said once.
    pub(super) fn refuse_pulled(&mut self, ctx: &mut Ctx, r: Refusal) {
        // Anyone with access to the database can post documents that fail the checks:
        // past the first few, they are counted, not kept (localStorage holds the quarantine).
        if self.sync_refused.len() >= SYNC_NOTED {
            self.sync_refused_more += 1;
            ctx.happened.changed.saving = true;
            return;
        }
        let kept = !r.raw.is_empty() && ctx.store.set_aside(&format!("sync:{}", r.doc_id), &r.raw).is_ok();
        let line = if kept {
            crate::tf!("{0}：{1}（原文已放入隔离区）", r.doc_id, r.reason)
        } else {
            crate::tf!("{0}：{1}", r.doc_id, r.reason)
        };
        self.note_sync(ctx, line);
    }

    /// A line for the sync notice, said once.
    pub(super) fn note_sync(&mut self, ctx: &mut Ctx, line: String) {
        if !self.sync_refused.contains(&line) {
            self.sync_refused.push(line);
            ctx.happened.changed.saving = true;
        }
    }
}
