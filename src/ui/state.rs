//! Application state and the only ways to change it: every change is an
//! event appended through the domain, then saved at once.

use super::browser::{alarm, clock, route::Route};
use crate::domain::backup::{Applied, RestorePlan};
use crate::domain::contacts::Directory;
use crate::domain::i18n::{t, tr};
use crate::domain::draft::NewIncident;
use crate::domain::obligation::{obligations, Alarm, Obligation};
use crate::domain::drill::{DrillClock, DrillSetup, Scenario};
use crate::domain::plan_library::PlanLibrary;
use crate::domain::report::Sender;
use crate::domain::calendar::{stored_after_import, CalendarUndo, ImportPreview};
use crate::domain::saving::{caught_up_line, Feedback, NotSaved, Recorded, Stored, Unsaved};
use crate::domain::workstation::Workstation;
use crate::domain::{Author, Calendar, Event, EventKind, Incident, Level, Plan};
use crate::store::{ids::new_id, local};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What an alert banner is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlertKind {
    /// The level rose (or was first set) by the plan's rules.
    Level(Level),
    /// A drill's scripted message.
    Inject,
    /// A duty passed its deadline still open.
    Overdue,
    /// A duty entered its last minutes (`obligation::LAST_MINUTES`).
    LastMinutes,
}

/// An unacknowledged alert, shown on every screen until someone dismisses it:
/// one per incident and kind, the latest replacing the earlier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    pub id: String,
    pub incident_id: String,
    /// The incident's title (marked when a drill).
    pub title: String,
    pub kind: AlertKind,
    /// When it took effect: the level's start, the inject's time, the duty's deadline.
    pub effective_at: DateTime<Utc>,
    /// The rule for a level, the inject's text, the duty's title.
    pub basis: String,
}

/// Where a storage failure came from; each clears only when that thing saves.
const STORE_WHOLE: &str = "store";
const STORE_SETTINGS: &str = "settings";
const STORE_DIRECTORY: &str = "directory";

fn incident_source(id: &str) -> String {
    format!("incident:{id}")
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub incidents: RwSignal<Vec<Incident>>,
    pub now: RwSignal<DateTime<Utc>>,
    pub route: RwSignal<Route>,
    pub operator: RwSignal<Author>,
    /// Storage failures still unresolved, by source (an incident, settings…).
    pub storage_errors: RwSignal<BTreeMap<String, String>>,
    /// Entries found unreadable at start; kept untouched in storage.
    pub load_problems: RwSignal<Vec<String>>,
    pub alerts: RwSignal<Vec<Alert>>,
    /// The browser keeps the alarm tone from playing until someone clicks the page.
    pub sound_blocked: RwSignal<bool>,
    /// Every plan version known here; incidents run under the one they were opened with.
    pub plans: RwSignal<PlanLibrary>,
    /// Set when the stored plans are unreadable: plan changes are refused so they are not overwritten.
    pub plans_locked: RwSignal<Option<String>>,
    pub calendar: StoredValue<Calendar>,
    pub directory: RwSignal<Directory>,
    /// Set when the stored directory is unreadable: edits are refused so it is not overwritten.
    pub directory_locked: RwSignal<Option<String>>,
    /// The plan role of whoever sits here: their duties come first.
    /// A role id of the plan in use.
    pub my_role: RwSignal<Option<String>>,
    /// This workstation's unit, place, duty phone and fax: the reports' sender.
    pub workstation: RwSignal<Workstation>,
    /// Overdue obligations already alarmed in this session (`incident/key`).
    alarmed: StoredValue<HashSet<String>>,
    /// Closed incidents whose stored chain is not yet checked, with that chain. They are
    /// checked after the first screen is drawn, and at once before anything touches one.
    unverified: StoredValue<HashMap<String, Vec<String>>>,
    /// Entries kept in this page that storage has not taken, by incident, and the retries.
    pub unsaved: RwSignal<Unsaved>,
    /// Banner lines for incidents a retry has just saved ("已补存…"), until dismissed.
    pub caught_up: RwSignal<Vec<String>>,
    /// A retry is already queued for after the current action.
    retry_queued: StoredValue<bool>,
}

/// Why storage refused a write, as the screens explain it.
fn not_saved(e: &local::StoreError) -> NotSaved {
    match e {
        local::StoreError::Full => NotSaved::Full,
        local::StoreError::Unavailable => NotSaved::Unavailable,
        local::StoreError::NewerSchema(_) => NotSaved::ReadOnly,
        local::StoreError::Other(m) => NotSaved::Failed(m.clone()),
    }
}

/// Settings key of the stored calendar text and of the undo of its last import.
const CALENDAR_EXTRA: &str = "calendar-extra";
const CALENDAR_UNDO: &str = "calendar-undo";

impl AppState {
    /// Loads what this browser holds and starts from it.
    pub fn load() -> AppState {
        let loaded = local::load();
        let operator = local::load_setting::<Author>("operator").unwrap_or(Author { name: String::new(), role: String::new() });
        let (directory, directory_locked) = match local::load_document::<Directory>(local::DIRECTORY) {
            Ok(found) => (found.unwrap_or_default(), None),
            Err(problem) => (Directory::default(), Some(problem)),
        };
        let my_role = local::load_setting::<String>("my-role").filter(|c| !c.is_empty());
        let workstation = local::load_setting::<Workstation>("workstation").unwrap_or_default();
        let (plans, plan_problems, plans_locked) = load_plans(&directory);
        // Years imported by users on top of the built-in ones.
        let calendar = Calendar::with_extra(&local::load_setting::<String>(CALENDAR_EXTRA).unwrap_or_default());
        let mut errors = BTreeMap::new();
        if let Some(e) = loaded.blocked {
            errors.insert(STORE_WHOLE.to_string(), e.to_string());
        }
        // Incidents still in progress are checked now (the tick may save them at once);
        // closed ones, most of a large store, wait until the first screen is drawn.
        let in_progress: Vec<String> = loaded.incidents.iter().filter(|i| !i.state().closed).map(|i| i.id().to_string()).collect();
        let state = AppState {
            incidents: RwSignal::new(loaded.incidents),
            now: RwSignal::new(clock::now()),
            route: RwSignal::new(super::browser::route::current()),
            operator: RwSignal::new(operator),
            storage_errors: RwSignal::new(errors),
            load_problems: RwSignal::new(loaded.problems.into_iter().chain(plan_problems).collect()),
            alerts: RwSignal::new(Vec::new()),
            sound_blocked: RwSignal::new(false),
            plans: RwSignal::new(plans),
            plans_locked: RwSignal::new(plans_locked),
            calendar: StoredValue::new(calendar),
            directory: RwSignal::new(directory),
            directory_locked: RwSignal::new(directory_locked),
            my_role: RwSignal::new(my_role),
            workstation: RwSignal::new(workstation),
            alarmed: StoredValue::new(HashSet::new()),
            unverified: StoredValue::new(loaded.chains.into_iter().collect()),
            unsaved: RwSignal::new(Unsaved::default()),
            caught_up: RwSignal::new(Vec::new()),
            retry_queued: StoredValue::new(false),
        };
        for id in in_progress {
            state.settle_pending(&id);
        }
        state
    }

    /// Checks one incident's stored chain if that is still to do. An altered log is
    /// never silently re-sealed: the finding goes into the log itself.
    pub fn settle_pending(&self, id: &str) {
        let mut saved = None;
        self.unverified.update_value(|m| saved = m.remove(id));
        let Some(saved) = saved else { return };
        let found = self.incidents.with_untracked(|l| l.iter().find(|i| i.id() == id).map(|i| local::check_chain(i, &saved)));
        if let Some(crate::domain::integrity::Integrity::BrokenAt { position, event_id }) = found {
            let _ = self.record_as(id, clock::now(), EventKind::IntegrityBroken { event_id, position }, Author::system());
        }
    }

    /// Every check still to do, now (before a backup, or re-sealing every record).
    pub fn settle_all_pending(&self) {
        let ids: Vec<String> = self.unverified.with_value(|m| m.keys().cloned().collect());
        for id in ids {
            self.settle_pending(&id);
        }
    }

    /// The remaining checks in slices of about 8 ms, so the screen stays responsive.
    pub fn settle_in_background(self) {
        let start = js_sys::Date::now();
        while let Some(id) = self.unverified.with_value(|m| m.keys().next().cloned()) {
            self.settle_pending(&id);
            if js_sys::Date::now() - start > 8.0 {
                set_timeout(move || self.settle_in_background(), std::time::Duration::ZERO);
                return;
            }
        }
    }

    fn report(&self, source: &str, result: Result<(), String>) {
        let saved = result.is_ok();
        // Only a change notifies: a save that went fine and was fine before redraws nothing.
        let changes = self.storage_errors.with_untracked(|errors| match &result {
            Ok(()) => errors.contains_key(source),
            Err(e) => errors.get(source) != Some(e),
        });
        if changes {
            self.storage_errors.update(|errors| match result {
                Ok(()) => {
                    errors.remove(source);
                }
                Err(e) => {
                    errors.insert(source.to_string(), e);
                }
            });
        }
        // Storage took a write: what is still waiting may fit now.
        if saved {
            self.retry_soon();
        }
    }

    /// Who is recorded as the author of what this workstation enters.
    pub fn author(&self) -> Author {
        let me = self.operator.get_untracked();
        if me.name.trim().is_empty() {
            Author { name: "未署名值班人员".into(), role: me.role } // zh-only: stored as the author of the events
        } else {
            me
        }
    }

    pub fn set_operator(&self, author: Author) {
        let result = local::save_setting("operator", &author).map_err(|e| e.to_string());
        self.report(STORE_SETTINGS, result);
        self.operator.set(author);
    }

    pub fn set_my_role(&self, role: Option<String>) {
        let result = local::save_setting("my-role", &role).map_err(|e| e.to_string());
        self.report(STORE_SETTINGS, result);
        self.my_role.set(role);
    }

    /// Saves the setup: the institution's name into plan `plan_id` (a new version
    /// when it changed, so the plan and the reports never disagree), then this
    /// workstation's details. Nothing is kept in memory that did not save.
    pub fn save_setup(&self, plan_id: &str, institution: &str, workstation: Workstation) -> Result<(), String> {
        if let Some(renamed) = self.plans.with_untracked(|l| l.renamed(plan_id, institution)) {
            self.save_plan(renamed)?;
        }
        let result = local::save_setting("workstation", &workstation).map_err(|e| e.to_string());
        self.report(STORE_SETTINGS, result.clone());
        result?;
        self.workstation.set(workstation);
        Ok(())
    }

    /// Who sends a report on this incident (reactive on the plans and the setup).
    pub fn sender_for(&self, incident_id: &str) -> Sender {
        let pinned = self.plan_of(incident_id);
        let current = self.plans.with(|l| l.current(&pinned.id).cloned());
        self.workstation.with(|w| Sender::of(&pinned, current.as_ref(), w))
    }

    /// What importing `text` into the calendar would change (nothing changes yet).
    pub fn preview_calendar(&self, text: &str) -> Result<ImportPreview, Vec<String>> {
        let this_year = chrono::Datelike::year(&crate::domain::time::beijing_date(clock::now()));
        self.calendar.with_value(|c| c.preview_import(text, this_year))
    }

    /// Adds a schedule (all lines or none; a year outside this year ± 2 only when in
    /// `confirmed`) and keeps it for the next start, with the undo of this import.
    /// An import that changes nothing writes nothing.
    pub fn import_calendar(&self, text: &str, confirmed: &[i32]) -> Result<ImportPreview, Vec<String>> {
        let this_year = chrono::Datelike::year(&crate::domain::time::beijing_date(clock::now()));
        let mut cal = self.calendar.get_value();
        let preview = cal.import_checked(text, this_year, confirmed)?;
        if preview.no_change() {
            return Ok(preview);
        }
        let before = local::load_setting::<String>(CALENDAR_EXTRA).unwrap_or_default();
        let after = stored_after_import(&before, text);
        let undo = CalendarUndo { before, after: after.clone(), years: preview.years.iter().map(|y| y.year).collect(), dates: preview.dates };
        let previous_undo = local::load_setting::<CalendarUndo>(CALENDAR_UNDO);
        local::save_setting(CALENDAR_UNDO, &undo).map_err(|e| vec![e.to_string()])?;
        if let Err(e) = local::save_setting(CALENDAR_EXTRA, &after) {
            // Nothing imported: the earlier undo stays the one offered.
            let _ = local::save_setting(CALENDAR_UNDO, &previous_undo);
            return Err(vec![e.to_string()]);
        }
        self.calendar.set_value(cal);
        self.retry_soon();
        Ok(preview)
    }

    /// The undo of the last calendar import, while there is one.
    pub fn calendar_undo(&self) -> Option<CalendarUndo> {
        local::load_setting::<Option<CalendarUndo>>(CALENDAR_UNDO).flatten()
    }

    /// Puts the calendar back as it was before the last import (the stored text
    /// restored), refused when it changed since.
    pub fn undo_calendar(&self) -> Result<CalendarUndo, String> {
        let undo = self.calendar_undo().ok_or_else(|| t("没有可撤销的导入").to_string())?;
        let current = local::load_setting::<String>(CALENDAR_EXTRA).unwrap_or_default();
        let before = undo.restore(&current)?;
        local::save_setting(CALENDAR_EXTRA, &before).map_err(|e| e.to_string())?;
        let _ = local::save_setting(CALENDAR_UNDO, &None::<CalendarUndo>);
        self.calendar.set_value(Calendar::with_extra(&before));
        Ok(undo)
    }

    /// Replaces the directory after saving it; refuses while the stored one is unreadable.
    pub fn save_directory(&self, directory: Directory) -> Result<(), String> {
        if let Some(problem) = self.directory_locked.get_untracked() {
            return Err(problem);
        }
        let result = local::save_document(local::DIRECTORY, &directory).map_err(|e| e.to_string());
        self.report(STORE_DIRECTORY, result.clone());
        result?;
        self.directory.set(directory);
        Ok(())
    }

    /// Saves one incident (merged with what another tab stored) and keeps the
    /// merged log in memory; on failure memory keeps the unsaved events, `fresh`
    /// (the ones just added) join the incident's unsaved list, and it is retried.
    fn persist(&self, incident: &mut Incident, fresh: Vec<String>) -> Stored {
        let id = incident.id().to_string();
        match local::save(incident) {
            Ok(merged) => {
                *incident = merged;
                if self.unsaved.with_untracked(|u| u.contains(&id)) {
                    let n = self.unsaved.try_update(|u| u.saved(&id)).flatten().unwrap_or(0);
                    let title = drill_mark(incident, incident.state().facts.title);
                    self.caught_up.update(|c| c.push(caught_up_line(&title, n)));
                }
                self.report(&incident_source(&id), Ok(()));
                Stored::Saved
            }
            Err(e) => {
                let why = not_saved(&e);
                self.unsaved.update(|u| u.kept(&id, fresh, why.clone()));
                self.report(&incident_source(&id), Err(e.to_string()));
                Stored::KeptUnsaved(why)
            }
        }
    }

    /// Whether the incident holds entries storage has not taken (reactive).
    pub fn is_unsaved(&self, incident_id: &str) -> bool {
        self.unsaved.with(|u| u.contains(incident_id))
    }

    /// A form's feedback as of now: an amber "only in this page" turns green once a
    /// retry saved the incident (reactive on the unsaved list).
    pub fn settle_feedback(&self, feedback: Feedback) -> Feedback {
        feedback.settled(|id| self.is_unsaved(id))
    }

    /// The incident's title as the banners name it (marked when a drill).
    pub fn title_of(&self, incident_id: &str) -> Option<String> {
        self.incidents.with(|l| l.iter().find(|i| i.id() == incident_id).map(|i| drill_mark(i, i.state().facts.title)))
    }

    /// Tries again, once the current action is over, to save what waits (after a
    /// write that went through, or another tab changed storage).
    pub fn retry_soon(&self) {
        if self.retry_queued.get_value() || self.unsaved.with_untracked(Unsaved::is_empty) {
            return;
        }
        self.retry_queued.set_value(true);
        let state = *self;
        leptos::task::spawn_local(async move { state.retry_unsaved() });
    }

    /// The tick: every `RETRY_EVERY_SECONDS` while anything is unsaved, try again.
    pub fn retry_tick(&self, now: DateTime<Utc>) {
        if self.unsaved.with_untracked(|u| u.retry_due(now)) {
            self.retry_unsaved();
        }
    }

    /// Tries to save every incident kept only in this page, then the settings that
    /// did not save. Nothing leaves memory: a failure only updates the reason.
    pub fn retry_unsaved(&self) {
        let ids: Vec<String> = self.unsaved.with_untracked(|u| u.incidents.keys().cloned().collect());
        let settings = self.storage_errors.with_untracked(|e| e.contains_key(STORE_SETTINGS));
        if ids.is_empty() && !settings {
            self.retry_queued.set_value(false);
            return;
        }
        // The saves below report success themselves: no further retry is queued meanwhile.
        self.retry_queued.set_value(true);
        if !ids.is_empty() {
            self.unsaved.update(|u| u.retrying(clock::now()));
        }
        for id in ids {
            let attempt = self.incidents.with_untracked(|l| l.iter().find(|i| i.id() == id).map(|i| (local::save(i), i.events().len())));
            match attempt {
                // No longer here (archived and removed): nothing to save.
                None => {
                    self.unsaved.update(|u| {
                        u.saved(&id);
                    });
                    self.report(&incident_source(&id), Ok(()));
                }
                Some((Ok(merged), before)) => {
                    let title = drill_mark(&merged, merged.state().facts.title);
                    // The stored copy held another tab's entries: take them in.
                    if merged.events().len() != before {
                        self.incidents.update(|l| {
                            if let Some(i) = l.iter_mut().find(|i| i.id() == id) {
                                *i = merged;
                            }
                        });
                    }
                    let n = self.unsaved.try_update(|u| u.saved(&id)).flatten().unwrap_or(0);
                    self.caught_up.update(|c| c.push(caught_up_line(&title, n)));
                    self.report(&incident_source(&id), Ok(()));
                }
                Some((Err(e), _)) => {
                    let why = not_saved(&e);
                    if self.unsaved.with_untracked(|u| u.incidents.get(&id).is_some_and(|p| p.why != why)) {
                        self.unsaved.update(|u| u.kept(&id, Vec::new(), why));
                    }
                    self.report(&incident_source(&id), Err(e.to_string()));
                }
            }
        }
        // The operator and role are kept in memory when they fail to save: try them too.
        if settings {
            let result = local::save_setting("operator", &self.operator.get_untracked())
                .and_then(|()| local::save_setting("my-role", &self.my_role.get_untracked()))
                .map_err(|e| e.to_string());
            self.report(STORE_SETTINGS, result);
        }
        self.retry_queued.set_value(false);
    }

    /// Records a new incident (and its restoration, when recorded afterwards),
    /// classifies it at once and returns its id, and whether storage took it.
    pub fn open_incident(&self, new: NewIncident, plan_id: &str) -> (String, Stored) {
        let now = clock::now();
        let id = new_id();
        let (plan_id, plan_version) = self.plans.with_untracked(|l| {
            let p = l.current(plan_id).or_else(|| l.current_plans().first().copied()).expect("built-in plans exist");
            (p.id.clone(), p.version.clone())
        });
        let author = self.author();
        let opened = Event {
            id: new_id(),
            occurred_at: new.facts.discovered_at,
            recorded_at: now,
            author: author.clone(),
            kind: EventKind::Opened { facts: new.facts, plan_id, plan_version, drill: None },
        };
        let mut incident = Incident::open(id.clone(), opened).expect("a fresh id and an Opened event form a valid log");
        if let Some(at) = new.restored_at {
            let restored = Event { id: new_id(), occurred_at: at, recorded_at: now, author, kind: EventKind::ServiceRestored { note: String::new() } };
            incident.append(restored).expect("validated: after the start, not in the future");
        }
        let fresh = incident.events().iter().map(|e| e.id.clone()).collect();
        let stored = self.persist(&mut incident, fresh);
        self.incidents.update(|list| list.push(incident));
        self.escalate_where(now, |i| i.id() == id);
        (id, stored)
    }

    /// Appends one event to an incident and saves it. The in-memory log keeps
    /// the event even when saving fails; the failure is shown.
    pub fn record(&self, incident_id: &str, occurred_at: DateTime<Utc>, kind: EventKind) -> Recorded {
        self.record_as(incident_id, occurred_at, kind, self.author())
    }

    /// Records at the incident's own current time (drill time for a drill).
    pub fn record_now(&self, incident_id: &str, kind: EventKind) -> Recorded {
        let at = self.clock_of(incident_id, clock::now());
        self.record(incident_id, at, kind)
    }

    fn record_as(&self, incident_id: &str, occurred_at: DateTime<Utc>, kind: EventKind, author: Author) -> Recorded {
        self.record_event(incident_id, new_id(), occurred_at, kind, author)
    }

    /// Appends with a given event id: the same id from two tabs merges into one entry.
    fn record_event(&self, incident_id: &str, event_id: String, occurred_at: DateTime<Utc>, kind: EventKind, author: Author) -> Recorded {
        self.settle_pending(incident_id);
        let recorded_at = self.clock_of(incident_id, clock::now());
        let event = Event { id: event_id.clone(), occurred_at, recorded_at, author, kind };
        let mut outcome = Err(t("找不到该事件").to_string());
        self.incidents.update(|list| {
            if let Some(incident) = list.iter_mut().find(|i| i.id() == incident_id) {
                outcome = match incident.append(event) {
                    Ok(()) => Ok(self.persist(incident, vec![event_id])),
                    Err(e) => Err(e.to_string()),
                };
            }
        });
        // A correction may already have crossed a threshold: classify now, not at the next tick.
        if outcome.is_ok() {
            self.escalate_where(clock::now(), |i| i.id() == incident_id);
        }
        outcome
    }

    /// Appends several events as one action: all of them, or none when one is
    /// refused (a report marked sent and the duties it settles).
    pub fn record_all(&self, incident_id: &str, kinds: Vec<EventKind>) -> Recorded {
        self.settle_pending(incident_id);
        let at = self.clock_of(incident_id, clock::now());
        let author = self.author();
        let mut outcome = Err(t("找不到该事件").to_string());
        self.incidents.update(|list| {
            let Some(incident) = list.iter_mut().find(|i| i.id() == incident_id) else { return };
            let mut next = incident.clone();
            let mut fresh = Vec::new();
            for kind in kinds {
                let event = Event { id: new_id(), occurred_at: at, recorded_at: at, author: author.clone(), kind };
                fresh.push(event.id.clone());
                if let Err(e) = next.append(event) {
                    outcome = Err(e.to_string());
                    return;
                }
            }
            *incident = next;
            outcome = Ok(self.persist(incident, fresh));
        });
        if outcome.is_ok() {
            self.escalate_where(clock::now(), |i| i.id() == incident_id);
        }
        outcome
    }

    /// Another tab saved an incident: take in its events (or the new incident).
    pub fn sync_from_storage(&self, incident_id: &str) {
        self.settle_pending(incident_id);
        let Ok(Some(stored)) = local::load_incident(incident_id) else { return };
        self.incidents.update(|list| match list.iter_mut().find(|i| i.id() == incident_id) {
            Some(mine) => {
                mine.merge(&stored);
            }
            None => list.push(stored),
        });
    }

    /// Seals (with `key`) or unseals (with `None`) every stored record: the
    /// lock record goes first when turning on and last when turning off, so a
    /// half-finished change always leaves readable data.
    pub fn reseal(&self, lock: Option<(crate::domain::seal::Lock, crate::domain::seal::Key)>) -> Result<(), String> {
        let turning_on = lock.is_some();
        self.settle_all_pending();
        if let Some((record, key)) = &lock {
            crate::store::lock::write_record(Some(record))?;
            crate::store::lock::set_key(Some(*key));
        } else {
            crate::store::lock::set_key(None);
        }
        let mut failed = Vec::new();
        self.incidents.update(|list| {
            for i in list.iter_mut() {
                match local::save(i) {
                    Ok(merged) => {
                        *i = merged;
                        if self.unsaved.with_untracked(|u| u.contains(i.id())) {
                            self.unsaved.update(|u| {
                                u.saved(i.id());
                            });
                            self.report(&incident_source(i.id()), Ok(()));
                        }
                    }
                    Err(e) => failed.push(e.to_string()),
                }
            }
        });
        if self.directory_locked.get_untracked().is_none() {
            if let Err(e) = local::save_document(local::DIRECTORY, &self.directory.get_untracked()) {
                failed.push(e.to_string());
            }
        }
        // Local plan versions are stored like the directory, so they follow the lock too.
        if self.plans_locked.get_untracked().is_none() {
            let stored = self.plans.with_untracked(|l| l.stored());
            if !stored.is_empty() {
                if let Err(e) = local::save_document(local::PLANS, &stored) {
                    failed.push(e.to_string());
                }
            }
        }
        if !turning_on && failed.is_empty() {
            crate::store::lock::write_record(None)?;
        }
        if failed.is_empty() { Ok(()) } else { Err(failed.join(t("；"))) }
    }

    /// Removes closed incidents from this browser after they were archived to a file.
    pub fn drop_archived(&self, ids: &[String]) -> Result<usize, String> {
        let mut removed = 0;
        for id in ids {
            local::remove_incident(id).map_err(|e| e.to_string())?;
            removed += 1;
        }
        self.incidents.update(|l| l.retain(|i| !ids.iter().any(|id| id == i.id())));
        Ok(removed)
    }

    /// What restoring `backup` would do here now, with every clash: nothing is changed.
    pub fn plan_backup(&self, backup: &crate::domain::backup::Backup) -> RestorePlan {
        for s in &backup.incidents {
            self.settle_pending(s.incident.id());
        }
        let plan = self.incidents.with_untracked(|l| {
            self.directory.with_untracked(|d| self.plans.with_untracked(|lib| crate::domain::backup::plan_restore(l, d, lib, backup)))
        });
        self.with_lock_blockers(plan)
    }

    /// What importing a checked packet would do here now: nothing is changed.
    pub fn plan_packet(&self, incident: &Incident, plan: Option<&Plan>) -> RestorePlan {
        self.settle_pending(incident.id());
        let restore = self.incidents.with_untracked(|l| self.plans.with_untracked(|lib| crate::domain::backup::plan_packet(l, lib, incident, plan)));
        self.with_lock_blockers(restore)
    }

    /// A stored plan library or directory that cannot be read must not be overwritten.
    fn with_lock_blockers(&self, mut plan: RestorePlan) -> RestorePlan {
        if plan.plans_after.is_some() {
            if let Some(problem) = self.plans_locked.get_untracked() {
                plan.blockers.push(crate::tf!("已保存的预案无法读取，为免覆盖暂不能修改：{0}", problem));
            }
        }
        if plan.directory.is_some() {
            if let Some(problem) = self.directory_locked.get_untracked() {
                plan.blockers.push(problem);
            }
        }
        plan
    }

    /// Applies a restore or packet import worked out just now (`plan_backup`,
    /// `plan_packet`): all of it, or nothing (what was written is put back). Memory
    /// follows storage only when all of it was written. Returns whether it applied and
    /// the message saying so, naming every item.
    pub fn apply_restore(&self, plan: &RestorePlan) -> (bool, String) {
        let mut target = local::RestoreTarget::default();
        let applied = crate::domain::backup::apply(plan, &mut target);
        if applied == Applied::All {
            if let Some(stored) = &plan.plans_after {
                let mut lib = self.plans.get_untracked();
                for p in stored {
                    let _ = lib.keep(p.clone());
                }
                self.plans.set(lib);
            }
            let ids: Vec<String> = target.written.iter().map(|i| i.id().to_string()).collect();
            self.incidents.update(|list| {
                for written in target.written {
                    match list.iter_mut().find(|i| i.id() == written.id()) {
                        Some(mine) => *mine = written,
                        None => list.push(written),
                    }
                }
            });
            for id in &ids {
                self.report(&incident_source(id), Ok(()));
            }
            if let Some(d) = &plan.directory {
                self.report(STORE_DIRECTORY, Ok(()));
                self.directory.set(d.clone());
            }
            self.escalate_where(clock::now(), |i| ids.iter().any(|id| id == i.id()));
        }
        plan.outcome(&applied)
    }

    /// Another tab saved the directory.
    pub fn sync_directory(&self) {
        if let Ok(Some(d)) = local::load_document::<Directory>(local::DIRECTORY) {
            self.directory.set(d);
        }
    }

    /// Called every tick for the open incidents (restored ones cannot rise any
    /// more): records each rise the rules have produced (第八条) and raises the alarm.
    pub fn escalate(&self, now: DateTime<Utc>) {
        // Not restored and not closed: an ended drill that was never restored is closed.
        self.escalate_where(now, |i| {
            let s = i.state();
            s.is_open() && !s.closed
        });
    }

    /// The same for the incidents `which` selects (one just recorded or corrected).
    pub fn escalate_where(&self, real_now: DateTime<Utc>, which: impl Fn(&Incident) -> bool) {
        let cal = self.calendar.get_value();
        let due: Vec<(String, DateTime<Utc>, Vec<crate::domain::classification::Step>)> = self.incidents.with_untracked(|list| {
            self.plans.with_untracked(|lib| {
                list.iter()
                    .filter(|i| which(i) && has_own_plan(lib, i))
                    .map(|i| {
                        let now = incident_clock(i, real_now);
                        (i.id().to_string(), now, i.due_rises(plan_in(lib, i), &cal, now))
                    })
                    .filter(|(_, _, steps)| !steps.is_empty())
                    .collect()
            })
        });
        if due.is_empty() {
            return;
        }
        // A stored log is checked before the first entry is added to it.
        for (id, _, _) in &due {
            self.settle_pending(id);
        }
        let mut alerts = Vec::new();
        self.incidents.update(|list| {
            for (id, now, steps) in &due {
                let Some(incident) = list.iter_mut().find(|i| i.id() == id) else { continue };
                let mut added = Vec::new();
                for step in steps {
                    let kind = EventKind::Classified { level: step.level, effective_at: step.at, rule: step.rule.clone() };
                    let event = Event { id: new_id(), occurred_at: step.at, recorded_at: *now, author: Author::system(), kind };
                    let event_id = event.id.clone();
                    if incident.append(event).is_ok() {
                        added.push(event_id);
                        alerts.push(Alert {
                            id: new_id(),
                            incident_id: id.clone(),
                            title: drill_mark(incident, incident.state().facts.title),
                            kind: AlertKind::Level(step.level),
                            effective_at: step.at,
                            basis: step.rule.describe(),
                        });
                    }
                }
                // Nothing appended (the log refused it): nothing to save.
                if !added.is_empty() {
                    let _ = self.persist(incident, added);
                }
            }
        });
        if let Some(Alert { kind: AlertKind::Level(level), title, basis, .. }) = alerts.last() {
            alarm::sound();
            alarm::notify(&crate::tf!("事件定级：{0}", level.label()), &crate::tf!("{0}：{1}", title, basis));
        }
        for a in alerts {
            self.raise(a);
        }
    }

    /// Shows an alert on every screen; it replaces the incident's earlier one of the same kind.
    fn raise(&self, alert: Alert) {
        // One line per incident and kind; a duty now overdue also retires its own "last minutes" line.
        let (incident, kind, basis, at) = (alert.incident_id.clone(), alert.kind.clone(), alert.basis.clone(), alert.effective_at);
        let same = move |a: &Alert| {
            a.incident_id == incident
                && (std::mem::discriminant(&a.kind) == std::mem::discriminant(&kind)
                    || (a.kind == AlertKind::LastMinutes && kind == AlertKind::Overdue && a.basis == basis && a.effective_at == at))
        };
        self.alerts.update(|list| {
            list.retain(|x| !same(x));
            list.push(alert);
        });
    }

    pub fn dismiss_alert(&self, alert_id: &str) {
        self.alerts.update(|r| r.retain(|a| a.id != alert_id));
    }

    pub fn dismiss_all_alerts(&self) {
        self.alerts.set(Vec::new());
    }

    /// A duty's alert goes once the duty is settled: nothing is left to warn about.
    /// `pressing` holds (incident, duty title, deadline) of every duty still overdue or in its last minutes.
    fn retire_settled_alerts(&self, pressing: &HashSet<(String, String, DateTime<Utc>)>) {
        let stale = |a: &Alert| {
            matches!(a.kind, AlertKind::Overdue | AlertKind::LastMinutes)
                && !pressing.contains(&(a.incident_id.clone(), a.basis.clone(), a.effective_at))
        };
        if self.alerts.with_untracked(|l| l.iter().any(stale)) {
            self.alerts.update(|l| l.retain(|a| !stale(a)));
        }
    }

    /// The incident's obligations at the current tick (reactive on `now`).
    pub fn obligations_of(&self, incident: &Incident) -> Vec<Obligation> {
        let now = incident_clock(incident, self.now.get());
        self.plans.with(|lib| self.calendar.with_value(|c| obligations(incident, &plan_in(lib, incident).obligations, c, now)))
    }

    /// Alarms once per duty when it enters its last minutes and again when it
    /// turns overdue (tone, notification, a banner on every screen), and returns
    /// how many are overdue now (for the tab title).
    pub fn check_duties(&self, real_now: DateTime<Utc>) -> usize {
        let mut fresh: Vec<Alert> = Vec::new();
        let mut count = 0;
        // Duties still overdue or in their last minutes: their banners stay.
        let mut pressing: HashSet<(String, String, DateTime<Utc>)> = HashSet::new();
        self.incidents.with_untracked(|list| {
            self.plans.with_untracked(|lib| {
                // Duties outlive the emergency (termination notices, summary reports) until closed.
                for incident in list.iter().filter(|i| has_own_plan(lib, i) && !i.state().closed) {
                    let now = incident_clock(incident, real_now);
                    let found = self.calendar.with_value(|c| obligations(incident, &plan_in(lib, incident).obligations, c, now));
                    for o in found {
                        let (kind, mark) = match o.alarm(now) {
                            Some(Alarm::Overdue) => (AlertKind::Overdue, "overdue"),
                            Some(Alarm::LastMinutes) => (AlertKind::LastMinutes, "last"),
                            None => continue,
                        };
                        pressing.insert((incident.id().to_string(), tr(&o.rule.title), o.deadline));
                        if kind == AlertKind::Overdue {
                            count += 1;
                        }
                        let id = format!("{}/{}/{mark}", incident.id(), o.key);
                        if self.alarmed.with_value(|a| a.contains(&id)) {
                            continue;
                        }
                        self.alarmed.update_value(|a| {
                            a.insert(id);
                        });
                        fresh.push(Alert {
                            id: new_id(),
                            incident_id: incident.id().to_string(),
                            title: drill_mark(incident, incident.state().facts.title),
                            kind,
                            effective_at: o.deadline,
                            basis: tr(&o.rule.title),
                        });
                    }
                }
            })
        });
        self.retire_settled_alerts(&pressing);
        if let Some(first) = fresh.first() {
            alarm::sound();
            let more = if fresh.len() > 1 { crate::tf!("（另有{0}项）", fresh.len() - 1) } else { String::new() };
            let head = if first.kind == AlertKind::Overdue { t("义务已超时") } else { t("义务即将到期") };
            alarm::notify(head, &crate::tf!("{0}：{1}{2}", first.title, first.basis, more));
        }
        for a in fresh {
            self.raise(a);
        }
        count
    }

    /// Runs `f` with the plan `incident` was opened under (reactive on the library).
    pub fn with_plan<R>(&self, incident: &Incident, f: impl FnOnce(&Plan) -> R) -> R {
        self.plans.with(|lib| f(plan_in(lib, incident)))
    }

    /// The plan of the incident with this id, or the current bank plan when there is none.
    pub fn plan_of(&self, incident_id: &str) -> Plan {
        self.incidents.with(|list| match list.iter().find(|i| i.id() == incident_id) {
            Some(i) => self.with_plan(i, Plan::clone),
            None => self.home_plan(),
        })
    }

    /// The current version of plan `id` (reactive), or the home plan when there is no such plan.
    pub fn current_plan(&self, id: &str) -> Plan {
        self.plans.with(|lib| lib.current(id).cloned()).unwrap_or_else(|| self.home_plan())
    }

    /// The plan screens not tied to an incident show (call tree, paper pack): the first current one.
    pub fn home_plan(&self) -> Plan {
        self.plans.with(|lib| lib.current_plans()[0].clone())
    }

    /// The incident's own clock at wall-clock `real`: drill time for a drill.
    pub fn clock_of(&self, incident_id: &str, real: DateTime<Utc>) -> DateTime<Utc> {
        self.incidents.with_untracked(|list| list.iter().find(|i| i.id() == incident_id).map_or(real, |i| incident_clock(i, real)))
    }

    pub fn is_drill(&self, incident_id: &str) -> bool {
        self.incidents.with_untracked(|list| list.iter().any(|i| i.id() == incident_id && i.drill_setup().is_some()))
    }

    /// The incident's current time, reactive on the tick: drill time for a drill.
    pub fn now_for(&self, incident_id: &str) -> DateTime<Utc> {
        let real = self.now.get();
        self.incidents.with(|list| list.iter().find(|i| i.id() == incident_id).map_or(real, |i| incident_clock(i, real)))
    }

    /// Adds a customised or imported plan version and makes it current; saved at once.
    pub fn save_plan(&self, plan: Plan) -> Result<(), String> {
        let mut lib = self.plans.get_untracked();
        lib.add(plan)?;
        self.store_plans(lib)
    }

    /// Another tab saved plan versions or changed the current ones: take them in.
    pub fn sync_plans(&self) {
        let directory = self.directory.get_untracked();
        let (lib, problems, locked) = load_plans(&directory);
        self.plans.set(lib);
        self.plans_locked.set(locked);
        if !problems.is_empty() {
            self.load_problems.update(|p| {
                for x in problems {
                    if !p.contains(&x) {
                        p.push(x);
                    }
                }
            });
        }
    }

    pub fn set_current_plan(&self, id: &str, version: &str) -> Result<(), String> {
        let mut lib = self.plans.get_untracked();
        lib.set_current(id, version)?;
        self.store_plans(lib)
    }

    /// Writes the library, first taking in what another tab stored since, so no
    /// version is lost; refused while the stored copy is unreadable.
    fn store_plans(&self, mut lib: PlanLibrary) -> Result<(), String> {
        if let Some(problem) = self.plans_locked.get_untracked() {
            return Err(crate::tf!("已保存的预案无法读取，为免覆盖暂不能修改：{0}", problem));
        }
        match local::load_document::<Vec<Plan>>(local::PLANS) {
            Ok(found) => lib.absorb(found.unwrap_or_default())?,
            Err(problem) => {
                self.plans_locked.set(Some(problem.clone()));
                return Err(problem);
            }
        }
        local::save_document(local::PLANS, &lib.stored()).map_err(|e| e.to_string())?;
        local::save_setting("current-plans", lib.current_versions()).map_err(|e| e.to_string())?;
        self.plans.set(lib);
        Ok(())
    }

    /// Starts a drill from a scenario (or a blank one with the given facts) at `speed`.
    pub fn open_drill(&self, scenario: Option<&Scenario>, facts: Option<crate::domain::IncidentFacts>, speed: u32) -> Result<String, String> {
        let real = clock::now();
        let cal = self.calendar.get_value();
        let plan_id = scenario.map_or_else(|| self.home_plan().id, |s| s.plan_id.clone());
        let sim_start = scenario.map_or(real, |s| s.sim_start(&cal, real));
        let author = self.author();
        let facts = match (scenario, facts) {
            (Some(s), _) => s.facts(sim_start, &author.name),
            (None, Some(f)) => f,
            (None, None) => return Err(t("请选择演练场景").into()),
        };
        let title = scenario.map_or_else(|| facts.title.clone(), |s| s.title.clone());
        // The drill clock reads the discovery time now: the minutes before it have already run.
        let before = (facts.discovered_at - sim_start).max(chrono::Duration::zero()) / i32::try_from(speed.max(1)).unwrap_or(1);
        let setup = DrillSetup { scenario: scenario.map(|s| s.id.clone()), title, real_start: real - before, sim_start, speed };
        let (plan_id, plan_version) = self.plans.with_untracked(|l| {
            let p = l.current(&plan_id).unwrap_or(l.current_plans()[0]);
            (p.id.clone(), p.version.clone())
        });
        let id = new_id();
        // Drill time starts at the scenario's start; the opening entry is made at discovery.
        let at = facts.discovered_at.max(sim_start);
        let opened = Event { id: new_id(), occurred_at: at, recorded_at: at, author, kind: EventKind::Opened { facts, plan_id, plan_version, drill: Some(setup) } };
        let mut incident = Incident::open(id.clone(), opened).map_err(|e| e.to_string())?;
        let fresh = incident.events().iter().map(|e| e.id.clone()).collect();
        // Unsaved, the drill runs in this page and the banner names it.
        let _ = self.persist(&mut incident, fresh);
        self.incidents.update(|list| list.push(incident));
        self.escalate_where(real, |i| i.id() == id);
        Ok(id)
    }

    /// Changes a drill's clock speed (0 pauses) from this instant on.
    pub fn set_drill_speed(&self, incident_id: &str, speed: u32) -> Recorded {
        let real = clock::now();
        let at = self.clock_of(incident_id, real);
        self.record(incident_id, at, EventKind::DrillClockSet { speed, real_at: real })
    }

    /// Ends a drill: its clock stops and it is scored as of now.
    pub fn end_drill(&self, incident_id: &str, note: String) -> Recorded {
        let at = self.clock_of(incident_id, clock::now());
        self.record(incident_id, at, EventKind::DrillEnded { note })
    }

    /// Delivers the scenario injects that fell due on each running drill's clock.
    pub fn deliver_injects(&self, real_now: DateTime<Utc>) {
        // Only running scenario drills have injects; most ticks end here without parsing the library.
        let running = self.incidents.with_untracked(|list| list.iter().any(|i| i.drill_setup().is_some_and(|d| d.scenario.is_some()) && !i.state().closed));
        if !running {
            return;
        }
        let library = crate::domain::drill::scenarios();
        let due: Vec<(String, usize, DateTime<Utc>, String)> = self.incidents.with_untracked(|list| {
            list.iter()
                .filter(|i| i.drill_setup().is_some() && !i.state().closed)
                .filter_map(|i| {
                    let wanted = i.drill_setup()?.scenario.as_ref()?;
                    let scenario = library.iter().find(|s| &s.id == wanted)?;
                    let now = incident_clock(i, real_now);
                    Some(crate::domain::drill::due_injects(i, scenario, now).into_iter().map(|(n, at, text)| (i.id().to_string(), n, at, text)).collect::<Vec<_>>())
                })
                .flatten()
                .collect()
        });
        for (id, index, at, text) in due {
            // One id per inject: tabs delivering the same inject merge into one entry.
            let event_id = format!("{id}-inject-{index}");
            let director = Author { name: "演练导调".into(), role: "情景推送".into() }; // zh-only: stored as the author; the report compares the role
            if self.record_event(&id, event_id, at, EventKind::DrillInject { index, text: text.clone() }, director).is_ok() {
                alarm::sound();
                let title = self.incidents.with_untracked(|l| l.iter().find(|i| i.id() == id).map(|i| drill_mark(i, i.state().facts.title))).unwrap_or_default();
                self.raise(Alert { id: new_id(), incident_id: id.clone(), title, kind: AlertKind::Inject, effective_at: at, basis: tr(&text) });
            }
        }
    }
}

/// The plan an incident was opened under, from the library (a stand-in when missing).
pub fn plan_in<'a>(lib: &'a PlanLibrary, incident: &Incident) -> &'a Plan {
    let (id, version) = incident.plan_ref();
    lib.resolve(id, version).0
}

/// Whether this workstation holds the incident's own plan version: the app only
/// writes to a log (rises, injects) and alarms by rules it really has.
fn has_own_plan(lib: &PlanLibrary, incident: &Incident) -> bool {
    let (id, version) = incident.plan_ref();
    lib.get(id, version).is_some()
}

/// The incident's clock at wall-clock `real`: drill time for a drill.
pub fn incident_clock(incident: &Incident, real: DateTime<Utc>) -> DateTime<Utc> {
    if incident.drill_setup().is_none() {
        return real;
    }
    DrillClock::of(incident).map_or(real, |c| c.now(real))
}

/// "【演练】title" for a drill, so no alarm of a drill passes for a real one.
fn drill_mark(incident: &Incident, title: String) -> String {
    if incident.drill_setup().is_some() { crate::tf!("【演练】{0}", title) } else { title }
}

/// The plan library from storage, the directory's old recipient names carried
/// into a plan version once (they used to live in the directory).
fn load_plans(directory: &Directory) -> (PlanLibrary, Vec<String>, Option<String>) {
    let current = local::load_setting::<BTreeMap<String, String>>("current-plans").unwrap_or_default();
    let (stored, locked) = match local::load_document::<Vec<Plan>>(local::PLANS) {
        Ok(found) => (found.unwrap_or_default(), None),
        Err(problem) => (Vec::new(), Some(problem)),
    };
    let fresh = stored.is_empty() && current.is_empty();
    let (mut lib, mut problems) = PlanLibrary::new(stored, current);
    // A stored version that no longer passes the checks stays in storage untouched: changes wait.
    let locked = locked.or_else(|| problems.first().cloned());
    if let Some(p) = &locked {
        problems.push(crate::tf!("已保存的预案无法读取（原数据保留未动）：{0}", p));
    }
    let old_names = &directory.names;
    if fresh && locked.is_none() && *old_names != crate::domain::contacts::OrgNames::default() {
        let base = Plan::bank_depository();
        let mut carried = base.clone();
        carried.based_on = Some(base.key());
        carried.recipient_names = old_names.clone();
        carried.version = lib.local_version(&carried);
        if lib.add(carried).is_ok() {
            let saved = local::save_document(local::PLANS, &lib.stored()).and_then(|_| local::save_setting("current-plans", lib.current_versions()));
            if let Err(e) = saved {
                problems.push(crate::tf!("通讯录中的报告对象名称未能转入预案：{0}", e));
            }
        }
    }
    (lib, problems, locked)
}
