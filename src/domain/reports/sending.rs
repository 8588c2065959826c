//! Sending a reviewed report: which open duties it settles, whether it reaches
//! whom a duty is owed to, and the events that record it sent.

use crate::domain::base::sort;
use crate::domain::base::i18n::{in_lang, t, Lang};
use crate::domain::events::event::EventKind;
use crate::domain::events::report_kind::ReportKind;
use crate::domain::incidents::obligation::Obligation;
use crate::domain::reports::report::ReportDraft;
use chrono::{DateTime, Utc};

/// The open duties a report of `kind`, once sent, settles: of each rule whose
/// `report` names this draft, the earliest round still open (a progress report
/// settles the round due, not the ones after it).
pub fn duties_settled_by(kind: ReportKind, all: &[Obligation]) -> Vec<&Obligation> {
    let mut out: Vec<&Obligation> = Vec::new();
    let mut open: Vec<&Obligation> = all.iter().filter(|o| o.status.is_open() && o.rule.report.map(ReportKind::from) == Some(kind)).collect();
    sort::by_key(&mut open, |o| o.deadline);
    for o in open {
        if !out.iter().any(|x| x.rule.id == o.rule.id) {
            out.push(o);
        }
    }
    out
}

/// Whether a report sent to `to` reaches a duty owed to `owed_to` (its recipients'
/// names): one shared name is enough. Duties it reaches are ticked to settle by default.
pub fn reaches(owed_to: &[String], to: &str) -> bool {
    let sent: Vec<String> = crate::domain::base::text::split_names(to);
    owed_to.iter().any(|n| sent.iter().any(|s| s == n))
}

/// The events that mark a reviewed report sent at `at`: the report itself, then
/// one discharge per duty it settles, carrying the report's channel, recipients
/// and a reference naming the report, its reviewer and the record it was drafted
/// from. A duty settled after its deadline needs the reason for the delay.
pub fn sent_events(
    report: &ReportDraft,
    to: &str,
    channel: crate::domain::events::channel::Channel,
    reference: &str,
    delay_reason: &str,
    duties: &[&Obligation],
    at: DateTime<Utc>,
) -> Result<Vec<EventKind>, String> {
    let recipients = crate::domain::base::text::split_names(to);
    if recipients.is_empty() {
        return Err(t("请填写报送对象").into());
    }
    let reference = in_lang(Lang::Zh, || {
        let mut r = format!("{}（复核：{}；记录校验 {}）", report.title, report.status.reviewed_by.clone().unwrap_or_default(), crate::domain::incidents::integrity::short(&report.source_hash));
        if !reference.trim().is_empty() {
            r = format!("{}，{r}", reference.trim());
        }
        r
    });
    let mut out = vec![EventKind::ReportSent { report: report.kind, to: recipients.join("、") }];
    for o in duties {
        let delay_reason = crate::domain::incidents::obligation::delay_reason_for(o.deadline, at, delay_reason)?;
        out.push(EventKind::ObligationDischarged { key: o.key.clone(), channel, recipients: recipients.clone(), reference: reference.clone(), note: String::new(), delay_reason });
    }
    Ok(out)
}
