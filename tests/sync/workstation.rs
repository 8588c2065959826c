//! The sync tests' fixtures: entries and incidents, and a workstation driven as the
//! browser drives one (the replicator asks, the server answers, pulled documents
//! go through `domain::sync::pull`).

use super::fake_couch::FakeCouch;
use chrono::{DateTime, Duration, Utc};
use incident_desk::domain::events::event::{Author, Event, EventKind};
use incident_desk::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use incident_desk::domain::sync::pull::{by_incident, take_in, Outcome};
use incident_desk::domain::Incident;
use incident_desk::store::couch::{Checkpoint, Replicator, Status};
use std::collections::BTreeMap;

pub fn at(minute: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T01:00:00Z").unwrap().with_timezone(&Utc) + Duration::minutes(minute)
}

pub fn event(id: &str, minute: i64, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: at(minute), recorded_at: at(minute), author: Author { name: "李四".into(), role: "值班".into() }, kind }
}

pub fn opened(id: &str) -> Incident {
    let facts = IncidentFacts {
        title: "银期转账中断".into(),
        description: String::new(),
        discovered_at: at(0),
        started_at: at(0),
        period: Period::Daytime,
        phenomenon: Phenomenon { kind: PhenomenonKind::System, subcategory: String::new() },
        affected: vec![],
        parties: String::new(),
        bank_caused: Answer::Unknown,
        reporting_unit: "甲分行".into(),
        reporter: "李四".into(),
        next_start_affected: Answer::No,
    };
    let kind = EventKind::Opened { facts, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    Incident::open(id.into(), event(&format!("{id}-e0"), 0, kind)).unwrap()
}

pub fn note(incident: &mut Incident, id: &str, minute: i64, text: &str) {
    incident.append(event(id, minute, EventKind::Note { text: text.into(), major: false })).unwrap();
}

/// One workstation: its incidents and its replicator.
pub struct Workstation {
    pub incidents: BTreeMap<String, Incident>,
    pub rep: Replicator,
    /// Entries pulled before their incident's opening.
    pub waiting: BTreeMap<String, Vec<Event>>,
    pub refused: Vec<String>,
    /// Plan versions and contacts pulled.
    pub shared: Vec<incident_desk::domain::sync::shared_doc::Shared>,
}

impl Workstation {
    pub fn new() -> Workstation {
        Workstation { incidents: BTreeMap::new(), rep: Replicator::new(Checkpoint::default()), waiting: BTreeMap::new(), refused: Vec::new(), shared: Vec::new() }
    }

    pub fn record(&mut self, incident: Incident) {
        self.rep.offer(incident.id(), incident.events());
        self.incidents.insert(incident.id().to_string(), incident);
    }

    /// Answers the first request of a session, the server's rule read before anything else.
    pub fn ready(&mut self, server: &mut FakeCouch, now_ms: i64) {
        let req = self.rep.next(now_ms).unwrap();
        assert_eq!(req.path, incident_desk::domain::sync::design::DESIGN_ID);
        let answer = server.handle(&req);
        self.rep.answer(now_ms, req.lane, answer);
    }

    /// Runs requests until the replicator has nothing more to ask now (at most 50).
    pub fn sync(&mut self, server: &mut FakeCouch, now_ms: i64) {
        for _ in 0..50 {
            let Some(req) = self.rep.next(now_ms) else { return };
            let pull = req.path.starts_with("_changes");
            let answer = server.handle(&req);
            let pulled = self.rep.answer(now_ms, req.lane, answer);
            self.refused.extend(pulled.refused.iter().map(|r| format!("{}: {}", r.doc_id, r.reason)));
            self.shared.extend(pulled.shared);
            for (id, mut events) in by_incident(pulled.docs) {
                events.extend(self.waiting.remove(&id).unwrap_or_default());
                match take_in(&id, self.incidents.get(&id), events).unwrap() {
                    Outcome::Merged { incident, .. } => {
                        self.incidents.insert(id, incident);
                    }
                    Outcome::Unchanged => {}
                    Outcome::Waiting(kept) => {
                        self.waiting.insert(id, kept);
                    }
                }
            }
            if pull && self.rep.status(now_ms) == Status::Synced {
                return;
            }
        }
    }
}

pub fn both(test: impl Fn(bool)) {
    test(false);
    test(true);
}

