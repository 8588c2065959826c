//! The log's words: `Event`, `EventKind`, `Author`, and every payload an event
//! carries (the facts, a classification rule, a counter transfer, an exchange
//! movement, a confirmation line, a drill's setup, a report's kind, a channel).
//! They sit here, below everything that reads them, so the log imports only
//! `base`: a ledger, a report or a drill reads events, never the other way round.

pub mod event;
pub mod canonical;
pub mod channel;
pub mod drill_setup;
pub mod facts;
pub mod movement;
pub mod report_kind;
pub mod rule;
pub mod transfer;
#[cfg(test)]
pub(crate) mod fixtures;
