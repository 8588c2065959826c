//! Reading the desk: the tracked forms redraw their view when a command changed
//! the part they read (`desk::Changed`), the untracked ones read once.

use super::{signed, AppState};
use crate::desk::{Alert, Desk};
use crate::domain::business::contacts::Directory;
use crate::domain::incidents::obligation::Obligation;
use crate::domain::plans::plan_library::PlanLibrary;
use crate::domain::reports::report::Sender;
use crate::domain::files::saving::{Feedback, Unsaved};
use crate::domain::{Author, Calendar, Incident, Plan};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::collections::BTreeMap;

impl AppState {
    pub fn incidents<R>(&self, f: impl FnOnce(&[Incident]) -> R) -> R {
        self.shown.incidents.track();
        self.desk.with_value(|d| f(&d.incidents))
    }

    /// How many incidents in progress are on the shelf still (read just after the first
    /// screen), and how many of them count as 处置中 (real, not restored).
    pub fn open_shelved(&self) -> (usize, usize) {
        self.shown.incidents.track();
        self.desk.with_value(|d| (d.open_shelved(), d.shelved.iter().filter(|s| s.in_progress()).count()))
    }

    /// Stored incidents whose logs are not read yet (open ones just after the first screen).
    pub fn shelved<R>(&self, f: impl FnOnce(&[crate::desk::port::Summary]) -> R) -> R {
        self.shown.incidents.track();
        self.desk.with_value(|d| f(&d.shelved))
    }

    /// Whether the summaries of settled incidents (closed, with their figures) are still
    /// being read, just after the first screen (tracked): the list and the dashboard say so.
    pub fn settling(&self) -> bool {
        self.shown.incidents.track();
        self.desk.with_value(|d| d.settling)
    }

    /// Whether every stored log is in memory (tracked).
    pub fn all_loaded(&self) -> bool {
        self.shown.incidents.track();
        self.desk.with_value(Desk::all_loaded)
    }

    pub fn incidents_untracked<R>(&self, f: impl FnOnce(&[Incident]) -> R) -> R {
        self.desk.with_value(|d| f(&d.incidents))
    }

    pub fn plans<R>(&self, f: impl FnOnce(&PlanLibrary) -> R) -> R {
        self.shown.plans.track();
        self.desk.with_value(|d| f(&d.plans))
    }

    pub fn plans_untracked<R>(&self, f: impl FnOnce(&PlanLibrary) -> R) -> R {
        self.desk.with_value(|d| f(&d.plans))
    }

    pub fn directory<R>(&self, f: impl FnOnce(&Directory) -> R) -> R {
        self.shown.directory.track();
        self.desk.with_value(|d| f(&d.directory))
    }

    pub fn directory_untracked<R>(&self, f: impl FnOnce(&Directory) -> R) -> R {
        self.desk.with_value(|d| f(&d.directory))
    }

    /// Set when the stored directory is unreadable: edits are refused (reactive).
    pub fn directory_locked(&self) -> Option<String> {
        self.shown.directory.track();
        self.desk.with_value(|d| d.directory_locked.clone())
    }

    /// The working-day calendar (not reactive: it changes only by an import on its own page).
    pub fn calendar<R>(&self, f: impl FnOnce(&Calendar) -> R) -> R {
        self.desk.with_value(|d| f(&d.calendar))
    }

    pub fn alerts(&self) -> Vec<Alert> {
        self.shown.alerts.track();
        self.desk.with_value(|d| d.alerts.clone())
    }

    pub fn alert_count_untracked(&self) -> usize {
        self.desk.with_value(|d| d.alerts.len())
    }

    /// Whether closing the page now would lose an entry (`Desk::would_lose_on_close`).
    pub fn would_lose_on_close(&self) -> bool {
        self.desk.with_value(Desk::would_lose_on_close)
    }

    pub fn unsaved(&self) -> Unsaved {
        self.shown.saving.track();
        self.desk.with_value(|d| d.unsaved.clone())
    }

    pub fn storage_errors(&self) -> BTreeMap<String, String> {
        self.shown.saving.track();
        self.desk.with_value(|d| d.storage_errors.clone())
    }

    pub fn store_notices(&self) -> Vec<String> {
        self.desk.with_value(|d| d.store_notices.clone())
    }

    pub fn load_problems(&self) -> Vec<String> {
        self.shown.saving.track();
        self.desk.with_value(|d| d.load_problems.clone())
    }

    /// Documents the sync server sent that were not taken in (`Desk::sync_refused`).
    pub fn sync_refused(&self) -> Vec<String> {
        self.shown.saving.track();
        self.desk.with_value(|d| {
            let mut lines = d.sync_refused.clone();
            if d.sync_refused_more > 0 {
                lines.push(crate::tf!("另有 {0} 份文档未通过检查，未列出也未保存原文", d.sync_refused_more));
            }
            lines
        })
    }

    pub fn caught_up(&self) -> Vec<String> {
        self.shown.saving.track();
        self.desk.with_value(|d| d.caught_up.clone())
    }

    pub fn dismiss_caught_up(&self) {
        self.desk.update_value(|d| d.caught_up.clear());
        self.shown.saving.notify();
    }

    /// Who is recorded as the author of what this workstation enters.
    pub fn author(&self) -> Author {
        signed(&self.operator.get_untracked())
    }

    /// Whether the incident holds entries storage has not confirmed (reactive).
    pub fn is_unsaved(&self, incident_id: &str) -> bool {
        self.shown.saving.track();
        self.desk.with_value(|d| d.is_unsaved(incident_id))
    }

    /// A form's feedback as of now: an amber "only in this page" turns green once a
    /// retry saved the incident (reactive on the unsaved list).
    pub fn settle_feedback(&self, feedback: Feedback) -> Feedback {
        let why = |id: &str| self.desk.with_value(|d| d.unsaved.incidents.get(id).map(|p| p.why.clone()));
        let late = |id: &str| self.desk.with_value(|d| d.saved_late.contains(id));
        // Waiting, refused, or saved by a retry: said from the desk's bookkeeping.
        feedback.refused_or_saved_late(why, late).settled(|id| self.is_unsaved(id))
    }

    /// The incident's title as the banners name it (marked when a drill).
    pub fn title_of(&self, incident_id: &str) -> Option<String> {
        self.shown.incidents.track();
        self.desk.with_value(|d| d.title_of(incident_id))
    }

    /// The incident's obligations at the current tick (reactive on `now`).
    pub fn obligations_of(&self, incident: &Incident) -> Vec<Obligation> {
        let now = self.now.get();
        self.shown.plans.track();
        self.desk.with_value(|d| d.obligations_of(incident, now))
    }

    /// The incident's duties at a glance at the current tick (`desk::duty_watch`):
    /// shared, and worked out again only when something could have turned.
    pub fn duty_glance(&self, incident: &Incident) -> std::sync::Arc<crate::desk::duty_watch::Glance> {
        let now = self.now.get();
        self.shown.plans.track();
        self.desk.with_value(|d| d.duty_glance(incident, now))
    }

    /// The same at `now`, not following the clock (the dashboard moves by the minute).
    pub fn duty_glance_at(&self, incident: &Incident, now: DateTime<Utc>) -> std::sync::Arc<crate::desk::duty_watch::Glance> {
        self.shown.plans.track();
        self.desk.with_value(|d| d.duty_glance(incident, now))
    }

    /// Runs `f` with the plan `incident` was opened under (reactive on the library).
    pub fn with_plan<R>(&self, incident: &Incident, f: impl FnOnce(&Plan) -> R) -> R {
        self.shown.plans.track();
        self.desk.with_value(|d| f(d.plan_for(incident)))
    }

    /// The plan of the incident with this id, or the current bank plan when there is none.
    pub fn plan_of(&self, incident_id: &str) -> Plan {
        self.shown.incidents.track();
        self.shown.plans.track();
        self.desk.with_value(|d| d.plan_of(incident_id))
    }

    /// The current version of plan `id` (reactive), or the home plan when there is no such plan.
    pub fn current_plan(&self, id: &str) -> Plan {
        self.shown.plans.track();
        self.desk.with_value(|d| d.current_plan(id))
    }

    /// The plan screens not tied to an incident show (call tree, paper pack): the first current one.
    pub fn home_plan(&self) -> Plan {
        self.shown.plans.track();
        self.desk.with_value(Desk::home_plan)
    }

    /// Who sends a report on this incident (reactive on the plans and the setup).
    pub fn sender_for(&self, incident_id: &str) -> Sender {
        self.shown.incidents.track();
        self.shown.plans.track();
        self.workstation.with(|w| self.desk.with_value(|d| d.sender_for(incident_id, w)))
    }

    /// The incident's own clock at wall-clock `real`: drill time for a drill.
    pub fn clock_of(&self, incident_id: &str, real: DateTime<Utc>) -> DateTime<Utc> {
        self.desk.with_value(|d| d.clock_of(incident_id, real))
    }

    pub fn is_drill(&self, incident_id: &str) -> bool {
        self.desk.with_value(|d| d.is_drill(incident_id))
    }

    /// The incident's current time, reactive on the tick: drill time for a drill.
    pub fn now_for(&self, incident_id: &str) -> DateTime<Utc> {
        let real = self.now.get();
        self.shown.incidents.track();
        self.desk.with_value(|d| d.clock_of(incident_id, real))
    }

    /// The head of the incident's hash chain as it would be stored now.
    pub fn chain_head(&self, incident: &Incident) -> String {
        self.store.try_update_value(|s| s.chain_head(incident)).unwrap_or_default()
    }

    /// Values moved aside because they could not be read (at start, or a log read in
    /// later): (key, raw text). Not tracked: each comes with a load problem, which is.
    pub fn quarantined(&self) -> Vec<(String, String)> {
        self.store.try_update_value(|s| s.quarantined()).unwrap_or_default()
    }

    /// Characters this app holds in localStorage.
    pub fn used_chars(&self) -> usize {
        self.store.try_update_value(|s| s.used_chars()).unwrap_or_default()
    }

    /// How an import of `needed` stored characters would sit in localStorage as it is now:
    /// localStorage's own limit (about 5 M characters), not the site quota, is what a write runs into.
    pub fn room_for_chars(&self, needed: usize) -> crate::domain::files::saving::Room {
        use crate::domain::files::saving::{room_for, Room};
        match self.char_limit() {
            Some(limit) => room_for(needed, self.used_chars(), limit),
            // IndexedDB: the site's quota (gigabytes) bounds it; a write beyond it is refused and said.
            None => Room::Fits,
        }
    }

    /// localStorage's limit in characters when records live there; `None` on IndexedDB.
    pub fn char_limit(&self) -> Option<usize> {
        self.store.with_value(|s| s.char_limit())
    }

    /// Whether the browser promised to keep our data (asking it to), and the
    /// site's storage used and quota in bytes, where the browser tells.
    pub async fn storage_status(self) -> Option<(bool, f64, f64)> {
        crate::store::quota::status(true).await
    }

    /// Whether records are sealed under the passphrase lock.
    pub fn is_sealed(&self) -> bool {
        self.store.with_value(|s| s.key().is_some())
    }

    /// A new record id (for entries a form builds: a transfer, a movement).
    pub fn new_id(&self) -> String {
        crate::store::ids::new_id()
    }

}
