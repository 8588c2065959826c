//! What the screens show of an incident, folded from its log: facts, level and
//! why, restoration, confirmations, closing; the level the plan's rules give now
//! and the rises due; and the plan version the incident runs under.

use crate::domain::base::calendar::Calendar;
use crate::domain::events::event::EventKind;
use crate::domain::incidents::classification::{classify, level_steps, Classification, Step};
use crate::domain::incidents::incident::Incident;
use crate::domain::plans::plan::Plan;
use crate::domain::plans::plan_library::PlanLibrary;
use chrono::{DateTime, Utc};

pub use super::incident_state::{IncidentState, LevelBasis};

impl Incident {
    /// What the log adds up to now (folded once per change of the log).
    pub fn state(&self) -> IncidentState {
        self.folded().get_or_init(|| self.fold()).clone()
    }

    fn fold(&self) -> IncidentState {
        let EventKind::Opened { facts, plan_id, plan_version, drill } = &self.events()[0].kind else {
            unreachable!("the constructor guarantees the first event is Opened");
        };
        let mut state = IncidentState {
            facts: facts.clone(),
            plan_id: plan_id.clone(),
            plan_version: plan_version.clone(),
            drill: drill.clone(),
            level: None,
            level_since: None,
            level_basis: None,
            manual_since: None,
            restored_at: None,
            confirmations: Vec::new(),
            unconfirmed: None,
            closed: false,
        };
        for event in &self.events()[1..] {
            match &event.kind {
                EventKind::Opened { .. }
                | EventKind::Note { .. }
                | EventKind::ObligationDischarged { .. }
                | EventKind::ObligationNotApplicable { .. }
                | EventKind::TransferRecorded { .. }
                | EventKind::TransferAdvanced { .. }
                | EventKind::ConfirmationImported { .. }
                | EventKind::FuturesCompanyAdded { .. }
                | EventKind::MovementRecorded { .. }
                | EventKind::MovementReconciled { .. }
                | EventKind::MovementVoided { .. }
                | EventKind::ChecklistStepDone { .. }
                | EventKind::DataSubmissionDelayed { .. }
                | EventKind::TerminationNoticeReceived { .. }
                | EventKind::InformationReleased { .. }
                | EventKind::MonitoringRecorded { .. }
                | EventKind::ReportEdited { .. }
                | EventKind::IntegrityBroken { .. }
                | EventKind::EventConflict { .. }
                | EventKind::ReportReviewed { .. }
                | EventKind::ReportSent { .. }
                | EventKind::DrillClockSet { .. }
                | EventKind::DrillInject { .. } => {}
                EventKind::Closed { .. } | EventKind::DrillEnded { .. } => state.closed = true,
                EventKind::LevelConfirmed { level } => {
                    state.confirmations.push((*level, event.occurred_at));
                    if state.unconfirmed.is_some_and(|(l, _)| l == *level) {
                        state.unconfirmed = None;
                    }
                }
                EventKind::FactsCorrected { facts, .. } => state.facts = facts.clone(),
                // `max` keeps a merged log from two workstations idempotent.
                EventKind::Classified { level, effective_at, rule } => {
                    if Some(*level) > state.level {
                        state.level = Some(*level);
                        state.level_since = Some(*effective_at);
                        state.level_basis = Some(LevelBasis::Rule(rule.clone()));
                        state.unconfirmed = Some((*level, *effective_at));
                    }
                }
                EventKind::Reclassified { level, reason } => {
                    state.level = *level;
                    state.level_since = Some(event.occurred_at);
                    state.level_basis = Some(LevelBasis::Manual { reason: reason.clone() });
                    // The decision covers every threshold known when it was entered.
                    state.manual_since = Some(event.occurred_at.max(event.recorded_at));
                    state.unconfirmed = None;
                    if let Some(l) = level {
                        state.confirmations.push((*l, event.occurred_at));
                    }
                }
                EventKind::ServiceRestored { .. } => {
                    state.restored_at.get_or_insert(event.occurred_at);
                }
            }
        }
        state
    }

    /// What the plan's rules give right now (for display: impact so far).
    pub fn classification(&self, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Classification {
        let state = self.state();
        classify(plan, cal, &state.facts, state.restored_at, now)
    }

    /// Rises the rules have produced by `now` that the log does not hold yet
    /// (第八条). The shell records each as a `Classified` event.
    pub fn due_rises(&self, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Vec<Step> {
        let state = self.state();
        let mut current = state.level;
        let mut due = Vec::new();
        for step in level_steps(plan, cal, &state.facts, state.restored_at, now) {
            let after_manual = state.manual_since.is_none_or(|m| step.at > m);
            if Some(step.level) > current && after_manual {
                current = Some(step.level);
                due.push(step);
            }
        }
        due
    }
}

impl PlanLibrary {
    /// The plan an incident runs under: the exact version it was opened with.
    /// `None` in the second place; otherwise a warning that the version is not
    /// on this workstation and which one stands in.
    pub fn for_incident(&self, state: &IncidentState) -> (&Plan, Option<String>) {
        let (plan, exact) = self.resolve(&state.plan_id, &state.plan_version);
        let warning = (!exact).then(|| {
            crate::tf!(
                "本机没有该事件登记时使用的预案版本（{0}@{1}），暂按 {2} 显示，且不自动定级、不发出告警；请导入该版本的预案包",
                state.plan_id,
                state.plan_version,
                plan.key()
            )
        });
        (plan, warning)
    }
}
