//! Maker-checker on reports: a draft is reviewed by someone other than whoever
//! last rewrote it, and sent only once reviewed after its last edit. The log
//! refuses entries that break this (`Incident::append`), so every screen agrees.

use crate::domain::base::i18n::t;
use crate::domain::events::event::{Event, EventKind};
use crate::domain::events::report_kind::ReportKind;

/// Whether the review recorded by `reviewer` may be accepted: a second person.
/// The maker is whoever last rewrote a section; a draft nobody rewrote is the
/// work of whoever recorded the incident (or started the drill).
pub fn review_allowed(events: &[Event], kind: ReportKind, reviewer: &str) -> Result<(), String> {
    let last_editor = events.iter().rev().find_map(|e| match &e.kind {
        EventKind::ReportEdited { report, .. } if *report == kind => Some(e.author.name.as_str()),
        _ => None,
    });
    let maker = last_editor.or_else(|| events.first().map(|e| e.author.name.as_str()));
    match maker {
        Some(maker) if maker == reviewer => Err(t("复核须由起草（修改）人以外的另一人进行").into()),
        _ => Ok(()),
    }
}

/// Whether the report may be marked sent: reviewed after its last edit.
pub fn send_allowed(events: &[Event], kind: ReportKind) -> Result<(), String> {
    let mut reviewed = false;
    for e in events {
        match &e.kind {
            EventKind::ReportEdited { report, .. } if *report == kind => reviewed = false,
            EventKind::ReportReviewed { report } if *report == kind => reviewed = true,
            _ => {}
        }
    }
    if reviewed { Ok(()) } else { Err(t("报送前须由另一人复核（最近一次修改之后）").into()) }
}
