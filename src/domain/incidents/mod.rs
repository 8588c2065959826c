//! One incident: its log folded into a state, the hash chain that keeps it honest,
//! classification by the plan's rules, the duties the plan derives from it and
//! their agenda, close-out, the maker-checker rule on reports, and the form that
//! opens one. Built on `events` and `plans`.

pub mod agenda;
pub mod classification;
pub mod closeout;
pub mod draft;
pub mod incident;
pub mod incident_state;
pub mod integrity;
mod log_index;
pub mod obligation;
pub mod recipients;
pub mod review;
pub mod rises;
pub mod state;

#[cfg(test)]
mod plan_tests;
