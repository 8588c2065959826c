//! What the IndexedDB browser tests share: incidents to store, fresh database names.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use incident_desk::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use incident_desk::domain::{Author, Event, EventKind, Incident};

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap()
}

/// A database name no other test (or earlier run) uses.
pub fn fresh(test: &str) -> String {
    format!("incident-desk-test-{test}-{}", (js_sys::Math::random() * 1e12) as u64)
}

pub fn event(id: &str, n: usize, at: DateTime<Utc>, kind: EventKind) -> Event {
    Event {
        id: format!("{id}-e{n}"),
        occurred_at: at,
        recorded_at: at,
        author: Author { name: "测试".into(), role: "值班".into() },
        kind,
    }
}

/// An incident of `len` events: opened, then notes a minute apart.
pub fn incident(id: &str, title: &str, len: usize) -> Incident {
    let started = now() - Duration::minutes(len as i64 + 20);
    let facts = IncidentFacts {
        title: title.into(),
        description: "<b>不应被当作标记</b> \"引号\" \\ 反斜杠".into(),
        discovered_at: started,
        started_at: started,
        period: Period::EndOfDay,
        phenomenon: Phenomenon { kind: PhenomenonKind::Data, subcategory: String::new() },
        affected: vec![],
        parties: String::new(),
        bank_caused: Answer::No,
        reporting_unit: "测试分行".into(),
        reporter: "测试".into(),
        next_start_affected: Answer::Yes,
    };
    let opened = EventKind::Opened { facts, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    let mut incident = Incident::open(id.into(), event(id, 0, started, opened)).unwrap();
    for n in 1..len {
        let note = EventKind::Note { text: format!("第{n}条处置记录：已电话通知郑商所"), major: n % 10 == 0 };
        incident.append(event(id, n, started + Duration::minutes(n as i64), note)).unwrap();
    }
    incident
}

