//! The money work done while systems are down, each folded from an incident's
//! events: counter transfers (ledger) and their reconciliation against a futures
//! company's list, fund movements with an exchange, the counterparties known, and
//! the contacts directory with its CSV import and merge. Reads events and plans,
//! not the incident fold: a ledger needs only the log.

pub mod account;
pub mod contacts;
pub mod contacts_fill;
pub mod contacts_merge;
pub mod counterparty;
pub mod exchange_funds;
pub mod ledger;
pub mod reconcile;

#[cfg(test)]
mod shown_names_tests;
#[cfg(test)]
mod utf16_tests;
