//! The application's commands, on the host. Every change the app makes to data
//! is a method of `Desk` taking a `Ctx` (the clock, an id source, the operator and
//! the storage port) and leaving what happened in `ctx.happened` (alerts raised,
//! sounds, notifications, whether anything shown changed). The browser shell
//! (`ui::state`) keeps a `Desk` in a signal and passes it the browser's clock, ids
//! and store; host tests pass a clock they move and `store::memory`.
//!
//! Nothing here touches Leptos, web-sys or storage directly.

pub mod alerts;
mod context;
mod drills;
pub mod duty_watch;
mod plans;
pub mod port;
mod recording;
mod restore;
mod saving;
mod settings;
mod shelf;
mod sync;
mod sync_shared;
mod tick;

pub use alerts::{Alert, AlertKind};
pub use context::{Changed, Ctx, Happened};
pub use settings::{CALENDAR_EXTRA, CALENDAR_UNDO};

use crate::domain::business::contacts::Directory;
use crate::domain::drills::drill::DrillClock;
use crate::domain::incidents::obligation::{obligations, Obligation};
use crate::domain::plans::plan_library::PlanLibrary;
use crate::domain::reports::report::Sender;
use crate::domain::files::saving::Unsaved;
use crate::domain::base::workstation::Workstation;
use crate::domain::{Calendar, Incident, Plan};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Everything the app holds in memory: the incidents and the documents they are
/// read with, and the bookkeeping of what storage has taken.
#[derive(Clone, Debug)]
pub struct Desk {
    pub incidents: Vec<Incident>,
    /// Every plan version known here; incidents run under the one they were opened with.
    pub plans: PlanLibrary,
    /// Set when the stored plans are unreadable: plan changes are refused so they are not overwritten.
    pub plans_locked: Option<String>,
    pub calendar: Calendar,
    pub directory: Directory,
    /// Set when the stored directory is unreadable: edits are refused so it is not overwritten.
    pub directory_locked: Option<String>,
    /// Entries found unreadable at start; kept untouched in storage.
    pub load_problems: Vec<String>,
    /// What the start said about the store itself (which engine runs, and why).
    pub store_notices: Vec<String>,
    /// Storage failures still unresolved, by source (an incident, settings…).
    pub storage_errors: BTreeMap<String, String>,
    /// Entries kept in memory that storage has not taken, by incident, and the retries.
    pub unsaved: Unsaved,
    /// Stored incidents whose logs are not read yet: the list shows their summaries;
    /// open ones are read just after the first screen (`unshelve_open`), closed ones
    /// when opened or when something needs every log (`need_all`).
    pub shelved: Vec<port::Summary>,
    /// Shelved logs asked of the store already (each is asked once).
    asked: HashSet<String>,
    /// The settled incidents' summaries are still being read (`shelf`): until they are
    /// in, the list and the dashboard say so, and nothing may take an incident for new.
    pub settling: bool,
    /// Asked for while the settled summaries were still being read: asked of the
    /// store once they are in (an incident opened at once, a backup).
    wanted: HashSet<String>,
    wants_all: bool,
    /// Entries pulled from the sync server waiting for their incident's log (read from
    /// the shelf) or for its opening entry (not pulled yet), by incident.
    pulled_waiting: BTreeMap<String, Vec<crate::domain::Event>>,
    /// Documents the sync server sent that were not taken in, each said once: why,
    /// and whether its text is in the quarantine (the header's sync notice lists them).
    pub sync_refused: Vec<String>,
    /// Refused documents past those (counted only).
    pub sync_refused_more: usize,
    /// Appends handed to the engine and not yet confirmed, by incident: the new
    /// entries of each, oldest first, so a failure names what it did not save.
    pub waiting: BTreeMap<String, Vec<Vec<String>>>,
    /// Banner lines for incidents a retry has just saved ("已补存…"), until dismissed.
    pub caught_up: Vec<String>,
    /// Incidents a queued save of which was refused and later saved by a retry: a
    /// form that said 正在保存…… then says it was saved later (已补存).
    pub saved_late: HashSet<String>,
    /// Unacknowledged alerts, shown on every screen until dismissed.
    pub alerts: Vec<Alert>,
    /// Duties already alarmed in this session: per incident, digests of the keys
    /// alarmed in their last minutes and of those alarmed overdue (`tick::key_digest`:
    /// an incident forgotten open for months has hundreds of thousands of rounds, and
    /// their keys as text took most of the memory).
    alarmed: HashMap<String, [HashSet<u64>; 2]>,
    /// Closed incidents whose stored chain is not yet checked, with that chain. They are
    /// checked after the first screen is drawn, and at once before anything touches one.
    unverified: HashMap<String, Vec<String>>,
    /// Settings that failed to save, by name, with their JSON: retried with the incidents.
    unsaved_settings: BTreeMap<String, String>,
    /// Each incident's duties at a glance, until they could change (`duty_watch`).
    watch: duty_watch::DutyWatch,
}

impl Desk {
    /// Starts from what the store holds. Stored chains are checked after the first
    /// screen (`settle_next`), and at once before anything is added to a log or its
    /// page is shown (`settle_pending`): hashing every open log first delayed the
    /// start by the size of the store.
    pub fn start(ctx: &mut Ctx) -> Desk {
        let loaded = ctx.store.load();
        let (directory, directory_locked) = match ctx.store.load_directory() {
            Ok(found) => (found.unwrap_or_default(), None),
            Err(problem) => (Directory::default(), Some(problem)),
        };
        let (plans, plan_problems, plans_locked) = plans::load(ctx.store, &directory);
        // Years imported by users on top of the built-in ones.
        let calendar = Calendar::with_extra(&port::load_setting::<String>(ctx.store, CALENDAR_EXTRA).unwrap_or_default());
        let mut storage_errors = BTreeMap::new();
        if let Some(e) = loaded.blocked {
            storage_errors.insert(saving::STORE_WHOLE.to_string(), e.to_string());
        }
        let mut desk = Desk {
            incidents: loaded.incidents,
            plans,
            plans_locked,
            calendar,
            directory,
            directory_locked,
            load_problems: loaded.problems.into_iter().chain(plan_problems).collect(),
            store_notices: loaded.notices,
            storage_errors,
            unsaved: Unsaved::default(),
            shelved: loaded.shelved,
            asked: HashSet::new(),
            settling: loaded.settling,
            wanted: HashSet::new(),
            wants_all: false,
            pulled_waiting: BTreeMap::new(),
            sync_refused: Vec::new(),
            sync_refused_more: 0,
            waiting: BTreeMap::new(),
            caught_up: Vec::new(),
            saved_late: HashSet::new(),
            alerts: Vec::new(),
            alarmed: HashMap::new(),
            unverified: loaded.chains.into_iter().collect(),
            unsaved_settings: BTreeMap::new(),
            watch: duty_watch::DutyWatch::default(),
        };
        desk.keep_missing_figures(ctx);
        desk
    }

    pub fn incident(&self, id: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id() == id)
    }

    fn incident_mut(&mut self, id: &str) -> Option<&mut Incident> {
        self.incidents.iter_mut().find(|i| i.id() == id)
    }

    /// Whether the incident holds entries storage has not confirmed.
    pub fn is_unsaved(&self, incident_id: &str) -> bool {
        self.unsaved.contains(incident_id) || self.waiting.contains_key(incident_id)
    }

    /// The incident's title as the banners name it (marked when a drill).
    pub fn title_of(&self, incident_id: &str) -> Option<String> {
        self.incident(incident_id).map(|i| drill_mark(i, i.state().facts.title))
    }

    /// The plan `incident` was opened under.
    pub fn plan_for(&self, incident: &Incident) -> &Plan {
        plan_in(&self.plans, incident)
    }

    /// The plan of the incident with this id, or the home plan when there is none.
    pub fn plan_of(&self, incident_id: &str) -> Plan {
        match self.incident(incident_id) {
            Some(i) => self.plan_for(i).clone(),
            None => self.home_plan(),
        }
    }

    /// The plan screens not tied to an incident show (call tree, paper pack): the first current one.
    pub fn home_plan(&self) -> Plan {
        self.plans.current_plans()[0].clone()
    }

    /// The current version of plan `id`, or the home plan when there is no such plan.
    pub fn current_plan(&self, id: &str) -> Plan {
        self.plans.current(id).cloned().unwrap_or_else(|| self.home_plan())
    }

    /// Who sends a report on this incident.
    pub fn sender_for(&self, incident_id: &str, workstation: &Workstation) -> Sender {
        let pinned = self.plan_of(incident_id);
        let current = self.plans.current(&pinned.id).cloned();
        Sender::of(&pinned, current.as_ref(), workstation)
    }

    /// The incident's own clock at wall-clock `real`: drill time for a drill.
    pub fn clock_of(&self, incident_id: &str, real: DateTime<Utc>) -> DateTime<Utc> {
        self.incident(incident_id).map_or(real, |i| incident_clock(i, real))
    }

    pub fn is_drill(&self, incident_id: &str) -> bool {
        self.incident(incident_id).is_some_and(|i| i.drill_setup().is_some())
    }

    /// The incident's obligations at wall-clock `real`.
    pub fn obligations_of(&self, incident: &Incident, real: DateTime<Utc>) -> Vec<Obligation> {
        let now = incident_clock(incident, real);
        obligations(incident, &self.plan_for(incident).obligations, &self.calendar, now)
    }

    /// The incident's duties at a glance at wall-clock `real` (the board's rows and
    /// counts), worked out again only when the log changed or a duty could have
    /// turned since (`duty_watch`): the board asks for every open incident each second.
    pub fn duty_glance(&self, incident: &Incident, real: DateTime<Utc>) -> std::sync::Arc<duty_watch::Glance> {
        let now = incident_clock(incident, real);
        let plan = self.plan_for(incident);
        if let Some(kept) = self.watch.kept(incident, plan, now, false) {
            return kept;
        }
        let duties = obligations(incident, &plan.obligations, &self.calendar, now);
        self.watch.keep(incident, plan, &duties, now, false)
    }


    /// Whether any stored chain is still unchecked.
    pub fn has_unverified(&self) -> bool {
        !self.unverified.is_empty()
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
pub fn drill_mark(incident: &Incident, title: String) -> String {
    if incident.drill_setup().is_some() { crate::tf!("【演练】{0}", title) } else { title }
}
