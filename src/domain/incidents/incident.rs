//! An incident is its event log; everything shown is folded from it.

use crate::domain::base::calendar::Calendar;
use crate::domain::{incidents::classification::{classify, level_steps, Classification, Step}, events::rule::Rule};
use crate::domain::events::event::{Event, EventKind};
use crate::domain::events::facts::IncidentFacts;
use crate::domain::base::i18n::t;
use crate::domain::base::level::Level;
use crate::domain::plans::plan::Plan;
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

/// What the screens show, folded from the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentState {
    pub facts: IncidentFacts,
    pub plan_id: String,
    pub plan_version: String,
    /// Present for a drill (演练): marked everywhere, kept out of real statistics.
    pub drill: Option<crate::domain::events::drill_setup::DrillSetup>,
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
        let mut new: Vec<Event> = Vec::new();
        for e in &other.events {
            let known = if matches!(e.kind, EventKind::Opened { .. }) {
                Some(self.events[0].clone())
            } else {
                self.events.iter().chain(new.iter()).find(|x| x.id == e.id).cloned()
            };
            match known {
                None => {
                    new.push(e.clone());
                    outcome.added += 1;
                }
                Some(x) if same_entry(&x, e) => {}
                Some(x) => {
                    let record = conflict_record(&x.id, e);
                    if !self.events.iter().chain(new.iter()).any(|y| y.id == record.id) {
                        new.push(record);
                        outcome.conflicts += 1;
                    }
                }
            }
        }
        if !new.is_empty() {
            self.events.extend(new);
            self.events[1..].sort_by(|a, b| a.recorded_at.cmp(&b.recorded_at).then(a.id.cmp(&b.id)));
        }
        outcome
    }

    /// Every conflict recorded in the log, by contested entry: our copy beside each
    /// distinct other copy (copies equal to ours, recorded by a workstation that held
    /// the other one, are left out), in log order.
    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut out: Vec<Conflict> = Vec::new();
        for e in &self.events {
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

#[cfg(test)]
#[path = "incident_tests.rs"]
mod tests;

#[cfg(test)]
mod conflict_tests {
    use super::*;
    use crate::domain::events::event::Author;
    use crate::domain::events::facts::Period;
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::incidents::integrity::{chain, final_hash, verify, Integrity};

    /// A log saved before `EventConflict` existed, and its final hash as computed then.
    const OLD_LOG: &str = r#"{"id":"0123456789abcdef0123456789abcdef","events":[{"id":"e0","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"Opened","facts":{"title":"出入金系统中断","description":"","discovered_at":"2026-11-23T01:00:00Z","started_at":"2026-11-23T01:00:00Z","period":"Daytime","phenomenon":{"kind":"System","subcategory":""},"affected":[],"parties":"","bank_caused":"Unknown","reporting_unit":"","reporter":"","next_start_affected":"Unknown"},"plan_id":"bank-depository","plan_version":"1"}},{"id":"e1","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"Note","text":"已通知\"监控中心\"<b>","major":true}},{"id":"e2","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"IntegrityBroken","event_id":"e1","position":1}},{"id":"e3","occurred_at":"2026-11-23T01:00:00Z","recorded_at":"2026-11-23T01:01:00Z","author":{"name":"王值班","role":"总行"},"kind":{"type":"ServiceRestored","note":"恢复"}}]}"#;
    const OLD_HASH: &str = "46f9949fd73d2378e00ae06ad7b51a3f7a162da4fe7734b9e970b6c72b0a7ac3";

    fn note(id: &str, text: &str, at: &str) -> Event {
        Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "王".into(), role: "总行".into() }, kind: EventKind::Note { text: text.into(), major: false } }
    }

    fn base() -> Incident {
        let kind = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00"), plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
        let mut i = Incident::open("inc".into(), Event { kind, ..note("e0", "", "2026-11-23T09:00") }).unwrap();
        i.append(note("e1", "已通知监控中心", "2026-11-23T09:05")).unwrap();
        i
    }

    #[test]
    fn old_logs_keep_their_hashes_and_still_verify() {
        let old: Incident = serde_json::from_str(OLD_LOG).unwrap();
        assert_eq!(final_hash(&old), OLD_HASH, "adding a kind of entry changes no existing entry's hash");
        assert_eq!(verify(&old, &chain(&old)), Integrity::Intact);
        assert_eq!(serde_json::to_string(&old).unwrap(), OLD_LOG, "and they serialise as before");
    }

    #[test]
    fn a_known_id_with_other_content_is_recorded_once_never_dropped() {
        let mut ours = base();
        let mut theirs = base();
        theirs.events[1] = note("e1", "未通知监控中心", "2026-11-23T09:05");
        theirs.append(note("e2", "另一台的新记录", "2026-11-23T09:07")).unwrap();
        let m = ours.merge_all(&theirs);
        assert_eq!(m, Merged { added: 1, conflicts: 1 });
        assert_eq!(ours.events().iter().find(|e| e.id == "e1"), Some(&note("e1", "已通知监控中心", "2026-11-23T09:05")), "our copy stays");
        let recorded: Vec<&Event> = ours.events().iter().filter(|e| matches!(e.kind, EventKind::EventConflict { .. })).collect();
        assert_eq!(recorded.len(), 1);
        let EventKind::EventConflict { event_id, other } = &recorded[0].kind else { unreachable!() };
        assert_eq!((event_id.as_str(), other.as_ref()), ("e1", &theirs.events()[1]), "the other copy is kept whole");
        assert!(crate::domain::base::ids::is_valid_id(&recorded[0].id));
        // The same copy again, or through a packet holding our own conflict entry: nothing new.
        assert_eq!(ours.merge_all(&theirs), Merged::default());
        let before = ours.clone();
        assert_eq!(ours.merge_all(&before.clone()), Merged::default());
        // A second, different copy is a second conflict.
        let mut third = base();
        third.events[1] = note("e1", "第三种说法", "2026-11-23T09:05");
        assert_eq!(ours.merge_all(&third).conflicts, 1);
        // The fold ignores the entry: the state is ours.
        assert_eq!(ours.state(), { let mut b = base(); b.append(note("e2", "另一台的新记录", "2026-11-23T09:07")).unwrap(); b.state() });
        // Stored and read back, it verifies.
        let json = serde_json::to_string(&ours).unwrap();
        let back: Incident = serde_json::from_str(&json).unwrap();
        assert_eq!(verify(&back, &chain(&ours)), Integrity::Intact);
    }

    #[test]
    fn the_screen_gets_ours_beside_each_distinct_other_copy() {
        let mut a = base();
        let mut b = base();
        b.events[1] = note("e1", "乙的说法", "2026-11-23T09:05");
        let b_before = b.clone();
        a.merge_all(&b);
        b.merge_all(&a); // b records a's copy as its conflict
        a.merge_all(&b); // a now also holds b's record, whose other copy is a's own
        let shown = a.conflicts();
        assert_eq!(shown.len(), 1, "one contested entry");
        assert_eq!(shown[0].event_id, "e1");
        assert_eq!(shown[0].ours.as_ref(), Some(&base().events()[1]));
        assert_eq!(shown[0].others, vec![b_before.events()[1].clone()], "a copy equal to ours is not shown as other");
        // Both sides end with the same entries apart from the contested one.
        let ids = |i: &Incident| i.events().iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
    }

    #[test]
    fn differing_openings_are_conflicts_and_inject_timing_is_not() {
        let mut ours = base();
        let mut theirs = base();
        let mut f = facts(Period::Daytime, "2026-11-23T08:55");
        f.title = "改过的标题".into();
        theirs.events[0].kind = EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
        assert_eq!(ours.merge_all(&theirs).conflicts, 1);
        assert_eq!(ours.conflicts()[0].event_id, "e0");
        // The same scenario inject delivered by two tabs a moment apart is one entry.
        let inject = |recorded: &str| Event { recorded_at: t(recorded), kind: EventKind::DrillInject { index: 0, text: "x".into() }, ..note("inc-inject-0", "", "2026-11-23T09:10") };
        let mut a = base();
        a.events.push(inject("2026-11-23T09:10"));
        let mut b = base();
        b.events.push(inject("2026-11-23T09:11"));
        assert_eq!(a.merge_all(&b), Merged::default());
    }
}
