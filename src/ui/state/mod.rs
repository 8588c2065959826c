//! The app's state as signals, and the door to the desk: every change runs a
//! `desk` command with the browser's clock, ids and store, then carries out
//! what it left behind (redraw, tone, notification, a retry).

mod reads;
mod sync;

use super::browser::{alarm, clock, route::Route};
use crate::desk::{Ctx, Desk, Happened};
use crate::domain::files::backup::{Backup, RestorePlan};
use crate::domain::base::calendar_import::{CalendarUndo, ImportPreview};
use crate::domain::business::contacts::Directory;
use crate::domain::incidents::draft::NewIncident;
use crate::domain::drills::drill::Scenario;
use crate::domain::files::saving::{Recorded, Stored};
use crate::domain::base::seal::{Key, Lock};
use crate::domain::base::workstation::Workstation;
use crate::domain::{Author, EventKind, Incident, IncidentFacts, Plan};
use crate::store::ids::BrowserIds;
use crate::desk::port::Store;
use chrono::{DateTime, Utc};
use leptos::prelude::*;


/// The parts of the desk a view can depend on (`desk::Changed`).
#[derive(Clone, Copy)]
struct Shown {
    incidents: Trigger,
    plans: Trigger,
    directory: Trigger,
    alerts: Trigger,
    saving: Trigger,
}

impl Shown {
    fn notify(&self, changed: crate::desk::Changed) {
        for (yes, trigger) in [(changed.incidents, self.incidents), (changed.plans, self.plans), (changed.directory, self.directory), (changed.alerts, self.alerts), (changed.saving, self.saving)] {
            if yes {
                trigger.notify();
            }
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    /// The incidents, plans, directory, calendar and the saving bookkeeping. Read
    /// through the methods in `reads.rs`, which track the part they read.
    desk: StoredValue<Desk>,
    /// One trigger per part of the desk, so a screen redraws only for what it shows.
    shown: Shown,
    /// The store the start opened (IndexedDB, else localStorage): it lives as long as the page.
    store: StoredValue<Box<dyn Store>, LocalStorage>,
    pub now: RwSignal<DateTime<Utc>>,
    pub route: RwSignal<Route>,
    pub operator: RwSignal<Author>,
    /// The plan role of whoever sits here: their duties come first.
    /// A role id of the plan in use.
    pub my_role: RwSignal<Option<String>>,
    /// This workstation's unit, place, duty phone and fax: the reports' sender.
    pub workstation: RwSignal<Workstation>,
    /// The browser keeps the alarm tone from playing until someone clicks the page.
    pub sound_blocked: RwSignal<bool>,
    /// A retry is already queued for after the current action.
    retry_queued: StoredValue<bool>,
    /// Sharing with the bank's CouchDB, while it is on (`sync.rs`).
    /// The running engine and its share of each tick (ui::state::sync).
    sync: StoredValue<Option<(crate::store::sync_engine::SyncEngine, sync::EngineTick)>, LocalStorage>,
    /// What the header says of it: `None` while sync is off.
    pub sync_status: RwSignal<Option<sync::SyncLine>>,
    /// The idle time for the lock has passed; it locks once nothing waits for the store.
    lock_due: StoredValue<bool>,
}

impl AppState {
    /// Starts from what `store` holds (opened by `store::start::open_store`).
    pub fn load(mut store: Box<dyn Store>) -> AppState {
        let operator = crate::desk::port::load_setting::<Author>(&mut *store, "operator").unwrap_or(Author { name: String::new(), role: String::new() });
        let my_role = crate::desk::port::load_setting::<String>(&mut *store, "my-role").filter(|c| !c.is_empty());
        let workstation = crate::desk::port::load_setting::<Workstation>(&mut *store, "workstation").unwrap_or_default();
        let author = signed(&operator);
        let mut ids = BrowserIds;
        let (desk, started) = {
            let mut ctx = Ctx::new(&clock::WallClock, &mut ids, author, &mut *store);
            let desk = Desk::start(&mut ctx);
            // A stored log found altered may have been added to at start, and a rise raised: sound it below.
            (desk, ctx.happened)
        };
        let state = AppState {
            desk: StoredValue::new(desk),
            shown: Shown { incidents: Trigger::new(), plans: Trigger::new(), directory: Trigger::new(), alerts: Trigger::new(), saving: Trigger::new() },
            store: StoredValue::new_local(store),
            now: RwSignal::new(clock::now()),
            route: RwSignal::new(super::browser::route::current()),
            operator: RwSignal::new(operator),
            my_role: RwSignal::new(my_role),
            workstation: RwSignal::new(workstation),
            sound_blocked: RwSignal::new(false),
            retry_queued: StoredValue::new(false),
            sync: StoredValue::new_local(None),
            sync_status: RwSignal::new(None),
            lock_due: StoredValue::new(false),
        };
        // Another tab of this app saved something: take it in, so both tabs' entries survive.
        crate::store::local::on_change(move || state.run(|d, c| d.take_changes(c)));
        // The database confirmed a write, or another tab wrote one: take it in now.
        crate::store::idb_writer::on_news(move || {
            state.run(|d, c| {
                d.take_changes(c);
                d.absorb_confirmations(c);
            });
            // The idle lock waited for this write.
            state.lock_when_safe();
            // Logs read in from the shelf have their chains checked in slices.
            state.settle_in_background();
        });
        state.carry_out(started);
        state
    }

    /// Locks after idle time (drops the key, starts again at the lock screen), but not while
    /// an entry waits for the store: the reload would lose it. Called by the tick once the
    /// idle time has passed, and again when the store confirms a write.
    pub fn lock_when_safe(&self) {
        if self.lock_due.get_value() && !self.would_lose_on_close() {
            crate::store::lock::set_key(None);
            let _ = window().location().reload();
        }
    }

    /// The idle time for the lock has passed (the tick says so).
    pub fn lock_is_due(&self) {
        self.lock_due.set_value(true);
        self.lock_when_safe();
    }

    /// Someone is at the keyboard again: a lock that waited for the store is off.
    pub fn lock_not_due(&self) {
        self.lock_due.set_value(false);
    }

    /// Runs one desk command and carries out what it did.
    fn run<R>(&self, f: impl FnOnce(&mut Desk, &mut Ctx) -> R) -> R {
        let author = self.author();
        let (r, happened) = self
            .store
            .try_update_value(|store| {
                let mut ids = BrowserIds;
                let mut ctx = Ctx::new(&clock::WallClock, &mut ids, author, &mut **store);
                let r = self.desk.try_update_value(|d| f(d, &mut ctx)).expect("the desk lives as long as the page");
                (r, ctx.happened)
            })
            .expect("the store lives as long as the page");
        self.carry_out(happened);
        r
    }

    fn carry_out(&self, happened: Happened) {
        self.shown.notify(happened.changed);
        if happened.sound {
            alarm::sound();
        }
        for (head, body) in &happened.notifications {
            alarm::notify(head, body);
        }
        if happened.retry {
            self.retry_soon();
        }
    }

    // Changing data: each through one desk command.

    /// A small setting (not an incident's data), read as `T`.
    pub fn setting<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.store.try_update_value(|s| crate::desk::port::load_setting(&mut **s, name)).flatten()
    }

    /// Saves a small setting of a screen's own (the language, a reminder offered):
    /// the screen says what became of it; nothing else is told or retried.
    pub fn save_setting<T: serde::Serialize>(&self, name: &str, value: &T) -> Result<(), String> {
        self.run(|d, c| d.save_plain_setting(c, name, value))
    }

    pub fn set_operator(&self, author: Author) {
        let _ = self.run(|d, c| d.save_setting(c, "operator", &author));
        self.operator.set(author);
    }

    pub fn set_my_role(&self, role: Option<String>) {
        let _ = self.run(|d, c| d.save_setting(c, "my-role", &role));
        self.my_role.set(role);
    }

    /// Saves the setup: the institution's name into plan `plan_id` (a new version
    /// when it changed, so the plan and the reports never disagree), then this
    /// workstation's details. Nothing is kept in memory that did not save.
    pub fn save_setup(&self, plan_id: &str, institution: &str, workstation: Workstation) -> Result<(), String> {
        self.run(|d, c| d.rename_institution(c, plan_id, institution).and_then(|()| d.save_setting_once(c, "workstation", &workstation)))?;
        self.workstation.set(workstation);
        Ok(())
    }

    /// What importing `text` into the calendar would change (nothing changes yet).
    pub fn preview_calendar(&self, text: &str) -> Result<ImportPreview, Vec<String>> {
        self.desk.with_value(|d| d.preview_calendar(clock::now(), text))
    }

    pub fn import_calendar(&self, text: &str, confirmed: &[i32]) -> Result<ImportPreview, Vec<String>> {
        self.run(|d, c| d.import_calendar(c, text, confirmed))
    }

    pub fn calendar_undo(&self) -> Option<CalendarUndo> {
        self.store.try_update_value(|s| Desk::calendar_undo(&mut **s)).flatten()
    }

    pub fn undo_calendar(&self) -> Result<CalendarUndo, String> {
        self.run(|d, c| d.undo_calendar(c))
    }

    pub fn save_directory(&self, directory: Directory) -> Result<(), String> {
        self.run(|d, c| d.save_directory(c, directory))
    }

    pub fn open_incident(&self, new: NewIncident, plan_id: &str) -> (String, Stored) {
        self.run(|d, c| d.open_incident(c, new, plan_id))
    }

    pub fn record(&self, incident_id: &str, occurred_at: DateTime<Utc>, kind: EventKind) -> Recorded {
        self.run(|d, c| d.record(c, incident_id, occurred_at, kind))
    }

    pub fn record_now(&self, incident_id: &str, kind: EventKind) -> Recorded {
        self.run(|d, c| d.record_now(c, incident_id, kind))
    }

    pub fn record_all(&self, incident_id: &str, kinds: Vec<EventKind>) -> Recorded {
        self.run(|d, c| d.record_all(c, incident_id, kinds))
    }

    /// Checks one incident's stored chain now, if that is still to do.
    pub fn settle_pending(&self, id: &str) {
        self.run(|d, c| d.settle_pending(c, id));
    }

    /// Reads one shelved log (its incident is being opened).
    pub fn unshelve_one(&self, id: &str) {
        self.run(|d, c| d.unshelve_one(c, id));
    }

    /// Reads the logs of the incidents in progress left on the shelf at start.
    pub fn unshelve_open(&self) {
        self.run(|d, c| d.unshelve_open(c));
    }

    /// Whether every stored log is in memory; if not, asks for them (a backup, an
    /// archive, a restore or the lock then says to wait a few seconds).
    pub fn need_all(&self) -> bool {
        self.run(|d, c| d.need_all(c))
    }

    pub fn settle_all_pending(&self) {
        self.run(|d, c| d.settle_all_pending(c));
    }

    /// The remaining checks in slices of about 8 ms, so the screen stays responsive.
    pub fn settle_in_background(self) {
        let start = js_sys::Date::now();
        while self.run(|d, c| d.settle_next(c)) {
            if js_sys::Date::now() - start > 8.0 {
                set_timeout(move || self.settle_in_background(), std::time::Duration::ZERO);
                return;
            }
        }
    }

    /// Tries again, once the current action is over, to save what waits.
    pub fn retry_soon(&self) {
        if self.retry_queued.get_value() || !self.desk.with_value(Desk::anything_unsaved) {
            return;
        }
        self.retry_queued.set_value(true);
        let state = *self;
        leptos::task::spawn_local(async move { state.retry_unsaved() });
    }

    pub fn retry_unsaved(&self) {
        self.retry_queued.set_value(true);
        self.run(|d, c| d.retry_unsaved(c));
        self.retry_queued.set_value(false);
    }

    /// The once-a-second tick at wall-clock now; returns how many duties are overdue.
    pub fn tick(&self) -> usize {
        self.run(|d, c| d.tick(c)).overdue
    }

    pub fn escalate(&self, now: DateTime<Utc>) {
        self.run(|d, c| d.escalate(c, now));
    }

    pub fn reseal(&self, lock: Option<(Lock, Key)>) -> Result<(), String> {
        self.run(|d, c| d.reseal(c, lock))
    }

    /// The passphrase lock's record, if one is set up.
    pub fn lock_record(&self) -> Option<Lock> {
        crate::store::lock::record()
    }

    /// Sixteen random bytes for a lock's salt, twelve for its nonce.
    pub fn lock_randomness(&self) -> ([u8; 16], [u8; 12]) {
        (crate::store::lock::random::<16>(), crate::store::lock::random::<12>())
    }

    pub fn drop_archived(&self, ids: &[String]) -> Result<usize, String> {
        self.run(|d, c| d.drop_archived(c, ids))
    }

    pub fn plan_backup(&self, backup: &Backup) -> RestorePlan {
        self.run(|d, c| d.plan_backup(c, backup))
    }

    pub fn plan_packet(&self, incident: &Incident, plan: Option<&Plan>) -> RestorePlan {
        self.run(|d, c| d.plan_packet(c, incident, plan))
    }

    pub fn apply_restore(&self, plan: &RestorePlan) -> (bool, String) {
        self.run(|d, c| d.apply_restore(c, plan))
    }

    pub fn dismiss_alert(&self, alert_id: &str) {
        self.desk.update_value(|d| d.dismiss_alert(alert_id));
        self.shown.alerts.notify();
    }

    pub fn dismiss_all_alerts(&self) {
        self.desk.update_value(Desk::dismiss_all_alerts);
        self.shown.alerts.notify();
    }

    pub fn save_plan(&self, plan: Plan) -> Result<(), String> {
        self.run(|d, c| d.save_plan(c, plan))
    }

    pub fn set_current_plan(&self, id: &str, version: &str) -> Result<(), String> {
        self.run(|d, c| d.set_current_plan(c, id, version))
    }

    pub fn open_drill(&self, scenario: Option<&Scenario>, facts: Option<IncidentFacts>, speed: u32) -> Result<String, String> {
        self.run(|d, c| d.open_drill(c, scenario, facts, speed))
    }

    pub fn set_drill_speed(&self, incident_id: &str, speed: u32) -> Recorded {
        self.run(|d, c| d.set_drill_speed(c, incident_id, speed))
    }

    pub fn end_drill(&self, incident_id: &str, note: String) -> Recorded {
        self.run(|d, c| d.end_drill(c, incident_id, note))
    }
}

/// The operator as recorded: an unsigned workstation records as such.
pub(super) fn signed(me: &Author) -> Author {
    if me.name.trim().is_empty() {
        Author { name: "未署名值班人员".into(), role: me.role.clone() } // zh-only: stored as the author of the events
    } else {
        me.clone()
    }
}
