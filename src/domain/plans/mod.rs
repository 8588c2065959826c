//! Plans are data: the plan type and its playbook (duties, recipients, schedules),
//! reading and checking a pack, the versions known here, the customising form.
//! The built-in packs (`*.json`) live beside them. A plan never depends on an
//! incident: it is what an incident runs under.

pub mod plan;
pub mod plan_edit;
pub mod plan_library;
pub mod plan_pack;
pub mod playbook;
