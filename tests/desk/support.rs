//! A world for the desk: clock, ids, store and the desk itself, with the few
//! steps the tests share.

use chrono::{DateTime, Utc};
use incident_desk::desk::port::{Clock, Ids, Store};
use incident_desk::desk::{Ctx, Desk, Happened};
use incident_desk::domain::incidents::draft::NewIncident;
use incident_desk::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use incident_desk::domain::base::time::parse_datetime_local;
use incident_desk::domain::{Author, Event, EventKind, Incident};
use incident_desk::store::memory::MemoryBackend;
use incident_desk::store::records::Records;
use std::cell::Cell;

/// "2026-11-23T09:05" (Beijing) as an instant.
pub fn bj(text: &str) -> DateTime<Utc> {
    parse_datetime_local(text).expect("test time")
}

/// A clock that moves only when the test says.
pub struct FakeClock(pub Cell<DateTime<Utc>>);

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}

/// Ids 0000…0001, 0000…0002, … in the app's form (32 hex digits).
#[derive(Default)]
pub struct SeqIds {
    next: u64,
    /// Distinguishes two tabs' ids.
    pub prefix: u64,
}

impl Ids for SeqIds {
    fn new_id(&mut self) -> String {
        self.next += 1;
        format!("{:016x}{:016x}", self.prefix, self.next)
    }
}

pub struct World {
    pub clock: FakeClock,
    pub ids: SeqIds,
    pub backend: MemoryBackend,
    pub store: Box<dyn Store>,
    pub desk: Desk,
    pub operator: Author,
    /// What the last step did.
    pub happened: Happened,
}

impl World {
    /// An empty store at Beijing time `at`.
    pub fn at(at: &str) -> World {
        // Each workstation its own ids, as random ids would be.
        static WORKSTATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let prefix = WORKSTATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) << 32;
        World::on(MemoryBackend::default(), at, prefix)
    }

    /// A desk starting from what `backend` holds (a reload, or another tab).
    pub fn on(backend: MemoryBackend, at: &str, prefix: u64) -> World {
        let store: Box<dyn Store> = Box::new(Records::new(backend.clone(), None));
        World::with_store(backend, store, at, prefix)
    }

    pub fn with_store(backend: MemoryBackend, mut store: Box<dyn Store>, at: &str, prefix: u64) -> World {
        let clock = FakeClock(Cell::new(bj(at)));
        let mut ids = SeqIds { next: 0, prefix };
        let operator = Author { name: "王值班".into(), role: "总行应急处置工作小组".into() };
        let mut ctx = Ctx::new(&clock, &mut ids, operator.clone(), store.as_mut());
        let desk = Desk::start(&mut ctx);
        let happened = ctx.happened;
        World { clock, ids, backend, store, desk, operator, happened }
    }

    /// The same storage opened again, as after a page reload.
    pub fn reload(&self) -> World {
        World::on(self.backend.clone(), &self.now_text(), self.ids.prefix + 100)
    }

    /// A second tab on the same storage.
    pub fn second_tab(&self) -> World {
        World::on(self.backend.tab(), &self.now_text(), self.ids.prefix + 1)
    }

    fn now_text(&self) -> String {
        incident_desk::domain::base::time::to_datetime_local(self.clock.0.get())
    }

    /// Runs one command; its effects are in `self.happened`.
    pub fn run<R>(&mut self, f: impl FnOnce(&mut Desk, &mut Ctx) -> R) -> R {
        let mut ctx = Ctx::new(&self.clock, &mut self.ids, self.operator.clone(), self.store.as_mut());
        let r = f(&mut self.desk, &mut ctx);
        self.happened = ctx.happened;
        r
    }

    /// Moves the clock to Beijing time `at` and ticks once.
    pub fn tick_at(&mut self, at: &str) -> usize {
        self.clock.0.set(bj(at));
        self.run(|d, c| d.tick(c)).overdue
    }

    /// Records a daytime system failure discovered at `at`; returns its id.
    pub fn open(&mut self, at: &str) -> String {
        self.clock.0.set(bj(at));
        let new = NewIncident { facts: facts(at), restored_at: None };
        let (id, _) = self.run(|d, c| d.open_incident(c, new, "bank-depository"));
        id
    }

    /// An incident opened at `at`, restored and closed at once (on the shelf at the next start).
    pub fn open_closed(&mut self, at: &str) -> String {
        let id = self.open(at);
        self.record(&id, EventKind::ServiceRestored { note: String::new() });
        self.record(&id, EventKind::Closed { note: "处置完毕".into() });
        id
    }

    /// Records `kind` on incident `id` now, and checks the store took it.
    pub fn record(&mut self, id: &str, kind: EventKind) {
        let result = self.run(|d, c| d.record_now(c, id, kind));
        assert_eq!(result, Ok(incident_desk::domain::files::saving::Stored::Saved));
    }

    pub fn incident(&self, id: &str) -> &Incident {
        self.desk.incident(id).expect("the incident is in memory")
    }

    /// The incident as the store holds it now.
    pub fn stored(&mut self, id: &str) -> Incident {
        self.store.load_incident(id).expect("readable").expect("stored")
    }

    pub fn kinds(&self, id: &str) -> Vec<String> {
        self.incident(id).events().iter().map(kind_name).collect()
    }
}

/// An event's kind as its JSON tag, for readable assertions.
pub fn kind_name(e: &Event) -> String {
    let v = serde_json::to_value(&e.kind).unwrap();
    v["type"].as_str().unwrap_or_default().to_string()
}

/// A system anomaly in the daytime, discovered when it started.
pub fn facts(at: &str) -> IncidentFacts {
    IncidentFacts {
        title: "出入金系统中断".into(),
        description: String::new(),
        discovered_at: bj(at),
        started_at: bj(at),
        period: Period::Daytime,
        phenomenon: Phenomenon { kind: PhenomenonKind::System, subcategory: String::new() },
        affected: vec![],
        parties: String::new(),
        bank_caused: Answer::Unknown,
        reporting_unit: String::new(),
        reporter: String::new(),
        next_start_affected: Answer::Unknown,
    }
}

/// A note, the simplest entry.
pub fn note(text: &str) -> EventKind {
    EventKind::Note { text: text.into(), major: false }
}
