//! Drills: the scenario library to start one from, and on a drill's incident
//! page its clock, the injects still to come and the live score.

pub(super) mod drill_page;
pub(super) mod drill_panel;
