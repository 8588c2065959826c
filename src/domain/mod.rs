//! The functional core. Plain Rust: no Leptos, no web-sys, no storage.
//!
//! Everything here takes the current instant as an argument (`now`), so the
//! host tests and, later, drills control time.

pub mod account;
pub mod agenda;
pub mod backup;
pub mod calendar;
pub mod classification;
pub mod closeout;
pub mod contacts;
pub mod counterparty;
pub mod csv;
pub mod draft;
pub mod drill;
pub mod event;
pub mod exchange_funds;
pub mod facts;
pub mod file_kind;
pub mod i18n;
#[cfg(test)]
mod fixtures;
pub mod incident;
pub mod integrity;
pub mod ledger;
pub mod level;
pub mod migrate;
pub mod money;
pub mod obligation;
pub mod packet;
pub mod plan;
pub mod plan_edit;
pub mod plan_library;
pub mod plan_pack;
pub mod reconcile;
pub mod saving;
pub mod record_summary;
pub mod seal;
pub mod stats;
#[cfg(test)]
mod stored_fixture_tests;
pub mod report;
pub mod docx;
pub mod playbook;
pub mod text;
pub mod text_fit;
pub mod time;
pub mod workstation;
pub mod timeline_chart;

pub use calendar::Calendar;
pub use classification::{Classification, Rule};
pub use event::{Author, Event, EventKind};
pub use facts::IncidentFacts;
pub use incident::{Incident, IncidentState};
pub use level::Level;
pub use obligation::{Obligation, Status};
pub use plan::Plan;
