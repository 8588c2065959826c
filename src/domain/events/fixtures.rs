//! Shared test fixtures: Beijing times from text and a plain set of facts.

use crate::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use crate::domain::base::time::parse_datetime_local;
use chrono::{DateTime, Utc};

/// "2026-11-23T09:05" (Beijing) as an instant.
pub fn t(text: &str) -> DateTime<Utc> {
    parse_datetime_local(text).expect("test time")
}

/// A system anomaly discovered when it started; tests change what they need.
pub fn facts(period: Period, started: &str) -> IncidentFacts {
    IncidentFacts {
        title: "出入金系统中断".into(),
        description: String::new(),
        discovered_at: t(started),
        started_at: t(started),
        period,
        phenomenon: Phenomenon { kind: PhenomenonKind::System, subcategory: String::new() },
        affected: vec![],
        parties: String::new(),
        bank_caused: Answer::Unknown,
        reporting_unit: String::new(),
        reporter: String::new(),
        next_start_affected: Answer::Unknown,
    }
}

/// A freshly recorded incident: one `Opened` event at 2026-11-23 09:00 Beijing time.
pub fn opened_incident() -> crate::domain::incidents::incident::Incident {
    use crate::domain::events::event::{Author, Event, EventKind};
    let f = facts(Period::Daytime, "2026-11-23T09:00");
    let opened = Event { id: "e0".into(), occurred_at: t("2026-11-23T09:00"), recorded_at: t("2026-11-23T09:00"), author: Author { name: "王".into(), role: String::new() }, kind: EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None } };
    crate::domain::incidents::incident::Incident::open("i".into(), opened).expect("a valid first event")
}
