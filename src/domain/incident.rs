//! An incident is its event log; everything shown is folded from it.

use super::calendar::Calendar;
use super::classification::{classify, level_steps, Classification, Rule, Step};
use super::event::{Event, EventKind};
use super::facts::IncidentFacts;
use super::i18n::t;
use super::level::Level;
use super::plan::Plan;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A log that starts with `Opened`, has unique event ids, and is only ever
/// appended to. Deserialising checks the same invariants as `append`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawIncident")]
pub struct Incident {
    id: String,
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct RawIncident {
    id: String,
    events: Vec<Event>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogError {
    EmptyId,
    FirstEventNotOpened,
    OpenedTwice,
    DuplicateEventId(String),
    AlreadyRestored,
    ReasonRequired,
    NothingToConfirm,
    AlreadyDischarged(String),
    /// A rule of the plan refuses it, with the reason in words.
    Refused(String),
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogError::EmptyId => f.write_str(t("事件编号为空")),
            LogError::FirstEventNotOpened => f.write_str(t("事件记录的第一条必须是登记")),
            LogError::OpenedTwice => f.write_str(t("同一事件不能登记两次")),
            LogError::DuplicateEventId(id) => f.write_str(&crate::tf!("记录编号重复：{0}", id)),
            LogError::AlreadyRestored => f.write_str(t("该事件已记录恢复正常服务")),
            LogError::ReasonRequired => f.write_str(t("请填写原因")),
            LogError::NothingToConfirm => f.write_str(t("当前级别已变化或已确认，请刷新后再确认")),
            LogError::AlreadyDischarged(key) => f.write_str(&crate::tf!("该义务已有完成或不适用记录（{0}）", key)),
            LogError::Refused(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for LogError {}

impl TryFrom<RawIncident> for Incident {
    type Error = LogError;

    fn try_from(raw: RawIncident) -> Result<Self, LogError> {
        let mut events = raw.events.into_iter();
        let first = events.next().ok_or(LogError::FirstEventNotOpened)?;
        let mut incident = Incident::open(raw.id, first)?;
        // Only the log's structure is checked on load: a merged log may hold
        // what `append` refuses (two restorations), and it must still load.
        for event in events {
            incident.check_structure(&event)?;
            incident.events.push(event);
        }
        Ok(incident)
    }
}

/// What the screens show, folded from the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentState {
    pub facts: IncidentFacts,
    pub plan_id: String,
    pub plan_version: String,
    /// Present for a drill (演练): marked everywhere, kept out of real statistics.
    pub drill: Option<super::drill::DrillSetup>,
    pub level: Option<Level>,
    pub level_since: Option<DateTime<Utc>>,
    pub level_basis: Option<LevelBasis>,
    /// When a person last set the level by hand: rules only raise it for
    /// thresholds crossed after that.
    pub manual_since: Option<DateTime<Utc>>,
    pub restored_at: Option<DateTime<Utc>>,
    /// Every confirmation of a level, in log order (a manual reclassification
    /// is a decision, so it counts as confirmed when made).
    pub confirmations: Vec<(Level, DateTime<Utc>)>,
    /// The level in effect and since when, while nobody has confirmed it.
    pub unconfirmed: Option<(Level, DateTime<Utc>)>,
    /// Closed after monitoring and the summary report (第十八条, 第二十二条).
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelBasis {
    Rule(Rule),
    Manual { reason: String },
}

impl LevelBasis {
    pub fn describe(&self) -> String {
        match self {
            LevelBasis::Rule(rule) => rule.describe(),
            LevelBasis::Manual { reason } => crate::tf!("人工调整：{0}", reason),
        }
    }
}

impl IncidentState {
    pub fn is_open(&self) -> bool {
        self.restored_at.is_none()
    }

    /// Time from the start to restoration, or to `now` while open.
    pub fn duration(&self, now: DateTime<Utc>) -> Duration {
        (self.restored_at.unwrap_or(now) - self.facts.started_at).max(Duration::zero())
    }
}

impl Incident {
    pub fn open(id: String, opened: Event) -> Result<Incident, LogError> {
        if id.trim().is_empty() {
            return Err(LogError::EmptyId);
        }
        if !matches!(opened.kind, EventKind::Opened { .. }) {
            return Err(LogError::FirstEventNotOpened);
        }
        Ok(Incident { id, events: vec![opened] })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The plan (id, version) it was opened under; read without folding the log.
    pub fn plan_ref(&self) -> (&str, &str) {
        match &self.events[0].kind {
            EventKind::Opened { plan_id, plan_version, .. } => (plan_id, plan_version),
            _ => unreachable!("the constructor guarantees the first event is Opened"),
        }
    }

    /// The drill's setup, for a drill (演练); read without folding the log.
    pub fn drill_setup(&self) -> Option<&super::drill::DrillSetup> {
        match &self.events[0].kind {
            EventKind::Opened { drill, .. } => drill.as_ref(),
            _ => None,
        }
    }

    fn check_structure(&self, event: &Event) -> Result<(), LogError> {
        if self.events.iter().any(|e| e.id == event.id) {
            return Err(LogError::DuplicateEventId(event.id.clone()));
        }
        if matches!(event.kind, EventKind::Opened { .. }) {
            return Err(LogError::OpenedTwice);
        }
        Ok(())
    }

    fn check(&self, event: &Event) -> Result<(), LogError> {
        self.check_structure(event)?;
        // An ended drill is scored as it stood: only notes and its reports may follow.
        let drill_ended = self.events.iter().any(|e| matches!(e.kind, EventKind::DrillEnded { .. }));
        if drill_ended
            && !matches!(event.kind, EventKind::Note { .. } | EventKind::ReportEdited { .. } | EventKind::ReportReviewed { .. } | EventKind::ReportSent { .. })
        {
            return Err(LogError::Refused(t("演练已结束，评分以结束时为准；只能再补充处置记录和报告").into()));
        }
        match &event.kind {
            EventKind::DrillInject { index, .. }
                if self.events.iter().any(|e| matches!(&e.kind, EventKind::DrillInject { index: i, .. } if i == index)) =>
            {
                Err(LogError::Refused(t("该情景推送已记录").into()))
            }
            EventKind::ServiceRestored { .. } if !self.state().is_open() => Err(LogError::AlreadyRestored),
            EventKind::Reclassified { reason, .. }
            | EventKind::FactsCorrected { reason, .. }
            | EventKind::ObligationNotApplicable { reason, .. }
            | EventKind::MovementVoided { reason, .. }
                if reason.trim().is_empty() =>
            {
                Err(LogError::ReasonRequired)
            }
            EventKind::LevelConfirmed { level } if self.state().unconfirmed.map(|u| u.0) != Some(*level) => {
                Err(LogError::NothingToConfirm)
            }
            EventKind::ReportReviewed { report } => {
                super::report::review_allowed(&self.events, *report, &event.author.name).map_err(LogError::Refused)
            }
            EventKind::ReportSent { report, to } => {
                if to.trim().is_empty() {
                    return Err(LogError::Refused(t("请填写报送对象").into()));
                }
                super::report::send_allowed(&self.events, *report).map_err(LogError::Refused)
            }
            EventKind::ObligationDischarged { key, .. } | EventKind::ObligationNotApplicable { key, .. }
                if self.events.iter().any(|e| e.kind.settles(key)) =>
            {
                Err(LogError::AlreadyDischarged(key.clone()))
            }
            _ => Ok(()),
        }
    }

    /// Takes in the events of another copy of the same incident (another tab or
    /// workstation) that this one lacks: a union by event id. The merged log is
    /// put in one deterministic order (opening first, then by recording time and
    /// id), so two workstations that exchange packets end with the same log and
    /// the same final hash. Nothing is dropped, so no check beyond the id
    /// applies; the fold tolerates repeats (first restoration, highest rise).
    pub fn merge(&mut self, other: &Incident) -> usize {
        if other.id != self.id {
            return 0;
        }
        let new: Vec<Event> = other
            .events
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::Opened { .. }) && !self.events.iter().any(|x| x.id == e.id))
            .cloned()
            .collect();
        let added = new.len();
        if added > 0 {
            self.events.extend(new);
            self.events[1..].sort_by(|a, b| a.recorded_at.cmp(&b.recorded_at).then(a.id.cmp(&b.id)));
        }
        added
    }

    /// Appends an event; the log is never edited otherwise.
    pub fn append(&mut self, event: Event) -> Result<(), LogError> {
        self.check(&event)?;
        self.events.push(event);
        Ok(())
    }

    pub fn state(&self) -> IncidentState {
        let EventKind::Opened { facts, plan_id, plan_version, drill } = &self.events[0].kind else {
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
        for event in &self.events[1..] {
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

#[cfg(test)]
#[path = "incident_tests.rs"]
mod tests;
