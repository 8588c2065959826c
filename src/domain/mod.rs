//! The functional core. Plain Rust: no Leptos, no web-sys, no storage.
//!
//! Everything here takes the current instant as an argument (`now`), so the
//! host tests and, later, drills control time.
//!
//! The folders stand in one order, from the ground up; a file imports only from
//! its own folder or a folder below it (checked by `layering_tests.rs`):
//!
//! 1. `base`: time, calendar, money, levels, text, CSV, i18n, file kinds, ids, seal;
//! 2. `events`: the log (`Event`, `EventKind`, `Author`) and every payload it carries;
//! 3. `plans`: plans, playbooks, packs, the plan library and its editing form;
//! 4. `incidents`: the incident fold, integrity, classification, duties, close-out;
//! 5. `business`: ledger, reconciliation, exchange movements, counterparties, contacts;
//! 6. `drills`: scenarios, the drill clock, injects, the score;
//! 7. `reports`: report drafts and sending, record summary, docx, chart, stats;
//! 8. `files`: backup and restore, packets, migration, saving;
//! 9. `sync`: the log shared through CouchDB: event documents, the server's rule, pulls.
//!
//! The re-exports below are for the shell; code inside the domain names real paths.

pub mod base;
pub mod events;
pub mod plans;
pub mod incidents;
pub mod business;
pub mod drills;
pub mod reports;
pub mod files;
pub mod sync;

#[cfg(test)]
mod layering_tests;

pub use base::calendar::Calendar;
pub use base::level::Level;
pub use events::event::{Author, Event, EventKind};
pub use events::facts::IncidentFacts;
pub use events::rule::Rule;
pub use incidents::classification::Classification;
pub use incidents::incident::Incident;
pub use incidents::state::IncidentState;
pub use incidents::obligation::{Obligation, Status};
pub use plans::plan::Plan;
