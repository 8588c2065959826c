//! The incidents of this workstation as a whole: the list (open ones first),
//! the deadline board across them, the situation at a glance, opening or
//! correcting an incident, and bringing one in from another workstation.

mod dashboard;
mod deadline_board;
pub(super) mod incident_form;
pub(super) mod incident_list;
pub(super) mod later_parts;
mod packet_import;
