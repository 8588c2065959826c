//! Handing incidents and settings to the store, and keeping account of what it
//! has not taken: an entry the log accepted stays in memory, is named in the
//! banner and is retried until the store confirms it.

use super::port::{Receipt, StoreError};
use super::{drill_mark, Ctx, Desk};
use crate::domain::files::saving::{caught_up_line, NotSaved, Stored, Unsaved};

/// Where a storage failure came from; each clears only when that thing saves.
pub(super) const STORE_WHOLE: &str = "store";
pub(crate) const STORE_SETTINGS: &str = "settings";
pub(super) const STORE_DIRECTORY: &str = "directory";

pub(super) fn incident_source(id: &str) -> String {
    format!("incident:{id}")
}

/// Why storage refused a write, as the screens explain it.
fn not_saved(e: &StoreError) -> NotSaved {
    match e {
        StoreError::Full => NotSaved::Full,
        StoreError::Unavailable => NotSaved::Unavailable,
        StoreError::NewerSchema(_) => NotSaved::ReadOnly,
        StoreError::Other(m) => NotSaved::Failed(m.clone()),
    }
}

impl Desk {
    /// Records how a write to `source` went; a success also asks for a retry of what waits.
    pub(super) fn report(&mut self, ctx: &mut Ctx, source: &str, result: Result<(), String>) {
        let saved = result.is_ok();
        let changes = match &result {
            Ok(()) => self.storage_errors.contains_key(source),
            Err(e) => self.storage_errors.get(source) != Some(e),
        };
        if changes {
            ctx.happened.changed.saving = true;
            match result {
                Ok(()) => {
                    self.storage_errors.remove(source);
                }
                Err(e) => {
                    self.storage_errors.insert(source.to_string(), e);
                }
            }
        }
        // Storage took a write: what is still waiting may fit now.
        if saved && (!self.unsaved.is_empty() || !self.unsaved_settings.is_empty()) {
            ctx.happened.retry = true;
        }
    }

    /// Hands incident `id` to the store, `fresh` being its events added since. On
    /// success memory takes the log as written (merged with another tab's); on
    /// failure memory keeps the events and they join the incident's unsaved list.
    pub(super) fn persist(&mut self, ctx: &mut Ctx, id: &str, fresh: Vec<String>) -> Stored {
        // A new entry's form starts afresh: it was not among those saved late.
        if !fresh.is_empty() && !self.unsaved.contains(id) {
            self.saved_late.remove(id);
        }
        let Some(incident) = self.incident(id) else { return Stored::Saved };
        if incident.state().closed {
            ctx.store.keep_figures(id, self.figures_of(incident, ctx.clock.now()));
        }
        let receipt = ctx.store.append(incident, &fresh);
        ctx.happened.changed.incidents = true;
        ctx.happened.changed.saving = true;
        match receipt {
            Receipt::Written(merged) => {
                self.written(ctx, id, Some(merged));
                Stored::Saved
            }
            Receipt::Failed(e) => {
                self.failed(ctx, id, fresh, &e);
                Stored::KeptUnsaved(not_saved(&e))
            }
            Receipt::Queued => {
                self.waiting.entry(id.to_string()).or_default().push(fresh);
                Stored::Queued
            }
        }
    }

    /// What the dashboard counts of a closed incident, under its own plan.
    pub(super) fn figures_of(&self, incident: &crate::domain::Incident, real: chrono::DateTime<chrono::Utc>) -> crate::domain::reports::stats::Figures {
        let now = super::incident_clock(incident, real);
        crate::domain::reports::stats::line_of(incident, self.plan_for(incident), &self.calendar, now).figures
    }

    /// Closed incidents read in full at start because their stored summaries lack
    /// the dashboard's figures (stored by an earlier build): the figures are written
    /// now, so the next start leaves them on the shelf.
    pub(super) fn keep_missing_figures(&mut self, ctx: &mut Ctx) {
        let now = ctx.clock.now();
        let lacking: Vec<String> = self
            .incidents
            .iter()
            .filter(|i| i.state().closed)
            .filter(|i| {
                let figures = self.figures_of(i, now);
                ctx.store.keep_figures(i.id(), figures)
            })
            .map(|i| i.id().to_string())
            .collect();
        for id in lacking {
            let _ = self.persist(ctx, &id, Vec::new());
        }
    }

    /// The store confirmed incident `id` as written: as handed over (`None`), or
    /// as `merged` with entries it found stored.
    fn written(&mut self, ctx: &mut Ctx, id: &str, merged: Option<crate::domain::Incident>) {
        let id = id.to_string();
        if let (Some(merged), Some(mine)) = (merged, self.incident_mut(&id)) {
            // A union, not a replacement: an engine that confirms later answers with the
            // log as handed over, and memory may hold entries recorded since. Screens
            // redraw only if it brought something new (another tab's entries): a
            // confirmation alone must not redraw the cockpit under the user's focus.
            let m = mine.merge_all(&merged);
            if m.added + m.conflicts > 0 {
                ctx.happened.changed.incidents = true;
            }
        }
        if self.unsaved.contains(&id) {
            let title = self.incident(&id).map(|i| drill_mark(i, i.state().facts.title)).unwrap_or_default();
            self.saved_late.insert(id.clone());
            let n = self.unsaved.saved(&id).unwrap_or(0);
            self.caught_up.push(caught_up_line(&title, n));
        }
        self.report(ctx, &incident_source(&id), Ok(()));
    }

    fn failed(&mut self, ctx: &mut Ctx, id: &str, fresh: Vec<String>, e: &StoreError) {
        let why = not_saved(e);
        if !fresh.is_empty() || self.unsaved.incidents.get(id).is_none_or(|p| p.why != why) {
            self.unsaved.kept(id, fresh, why);
        }
        self.report(ctx, &incident_source(id), Err(e.to_string()));
    }

    /// Takes in the engine's later answers to queued appends.
    pub fn absorb_confirmations(&mut self, ctx: &mut Ctx) {
        for c in ctx.store.confirmations() {
            ctx.happened.changed.saving = true;
            let mut fresh = Vec::new();
            if let Some(list) = self.waiting.get_mut(&c.incident_id) {
                if !list.is_empty() {
                    fresh = list.remove(0);
                }
                if list.is_empty() {
                    self.waiting.remove(&c.incident_id);
                }
            }
            match c.result {
                Ok(merged) => self.written(ctx, &c.incident_id, merged),
                Err(e) => self.failed(ctx, &c.incident_id, fresh, &e),
            }
        }
    }

    /// Writes a setting; a failure is shown and the value retried with the incidents.
    pub(super) fn save_setting_json(&mut self, ctx: &mut Ctx, name: &str, json: String) -> Result<(), String> {
        let result = ctx.store.save_setting(name, &json).map_err(|e| e.to_string());
        if result.is_err() {
            self.unsaved_settings.insert(name.to_string(), json);
        } else {
            self.unsaved_settings.remove(name);
        }
        self.report(ctx, STORE_SETTINGS, result.clone());
        result
    }

    /// Whether the periodic retry is due at the clock's now.
    pub fn retry_due(&self, ctx: &Ctx) -> bool {
        self.unsaved.retry_due(ctx.clock.now())
    }

    /// Tries to save every incident kept only in memory, then the settings that did
    /// not save. Nothing leaves memory: a failure only updates the reason.
    pub fn retry_unsaved(&mut self, ctx: &mut Ctx) {
        let ids: Vec<String> = self.unsaved.incidents.keys().cloned().collect();
        if !ids.is_empty() {
            self.unsaved.retrying(ctx.clock.now());
            ctx.happened.changed.saving = true;
        }
        for id in ids {
            if self.incident(&id).is_none() {
                // No longer here (archived and removed): nothing to save.
                self.unsaved.saved(&id);
                self.report(ctx, &incident_source(&id), Ok(()));
                continue;
            }
            let _ = self.persist(ctx, &id, Vec::new());
        }
        // The operator and role are kept in memory when they fail to save: try them too.
        let settings: Vec<(String, String)> = self.unsaved_settings.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (name, json) in settings {
            let _ = self.save_setting_json(ctx, &name, json);
        }
        // The saves above asked for another retry when they went through: this was it.
        ctx.happened.retry = false;
    }

    /// Whether anything waits to be saved (incidents or settings).
    pub fn anything_unsaved(&self) -> bool {
        !Unsaved::is_empty(&self.unsaved) || !self.unsaved_settings.is_empty()
    }

    /// Whether closing the page now would lose something: an entry the store has not yet
    /// confirmed, or one it could not take. The page asks before it goes (ui::shell::app).
    pub fn would_lose_on_close(&self) -> bool {
        !self.waiting.is_empty() || self.anything_unsaved()
    }
}
