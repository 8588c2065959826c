//! One incident's page and its panels: the level strip, the duties and how
//! each is discharged, what can be recorded, the checklists, the closeout,
//! the facts, conflicting copies, and the timeline with its time chart.

mod checklists_panel;
mod closeout_panel;
mod conflicts_panel;
mod discharge_form;
mod facts_panel;
pub(super) mod incident_page;
pub(super) mod later_parts;
mod level_strip;
mod obligations_panel;
mod record_forms;
pub(super) mod timeline;
pub(super) mod timeline_chart;
