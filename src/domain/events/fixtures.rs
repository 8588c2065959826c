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
