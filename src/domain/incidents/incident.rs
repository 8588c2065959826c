//! An incident is its event log; everything shown is folded from it.

use crate::domain::base::sort;
use crate::domain::events::event::{Event, EventKind};
use crate::domain::base::i18n::t;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A log that starts with `Opened`, has unique event ids, and is only ever
/// appended to. Deserialising checks the same invariants as `append`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "RawIncident")]
pub struct Incident {
    id: String,
    /// Shared between copies until one of them changes it (`Arc::make_mut`): the copy
    /// handed to storage on every save cost milliseconds with 10,000 entries.
    events: std::sync::Arc<Vec<Event>>,
    /// The log folded (`state`), kept until the log changes: the tick, the board and
    /// every panel ask for it, and folding a 10,000-entry ledger each time showed.
    #[serde(skip)]
    folded: std::sync::OnceLock<super::incident_state::IncidentState>,
}

/// Two copies are the same incident when their logs are: the fold is derived.
impl PartialEq for Incident {
    fn eq(&self, other: &Incident) -> bool {
        self.id == other.id && self.events == other.events
    }
}

impl Eq for Incident {}

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
        Incident::from_log(raw.id, first, events)
    }
}

/// What a merge did (`Incident::merge_all`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Events of the other copy that this log lacked, now in it.
    pub added: usize,
    /// Conflicts newly recorded: an entry held under one id with different content.
    pub conflicts: usize,
}

/// One contested entry, for the screen: our copy and every other copy seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub event_id: String,
    /// Ours, as in the log (absent only if the log no longer holds that id).
    pub ours: Option<Event>,
    pub others: Vec<Event>,
}

/// Two copies of one entry that are the same record. Scenario injects get their id
/// from the drill and the inject's number, so two tabs or workstations delivering the
/// same inject differ only in the moment they wrote it down: that is no conflict.
fn same_entry(a: &Event, b: &Event) -> bool {
    a == b
        || (matches!(a.kind, EventKind::DrillInject { .. })
            && a.id == b.id
            && a.kind == b.kind
            && a.occurred_at == b.occurred_at
            && a.author == b.author)
}

/// The conflict entry for `other`, a copy of our entry `event_id` with other content.
fn conflict_record(event_id: &str, other: &Event) -> Event {
    let digest = crate::domain::events::canonical::event_digest(other);
    Event {
        id: format!("conflict-{}", &digest[..32]),
        occurred_at: other.recorded_at,
        recorded_at: other.recorded_at,
        author: crate::domain::events::event::Author::system(),
        kind: EventKind::EventConflict { event_id: event_id.to_string(), other: Box::new(other.clone()) },
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
        Ok(Incident { id, events: std::sync::Arc::new(vec![opened]), folded: std::sync::OnceLock::new() })
    }

    /// A stored log read back: only its structure is checked (a merged log may hold
    /// what `append` refuses, two restorations, and it must still load). The ids are
    /// checked against a set, so a 10,000-entry ledger loads in linear time.
    pub fn from_log(id: String, opened: Event, rest: impl IntoIterator<Item = Event>) -> Result<Incident, LogError> {
        let mut incident = Incident::open(id, opened)?;
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        seen.insert(incident.events[0].id.clone());
        let events = std::sync::Arc::make_mut(&mut incident.events);
        for event in rest {
            if !seen.insert(event.id.clone()) {
                return Err(LogError::DuplicateEventId(event.id));
            }
            if matches!(event.kind, EventKind::Opened { .. }) {
                return Err(LogError::OpenedTwice);
            }
            events.push(event);
        }
        Ok(incident)
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The log itself, shared: a view that keeps it costs a count, not a copy.
    pub fn events_shared(&self) -> std::sync::Arc<Vec<Event>> {
        self.events.clone()
    }

    /// The fold's cache (`state`); emptied whenever the log changes.
    pub(super) fn folded(&self) -> &std::sync::OnceLock<super::incident_state::IncidentState> {
        &self.folded
    }

    /// The plan (id, version) it was opened under; read without folding the log.
    pub fn plan_ref(&self) -> (&str, &str) {
        match &self.events[0].kind {
            EventKind::Opened { plan_id, plan_version, .. } => (plan_id, plan_version),
            _ => unreachable!("the constructor guarantees the first event is Opened"),
        }
    }

    /// The drill's setup, for a drill (演练); read without folding the log.
    pub fn drill_setup(&self) -> Option<&crate::domain::events::drill_setup::DrillSetup> {
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
                crate::domain::incidents::review::review_allowed(&self.events, *report, &event.author.name).map_err(LogError::Refused)
            }
            EventKind::ReportSent { report, to } => {
                if to.trim().is_empty() {
                    return Err(LogError::Refused(t("请填写报送对象").into()));
                }
                crate::domain::incidents::review::send_allowed(&self.events, *report).map_err(LogError::Refused)
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
    /// Returns how many of the other copy's events were new here; an entry held
    /// under the same id with other content is recorded as a conflict (`merge_all`).
    pub fn merge(&mut self, other: &Incident) -> usize {
        self.merge_all(other).added
    }

    /// `merge`, saying also how many conflicts it recorded. An event of the other
    /// copy whose id this log already holds with different content (its own opening
    /// differing from ours, too) is never dropped: an `EventConflict` entry keeps it
    /// whole beside ours. The entry is made from the other copy alone (its id from the
    /// copy's digest, its times the copy's recording time, the app as author), so the
    /// same copy arriving again, or through a third workstation, is the same entry.
    pub fn merge_all(&mut self, other: &Incident) -> Merged {
        let mut outcome = Merged::default();
        if other.id != self.id {
            return outcome;
        }
        // The usual case, an engine confirming what it was handed: the other copy is
        // the start of this log, entry for entry. Nothing to add, and no map to build.
        if other.events.len() <= self.events.len() && other.events.iter().zip(self.events.iter()).all(|(a, b)| a == b) {
            return outcome;
        }
        // Ids looked up in a map, not by scanning: a 10,000-entry ledger merges in linear time.
        let mut at: std::collections::HashMap<String, Option<usize>> = self.events.iter().enumerate().map(|(i, e)| (e.id.clone(), Some(i))).collect();
        let mut new: Vec<Event> = Vec::new();
        for e in other.events.iter() {
            let known = if matches!(e.kind, EventKind::Opened { .. }) {
                Some(&self.events[0])
            } else {
                match at.get(&e.id) {
                    Some(Some(i)) => Some(&self.events[*i]),
                    Some(None) => new.iter().find(|x| x.id == e.id),
                    None => None,
                }
            };
            match known {
                None => {
                    at.insert(e.id.clone(), None);
                    new.push(e.clone());
                    outcome.added += 1;
                }
                Some(x) if same_entry(x, e) => {}
                Some(x) => {
                    let record = conflict_record(&x.id, e);
                    if !at.contains_key(&record.id) {
                        at.insert(record.id.clone(), None);
                        new.push(record);
                        outcome.conflicts += 1;
                    }
                }
            }
        }
        if !new.is_empty() {
            self.folded = std::sync::OnceLock::new();
            let events = std::sync::Arc::make_mut(&mut self.events);
            events.extend(new);
            sort::by(&mut events[1..], |a, b| a.recorded_at.cmp(&b.recorded_at).then(a.id.cmp(&b.id)));
        }
        outcome
    }

    /// Every conflict recorded in the log, by contested entry: our copy beside each
    /// distinct other copy (copies equal to ours, recorded by a workstation that held
    /// the other one, are left out), in log order.
    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut out: Vec<Conflict> = Vec::new();
        for e in self.events.iter() {
            let EventKind::EventConflict { event_id, other } = &e.kind else { continue };
            let ours = self.events.iter().find(|x| x.id == *event_id).cloned();
            if ours.as_ref() == Some(other.as_ref()) {
                continue;
            }
            match out.iter_mut().find(|c| c.event_id == *event_id) {
                Some(c) if !c.others.contains(other) => c.others.push((**other).clone()),
                Some(_) => {}
                None => out.push(Conflict { event_id: event_id.clone(), ours, others: vec![(**other).clone()] }),
            }
        }
        out
    }

    /// Appends an event; the log is never edited otherwise.
    pub fn append(&mut self, event: Event) -> Result<(), LogError> {
        self.check(&event)?;
        self.folded = std::sync::OnceLock::new();
        std::sync::Arc::make_mut(&mut self.events).push(event);
        Ok(())
    }

}

#[cfg(test)]
#[path = "incident_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "conflict_tests.rs"]
mod conflict_tests;
