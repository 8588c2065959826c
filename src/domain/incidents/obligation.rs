//! Obligations: derived from the incident's log and the plan's rules, never
//! stored. Each has a responsible role, recipients, a start, a deadline, a basis
//! and, once carried out, the event that discharged it.

use crate::domain::base::sort;
use crate::domain::base::calendar::Calendar;
use crate::domain::events::event::{Event, EventKind};
use crate::domain::events::facts::{AffectedBusiness, Answer};
use crate::domain::base::i18n::{t, tr};
use crate::domain::incidents::{incident::Incident, log_index::LogIndex, state::IncidentState};
use crate::domain::base::level::Level;
use crate::domain::base::time::format_beijing_minutes;
use crate::domain::{events::channel::Channel, plans::playbook::{Condition, ObligationRule, Schedule, Trigger}};
use chrono::{DateTime, Duration, Utc};

/// How near a deadline is, by time left alone, so that the same minutes look the
/// same on every card and screen whatever the duty's window (a 10-minute fax with
/// 04:42 left is more urgent than a 2-hour report with 14:54 left, and shows it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Past its deadline.
    Overdue,
    /// Within its last [`LAST_MINUTES`]: an alarm sounds when a duty enters them.
    LastMinutes,
    /// Within [`DUE_SOON`].
    Soon,
    /// More time than that.
    Later,
}

/// Why a duty calls for attention now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alarm {
    /// It has entered its last minutes.
    LastMinutes,
    /// Its deadline has passed.
    Overdue,
}

/// "Due soon" starts this long before the deadline.
pub const DUE_SOON: Duration = Duration::minutes(15);
/// The last minutes before a deadline, when the alarm sounds.
pub const LAST_MINUTES: Duration = Duration::minutes(5);

impl Urgency {
    pub fn of(remaining: Duration) -> Urgency {
        if remaining < Duration::zero() {
            Urgency::Overdue
        } else if remaining <= LAST_MINUTES {
            Urgency::LastMinutes
        } else if remaining <= DUE_SOON {
            Urgency::Soon
        } else {
            Urgency::Later
        }
    }

    /// CSS class suffix: `urgency-overdue`, `urgency-last`, `urgency-soon`, `urgency-later`.
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::LastMinutes => "last",
            Urgency::Soon => "soon",
            Urgency::Later => "later",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    DueSoon,
    Overdue,
    DoneOnTime,
    DoneLate,
    NotApplicable { reason: String },
}

impl Status {
    pub fn name(&self) -> &'static str {
        match self {
            Status::Pending => t("待办"),
            Status::DueSoon => t("即将到期"),
            Status::Overdue => t("已超时"),
            Status::DoneOnTime => t("按时完成"),
            Status::DoneLate => t("超时完成"),
            Status::NotApplicable { .. } => t("不适用"),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::DueSoon => "due-soon",
            Status::Overdue => "overdue",
            Status::DoneOnTime => "done",
            Status::DoneLate => "done-late",
            Status::NotApplicable { .. } => "not-applicable",
        }
    }

    /// Still needs doing.
    pub fn is_open(&self) -> bool {
        matches!(self, Status::Pending | Status::DueSoon | Status::Overdue)
    }
}

/// How an obligation was carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discharge {
    pub at: DateTime<Utc>,
    /// When it was entered: differs from `at` when entered afterwards.
    pub recorded_at: DateTime<Utc>,
    pub by: String,
    pub channel: Channel,
    pub recipients: Vec<String>,
    pub reference: String,
    pub note: String,
    /// Why it was late; empty when done on time (or recorded before the app asked).
    pub delay_reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obligation {
    /// `rule id`, or `rule id#n` for the n-th round of a recurring one, or
    /// `rule id@event id` for one started by an event (major progress).
    pub key: String,
    /// Shared by every round of the rule: a year-long recurring duty has thousands.
    pub rule: std::sync::Arc<ObligationRule>,
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub status: Status,
    pub discharge: Option<Discharge>,
}

impl Obligation {
    /// Role id of who carries it out.
    pub fn responsible(&self) -> &str {
        &self.rule.responsible
    }

    /// Time left (negative when late) at `now`.
    pub fn remaining(&self, now: DateTime<Utc>) -> Duration {
        self.deadline - now
    }

    /// How near its deadline an open duty is at `now`.
    pub fn urgency(&self, now: DateTime<Utc>) -> Urgency {
        Urgency::of(self.remaining(now))
    }

    /// What an open duty sounds the alarm for at `now`, if anything; the shell
    /// sounds each once per duty. A duty given no more than [`LAST_MINUTES`] is
    /// in them from its start: it has nothing to enter, and its countdown already
    /// leads the page, so it alarms only when overdue.
    pub fn alarm(&self, now: DateTime<Utc>) -> Option<Alarm> {
        if !self.status.is_open() {
            return None;
        }
        match self.urgency(now) {
            Urgency::Overdue => Some(Alarm::Overdue),
            Urgency::LastMinutes if self.deadline - self.started_at > LAST_MINUTES => Some(Alarm::LastMinutes),
            Urgency::LastMinutes | Urgency::Soon | Urgency::Later => None,
        }
    }
}

/// The rule an obligation key belongs to (`rule#2` and `rule@event` → `rule`).
pub fn rule_id_of(key: &str) -> &str {
    key.split(['#', '@']).next().unwrap_or(key)
}

fn applies(condition: Condition, state: &IncidentState) -> bool {
    match condition {
        Condition::Always => true,
        // Until the cause is known the safer reading is that it may be ours.
        Condition::BankCaused => state.facts.bank_caused != Answer::No,
        Condition::ExchangeFundsAffected => {
            state.facts.affected.iter().any(|a| matches!(a, AffectedBusiness::ExchangeFunds(_)))
        }
        Condition::NotBankCaused => state.facts.bank_caused == Answer::No,
        Condition::LevelBetween { min, max } => state.level.is_some_and(|l| l >= min && l <= max),
    }
}

/// The first confirmation of a level at or above `min`.
fn confirmed_at(state: &IncidentState, min: Level) -> Option<DateTime<Utc>> {
    state.confirmations.iter().filter(|(l, _)| *l >= min).map(|(_, t)| *t).min()
}

/// The starts (with key suffix) of one rule's instances, read from the index.
fn starts(rule: &ObligationRule, log: &LogIndex, state: &IncidentState, rules: &[ObligationRule]) -> Vec<(String, DateTime<Utc>)> {
    match &rule.trigger {
        Trigger::Discovered => vec![(String::new(), state.facts.discovered_at)],
        Trigger::Confirmed(min) => confirmed_at(state, *min).map(|t| (String::new(), t)).into_iter().collect(),
        Trigger::AfterDischarge(previous) => {
            let known = rules.iter().any(|r| &r.id == previous);
            log.discharged_at(previous).filter(|_| known).map(|t| (String::new(), t)).into_iter().collect()
        }
        Trigger::AfterDeadlineOf(first) => rules
            .iter()
            .find(|r| &r.id == first && r.id != rule.id)
            .and_then(|r| match r.schedule {
                Schedule::Within { minutes } => starts(r, log, state, rules)
                    .into_iter()
                    .map(|(_, t)| t + Duration::minutes(i64::from(minutes)))
                    .min(),
                Schedule::Every { .. } | Schedule::WorkingDays { .. } => None,
            })
            .map(|t| (String::new(), t))
            .into_iter()
            .collect(),
        Trigger::Ended => state.restored_at.map(|t| (String::new(), t)).into_iter().collect(),
        Trigger::TerminationNotice => log.termination_notice.map(|t| (String::new(), t)).into_iter().collect(),
        Trigger::DataSubmissionLate { minutes } => log
            .delayed_submissions
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::DataSubmissionDelayed { due_at, .. } => Some((format!("@{}", e.id), *due_at + Duration::minutes(i64::from(*minutes)))),
                _ => None,
            })
            .collect(),
        Trigger::MajorProgress(min) => {
            let Some(confirmed) = confirmed_at(state, *min) else { return Vec::new() };
            log.major_notes.iter().filter(|e| confirmed <= e.occurred_at).map(|e| (format!("@{}", e.id), e.occurred_at)).collect()
        }
    }
}

fn status(deadline: DateTime<Utc>, settled: Option<&Event>, now: DateTime<Utc>) -> Status {
    match settled.map(|e| &e.kind) {
        Some(EventKind::ObligationNotApplicable { reason, .. }) => Status::NotApplicable { reason: reason.clone() },
        Some(_) => {
            let at = settled.map(|e| e.occurred_at).unwrap_or(now);
            if late_for(deadline, at) { Status::DoneLate } else { Status::DoneOnTime }
        }
        None if now > deadline => Status::Overdue,
        None if deadline - now <= DUE_SOON => Status::DueSoon,
        None => Status::Pending,
    }
}

/// Whether carrying out a duty at `at` is late for its `deadline`: the same line
/// the statuses draw (on time up to and including the deadline).
pub fn late_for(deadline: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    at > deadline
}

/// Checks a completion before it is recorded: one given a time after the
/// deadline must say why it was late. Gives the reason to keep: trimmed, and
/// empty when the time is on time (a reason typed and then made moot is dropped).
pub fn delay_reason_for(deadline: DateTime<Utc>, at: DateTime<Utc>, typed: &str) -> Result<String, String> {
    let reason = typed.trim();
    match (late_for(deadline, at), reason.is_empty()) {
        (false, _) => Ok(String::new()),
        (true, true) => Err(crate::tf!("完成时间晚于时限（北京时间 {0}），请填写延误原因", format_beijing_minutes(deadline))),
        (true, false) => Ok(reason.to_string()),
    }
}

fn discharge(e: &Event) -> Option<Discharge> {
    match &e.kind {
        EventKind::ObligationDischarged { channel, recipients, reference, note, delay_reason, .. } => Some(Discharge {
            at: e.occurred_at,
            recorded_at: e.recorded_at,
            by: e.author.name.clone(),
            channel: *channel,
            recipients: recipients.clone(),
            reference: reference.clone(),
            note: note.clone(),
            delay_reason: delay_reason.clone(),
        }),
        _ => None,
    }
}

/// Every obligation of the incident at `now`, ordered by deadline. The
/// calendar serves deadlines counted in working days.
pub fn obligations(incident: &Incident, rules: &[ObligationRule], cal: &Calendar, now: DateTime<Utc>) -> Vec<Obligation> {
    let state = incident.state();
    // One pass over the log; every lookup below is then a map read.
    let log = LogIndex::new(incident.events());
    let mut out = Vec::new();
    for rule in rules.iter().filter(|r| applies(r.condition, &state)) {
        let successor = successor(rule, rules, &log, &state);
        let shared = std::sync::Arc::new(rule.clone());
        for (suffix, start) in starts(rule, &log, &state, rules) {
            // A late submission becomes a duty only once it is over the hour (第二十一条).
            if matches!(rule.trigger, Trigger::DataSubmissionLate { .. }) && start > now {
                continue;
            }
            let (window, recurring) = match rule.schedule {
                Schedule::Within { minutes } => (Duration::minutes(i64::from(minutes.max(1))), false),
                Schedule::Every { minutes } => (Duration::minutes(i64::from(minutes.max(1))), true),
                Schedule::WorkingDays { days } => (cal.working_days_deadline(start, days) - start, false),
            };
            let rounds: Vec<(String, DateTime<Utc>)> = if recurring {
                // Rounds due up to now plus the next one ahead; none due after restoration.
                (1..)
                    .map(|n| (n, start + window * n))
                    .take_while(|(n, d)| state.restored_at.is_none_or(|r| *d <= r) && (*n == 1 || *d - window <= now))
                    .map(|(n, d)| (format!("{}#{n}", rule.id), d))
                    .collect()
            } else {
                vec![(format!("{}{suffix}", rule.id), start + window)]
            };
            for (key, deadline) in rounds {
                let settled = log.settlement(&key, &rule.id);
                let mut status = status(deadline, settled, now);
                if let Some(by) = superseded(successor, deadline, settled) {
                    status = Status::NotApplicable { reason: crate::tf!("已由“{0}”取代", tr(&by.title)) };
                }
                out.push(Obligation {
                    key,
                    rule: shared.clone(),
                    started_at: start,
                    deadline,
                    discharge: settled.and_then(discharge),
                    status,
                });
            }
        }
    }
    sort::by(&mut out, |a, b| a.deadline.cmp(&b.deadline).then(a.key.cmp(&b.key)));
    out
}

/// The first instant after `now` at which `obligations` could answer otherwise for
/// the same log, plan and calendar, given its answer at `now` (`found`): an open
/// duty turning due soon, entering its last minutes or passing its deadline; a
/// recurring duty's next round being listed (from the last listed round's deadline);
/// a late submission becoming a duty. Nothing else in the answer moves with the
/// clock, so it can be kept until then. `None`: never, while the log stands.
pub fn next_change(found: &[Obligation], incident: &Incident, rules: &[ObligationRule], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut next: Option<DateTime<Utc>> = None;
    let mut edge = |at: DateTime<Utc>| {
        if at > now && next.is_none_or(|n| at < n) {
            next = Some(at);
        }
    };
    for o in found {
        if o.status.is_open() {
            // The first instants of DueSoon, of the last minutes, and of Overdue (`status`, `Urgency::of`).
            edge(o.deadline - DUE_SOON);
            edge(o.deadline - LAST_MINUTES);
            edge(o.deadline + Duration::nanoseconds(1));
        }
        if matches!(o.rule.schedule, Schedule::Every { .. }) {
            edge(o.deadline);
        }
    }
    if rules.iter().any(|r| matches!(r.trigger, Trigger::DataSubmissionLate { .. })) {
        let (state, log) = (incident.state(), LogIndex::new(incident.events()));
        for rule in rules.iter().filter(|r| matches!(r.trigger, Trigger::DataSubmissionLate { .. }) && applies(r.condition, &state)) {
            starts(rule, &log, &state, rules).into_iter().for_each(|(_, start)| edge(start));
        }
    }
    next
}

/// The rule that replaces `rule` and its earliest start, if it has started:
/// the same for every round, so found once per rule.
fn successor<'a>(
    rule: &ObligationRule,
    rules: &'a [ObligationRule],
    log: &LogIndex,
    state: &IncidentState,
) -> Option<(&'a ObligationRule, DateTime<Utc>)> {
    let next = rules.iter().find(|r| Some(&r.id) == rule.superseded_by.as_ref())?;
    starts(next, log, state, rules).into_iter().map(|(_, t)| t).min().map(|t| (next, t))
}

/// A still-unsettled obligation is replaced when its successor starts before its deadline.
fn superseded<'a>(
    successor: Option<(&'a ObligationRule, DateTime<Utc>)>,
    deadline: DateTime<Utc>,
    settled: Option<&Event>,
) -> Option<&'a ObligationRule> {
    let (next, next_start) = successor?;
    let settled_before = settled.is_some_and(|e| e.occurred_at <= next_start);
    (next_start <= deadline && !settled_before).then_some(next)
}

#[cfg(test)]
#[path = "obligation_tests.rs"]
mod tests;
