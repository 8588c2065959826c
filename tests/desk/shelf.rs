//! Incidents kept on the shelf (summaries only, as IndexedDB starts them): open
//! ones are read in after the first screen and then alarm as usual; what needs
//! every log asks for them and waits; the dashboard's figures of a shelved
//! incident are the ones its log gives.

use crate::support::World;
use incident_desk::desk::AlertKind;
use incident_desk::desk::port::{Change, Loaded, Receipt, Store, StoreError, Summary};
use incident_desk::domain::reports::stats::{line_of, Figures};
use incident_desk::domain::{EventKind, Incident};
use incident_desk::store::memory::MemoryBackend;
use incident_desk::store::records::Records;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The memory store, with closed incidents handed to the desk as summaries at
/// start and their logs only when asked for (they arrive at the next `changes`).
pub(crate) struct Shelf {
    pub inner: Records<MemoryBackend>,
    pub held: HashMap<String, Incident>,
    pub asked: Rc<RefCell<Vec<String>>>,
    pub arriving: Vec<String>,
    pub figures: Rc<RefCell<HashMap<String, Figures>>>,
    /// Logs that cannot be read when asked for (as a record found corrupt).
    pub unreadable: Vec<String>,
    /// Whether open incidents start on the shelf too (as IndexedDB starts them).
    pub open_too: bool,
    /// Whether closed incidents' summaries are left out of the start and handed over
    /// by `read_settled` (as IndexedDB leaves out the records marked settled).
    pub settle: bool,
    /// The summaries left out at start, and whether `read_settled` was called (they
    /// arrive at the next `changes`).
    pub later: Vec<Summary>,
    pub settled_asked: Rc<RefCell<usize>>,
    pub settled_arriving: bool,
    /// Whether reading the settled summaries fails (the connection gone): a problem
    /// comes instead, and they stay to come.
    pub settled_fails: bool,
}

impl Shelf {
    pub fn over(backend: MemoryBackend, asked: Rc<RefCell<Vec<String>>>) -> Shelf {
        Shelf {
            inner: Records::new(backend, None),
            held: HashMap::new(),
            asked,
            arriving: Vec::new(),
            figures: Rc::new(RefCell::new(HashMap::new())),
            unreadable: Vec::new(),
            open_too: false,
            settle: false,
            later: Vec::new(),
            settled_asked: Rc::new(RefCell::new(0)),
            settled_arriving: false,
            settled_fails: false,
        }
    }
}

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        $(fn $name(&mut self, $($arg: $ty),*) -> $ret { self.inner.$name($($arg),*) })*
    };
}

impl Store for Shelf {
    fn load(&mut self) -> Loaded {
        let mut loaded = self.inner.load();
        let open_too = self.open_too;
        let (shelved, read): (Vec<Incident>, Vec<Incident>) = loaded.incidents.into_iter().partition(|i| open_too || i.state().closed);
        loaded.incidents = read;
        for i in shelved {
            let mut summary = Summary::of(&i);
            if i.state().closed {
                summary.figures = Some(Figures { phenomenon: i.state().facts.phenomenon.kind, on_time: 1, late: 0, missed: 0 });
            }
            if self.settle && summary.settled() {
                self.later.push(summary);
            } else {
                loaded.shelved.push(summary);
            }
            self.held.insert(i.id().to_string(), i);
        }
        loaded.settling = !self.later.is_empty();
        loaded
    }
    fn read_settled(&mut self) {
        *self.settled_asked.borrow_mut() += 1;
        self.settled_arriving = true;
    }
    fn fetch(&mut self, ids: &[String]) {
        self.asked.borrow_mut().extend(ids.iter().cloned());
        self.arriving.extend(ids.iter().cloned());
    }
    fn changes(&mut self) -> Vec<Change> {
        let unreadable = self.unreadable.clone();
        let mut changes: Vec<Change> = self
            .arriving
            .drain(..)
            .map(|id| match unreadable.contains(&id) {
                true => Change::Unreadable { problem: Some(format!("存储项 {id} 无法读取")), id },
                false => Change::Incident(id),
            })
            .collect();
        if std::mem::take(&mut self.settled_arriving) {
            changes.push(match self.settled_fails {
                true => Change::Problem("已结束事件的记录未能读取".into()),
                false => Change::Settled(std::mem::take(&mut self.later)),
            });
        }
        changes
    }
    fn load_incident(&mut self, id: &str) -> Result<Option<Incident>, StoreError> {
        match self.held.remove(id) {
            Some(i) => Ok(Some(i)),
            None => self.inner.load_incident(id),
        }
    }
    fn keep_figures(&mut self, id: &str, figures: Figures) -> bool {
        self.figures.borrow_mut().insert(id.to_string(), figures);
        false
    }
    fn append(&mut self, incident: &Incident, fresh: &[String]) -> Receipt {
        self.inner.append(incident, fresh)
    }
    fn key(&self) -> Option<incident_desk::domain::base::seal::Key> {
        self.inner.key()
    }
    delegate! {
        summaries() -> Vec<Summary>;
        confirmations() -> Vec<incident_desk::desk::port::Confirmation>;
        remove_incident(id: &str) -> Result<(), StoreError>;
        check_chain(incident: &Incident, saved: &[String]) -> incident_desk::domain::incidents::integrity::Integrity;
        chain(incident: &Incident) -> Vec<String>;
        load_plans() -> Result<Option<Vec<incident_desk::domain::Plan>>, String>;
        save_plans(plans: &[incident_desk::domain::Plan]) -> Result<(), StoreError>;
        load_directory() -> Result<Option<incident_desk::domain::business::contacts::Directory>, String>;
        save_directory(directory: &incident_desk::domain::business::contacts::Directory) -> Result<(), StoreError>;
        setting(name: &str) -> Option<String>;
        save_setting(name: &str, json: &str) -> Result<(), StoreError>;
        restore(plan: &incident_desk::domain::files::backup::RestorePlan) -> (incident_desk::domain::files::backup::Applied, Vec<Incident>);
        lock() -> Option<incident_desk::domain::base::seal::Lock>;
        write_lock(lock: Option<&incident_desk::domain::base::seal::Lock>) -> Result<(), String>;
        set_key(key: Option<incident_desk::domain::base::seal::Key>) -> ();
        quarantined() -> Vec<(String, String)>;
        set_aside(name: &str, raw: &str) -> Result<(), StoreError>;
        used_chars() -> usize;
    }
}

/// A store holding one closed and one open incident, opened again on the shelf.
fn shelved_world() -> (World, String, String, Rc<RefCell<Vec<String>>>, Rc<RefCell<HashMap<String, Figures>>>) {
    shelved_world_with(false)
}

fn shelved_world_with(closed_unreadable: bool) -> (World, String, String, Rc<RefCell<Vec<String>>>, Rc<RefCell<HashMap<String, Figures>>>) {
    let mut w = World::at("2026-11-23T09:00");
    let closed = w.open_closed("2026-11-23T09:00");
    let open = w.open("2026-11-23T09:10");
    let asked = Rc::new(RefCell::new(Vec::new()));
    let figures = Rc::new(RefCell::new(HashMap::new()));
    let shelf = Shelf { figures: figures.clone(), unreadable: if closed_unreadable { vec![closed.clone()] } else { Vec::new() }, ..Shelf::over(w.backend.clone(), asked.clone()) };
    let again = World::with_store(w.backend.clone(), Box::new(shelf), "2026-11-23T09:20", 900 << 32);
    (again, closed, open, asked, figures)
}

#[test]
fn a_backup_or_the_lock_asks_for_the_shelved_logs_and_waits_for_them() {
    // Given a closed incident on the shelf
    let (mut w, closed, open, asked, _) = shelved_world();
    assert!(w.desk.is_shelved(&closed) && !w.desk.is_shelved(&open));
    assert!(w.desk.incident(&closed).is_none(), "its log is not in memory");
    // When a backup needs every log: not yet, and the shelved one is asked for (once)
    assert!(!w.run(|d, c| d.need_all(c)));
    assert!(!w.run(|d, c| d.need_all(c)));
    assert_eq!(*asked.borrow(), vec![closed.clone()]);
    // The lock refuses to reseal until then, saying why
    let refused = w.run(|d, c| d.reseal(c, None));
    assert!(refused.is_err_and(|e| e.contains("正在读取")));
    // Then the log arrives, and everything is in memory
    w.run(|d, c| d.take_changes(c));
    assert!(w.desk.incident(&closed).is_some_and(|i| i.state().closed));
    assert!(w.run(|d, c| d.need_all(c)));
}

#[test]
fn a_packet_for_a_shelved_incident_is_refused_until_its_log_is_read() {
    // Given a closed incident on the shelf, and a packet of it (its log as stored)
    let (mut w, closed, _, asked, _) = shelved_world();
    let packet = Records::new(w.backend.clone(), None).load_incident(&closed).unwrap().unwrap();
    // When the packet is planned: blocked (it would preview as new), and the log asked for
    let plan = w.run(|d, c| d.plan_packet(c, &packet, None));
    assert!(plan.blockers.iter().any(|b| b.contains("正在读取")), "{:?}", plan.blockers);
    assert_eq!(*asked.borrow(), vec![closed.clone()]);
    // Then, once the log is in, the same packet plans without that blocker
    w.run(|d, c| d.take_changes(c));
    let plan = w.run(|d, c| d.plan_packet(c, &packet, None));
    assert!(!plan.blockers.iter().any(|b| b.contains("正在读取")), "{:?}", plan.blockers);
}

#[test]
fn a_closed_incident_written_again_keeps_the_figures_its_log_gives() {
    // Given the closed incident read in from the shelf
    let (mut w, closed, _, _, figures) = shelved_world();
    w.run(|d, c| d.unshelve_one(c, &closed));
    w.run(|d, c| d.take_changes(c));
    // When something is recorded on it (a note after closing)
    w.record(&closed, crate::support::note("关闭后补记"));
    // Then the store was handed the figures the dashboard counts from its log
    let incident = w.incident(&closed).clone();
    let expected = line_of(&incident, w.desk.plan_for(&incident), &w.desk.calendar, w.clock.0.get());
    assert_eq!(figures.borrow().get(&closed), Some(&expected.figures));
    // And a summary carrying them gives the same line as the log
    let mut summary = Summary::of(&incident);
    summary.figures = Some(expected.figures.clone());
    assert_eq!(summary.line(), Some(expected));
}

#[test]
fn a_shelved_log_that_cannot_be_read_is_reported_and_nothing_waits_for_it() {
    // Given a closed incident on the shelf whose log turns out unreadable
    let (mut w, closed, open, _, _) = shelved_world_with(true);
    // When a backup asks for every log, and the read fails
    assert!(!w.run(|d, c| d.need_all(c)));
    w.run(|d, c| d.take_changes(c));
    // Then it is off the shelf (the backup goes ahead with what can be read, its page says it is not here)
    assert!(!w.desk.is_shelved(&closed) && w.desk.incident(&closed).is_none());
    assert!(w.run(|d, c| d.need_all(c)), "nothing left to wait for");
    // And the reason is shown with the start's problems, once
    assert_eq!(w.desk.load_problems.iter().filter(|p| p.contains(&closed)).count(), 1, "{:?}", w.desk.load_problems);
    assert!(w.desk.incident(&open).is_some());
}

#[test]
fn open_incidents_start_on_the_shelf_and_alarm_once_read_in() {
    // Given two open incidents and a closed one, all stored as summaries (IndexedDB's start)
    let mut w = World::at("2026-11-23T09:00");
    let closed = w.open_closed("2026-11-23T09:00");
    let older = w.open("2026-11-23T09:05");
    let newer = w.open("2026-11-23T09:10");
    let levels_before = w.incident(&older).events().iter().filter(|e| matches!(e.kind, EventKind::Classified { .. })).count();
    let asked = Rc::new(RefCell::new(Vec::new()));
    let shelf = Shelf { open_too: true, ..Shelf::over(w.backend.clone(), asked.clone()) };
    let mut w = World::with_store(w.backend.clone(), Box::new(shelf), "2026-11-23T09:20", 900 << 32);
    // Then the start holds no log, and says two incidents in progress are still to read
    assert!(w.desk.incidents.is_empty());
    assert_eq!(w.desk.open_shelved(), 2);
    assert_eq!(w.desk.shelved.iter().filter(|s| s.in_progress()).count(), 2, "both count as 处置中 from their summaries");
    // A tick before they are read alarms nothing (there is nothing to alarm on yet)
    w.tick_at("2026-11-23T11:00");
    assert!(w.desk.alerts.is_empty(), "{:?}", w.desk.alerts);
    // When the first screen is up: the open ones are asked for, newest first; the closed one stays
    w.run(|d, c| d.unshelve_open(c));
    w.run(|d, c| d.unshelve_open(c));
    assert_eq!(*asked.borrow(), vec![newer.clone(), older.clone()], "each asked once");
    w.run(|d, c| d.take_changes(c));
    assert_eq!(w.desk.open_shelved(), 0);
    // Read in at 11:00, a daytime failure open since 09:05 takes its due rise at once, not at the next tick
    let levels_now = w.incident(&older).events().iter().filter(|e| matches!(e.kind, EventKind::Classified { .. })).count();
    assert!(levels_now > levels_before, "{levels_before} → {levels_now}: {:?}", w.kinds(&older));
    assert!(w.desk.is_shelved(&closed) && w.desk.incident(&closed).is_none());
    // Then the next tick alarms their overdue duties, as if they had been read at start
    assert!(w.tick_at("2026-11-23T11:01") > 0);
    for id in [&older, &newer] {
        assert!(w.desk.alerts.iter().any(|a| a.incident_id == *id && a.kind == AlertKind::Overdue), "{id}: {:?}", w.desk.alerts);
    }
}
