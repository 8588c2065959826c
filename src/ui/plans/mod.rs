//! The emergency plans: reading one (searchable, offline), customising it into
//! a new version, plan packs in and out, the picker of which plan a screen
//! shows, and the plan-wide sheets printed before an outage (the reporting
//! routes with their numbers, the paper pack).

pub(super) mod call_tree;
pub(super) mod paper_pack;
pub(super) mod plan_edit_page;
pub(super) mod plan_page;
pub(super) mod plan_picker;
