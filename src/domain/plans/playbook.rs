//! Who must do what, for whom, by when (第十三条, 第十五条) — as plan data.
//!
//! The vocabulary of duties; the duties themselves are plan data
//! (`plans/*.json`). Where a plan says "立即", "第一时间" or "尽快" without a
//! number, the built-in packs use the readings documented in docs/PLAYBOOK.md.

use crate::domain::base::calendar::Calendar;
use crate::domain::base::i18n::t;
use crate::domain::base::level::Level;
use crate::domain::events::channel::Channel;
use crate::domain::events::report_kind::ReportKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whom an obligation is owed to; resolved against the incident and the contacts directory.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Recipient {
    /// One of the plan's roles, by id.
    Role(String),
    AffectedExchanges,
    AffectedFuturesCompanies,
    MonitoringCentre,
    /// 国家金融监督管理总局 and 中国证监会 (names from the directory).
    Regulators,
    /// Local offices of the regulators (各地监管局、证监局).
    LocalRegulators,
    /// Anyone else the plan names (客户, 公众 …).
    Named(String),
}

/// Names of the external bodies recipients resolve to. Defaults are today's
/// names (the template's 中国银监会 is now 国家金融监督管理总局); all editable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNames {
    pub regulators: Vec<String>,
    pub local_regulators: Vec<String>,
    pub monitoring_centre: String,
}

impl Default for OrgNames {
    fn default() -> Self {
        OrgNames {
            regulators: vec!["国家金融监督管理总局".into(), "中国证监会".into()], // zh-only: stored names, compared with the saved ones
            local_regulators: vec!["国家金融监督管理总局当地监管局".into(), "中国证监会当地派出机构（证监局）".into()], // zh-only: stored names
            monitoring_centre: "中国期货保证金监控中心".into(), // zh-only: stored name
        }
    }
}

/// What starts the clock of an obligation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// The incident was discovered (its `discovered_at`).
    Discovered,
    /// The first confirmation of a level at or above this one (第十五条 counts from confirmation).
    Confirmed(Level),
    /// Another obligation of this plan was discharged (a chain: A reports to B, then B to C).
    AfterDischarge(String),
    /// When another (one-off) obligation falls due: a cadence of progress reports
    /// counts from when the first report was due.
    AfterDeadlineOf(String),
    /// The emergency ended: service restored (第十六条).
    Ended,
    /// The other party's notice that its emergency is over was recorded (第十六条).
    TerminationNotice,
    /// Each late data submission to the monitoring centre, once it is this many minutes late.
    DataSubmissionLate { minutes: u32 },
    /// Each note marked as major progress (重大进展) while a level at or above this one is confirmed.
    MajorProgress(Level),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Schedule {
    /// Once, within this many minutes of the trigger.
    Within { minutes: u32 },
    /// Repeatedly, every this many minutes from the trigger, until service is restored.
    Every { minutes: u32 },
    /// By the end (24:00 Beijing) of the `days`-th working day after the trigger's day.
    WorkingDays { days: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    /// Only when the bank caused the incident (answered 是).
    BankCaused,
    /// Only when an exchange's fund movements are affected.
    ExchangeFundsAffected,
    /// Only when the bank is known not to have caused it (answered 否).
    NotBankCaused,
    /// Only when the level in effect lies in this range (Ⅲ ≤ … ≤ Ⅰ).
    LevelBetween { min: Level, max: Level },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligationRule {
    /// Stable id; discharge events refer to it.
    pub id: String,
    pub title: String,
    /// Role id of who carries it out.
    pub responsible: String,
    pub recipients: Vec<Recipient>,
    pub trigger: Trigger,
    pub schedule: Schedule,
    pub condition: Condition,
    /// The usual channel, prefilled in the discharge form.
    pub channel: Channel,
    pub article: String,
    /// What the plan asks, in plain words, shown on demand.
    pub basis: String,
    /// A pending obligation of this rule is superseded when the given rule starts
    /// (a Ⅱ report not yet sent when Ⅰ is confirmed: the Ⅰ report replaces it).
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// The written report that discharges it, when it is one: the duty card opens that draft.
    #[serde(default)]
    pub report: Option<DraftKind>,
    /// The plan says "at once" (立即、第一时间) and names no minutes: the schedule's
    /// minutes are this app's reading of it, and the screen says so.
    #[serde(default)]
    pub immediate: bool,
    /// Close-out waits for it (done, or marked not applicable): the summary
    /// report of 第二十二条, or what a plan's own close-out asks for.
    #[serde(default)]
    pub blocks_closeout: bool,
}

/// Which report draft a duty is carried out with (the report module maps it to its drafts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DraftKind {
    /// 突发事件报告单.
    IncidentForm,
    /// 进展报告.
    Progress,
    /// 处理总结报告.
    Summary,
}

impl ObligationRule {
    /// When it is due, in words: "确认Ⅲ级（或更高）后10分钟内".
    pub fn when(&self) -> String {
        let start = match &self.trigger {
            Trigger::Discovered => t("发现后").to_string(),
            Trigger::Confirmed(l) => crate::tf!("确认{0}（或更高）后", l.label()),
            Trigger::AfterDischarge(_) => t("收到报告后").to_string(),
            Trigger::AfterDeadlineOf(_) => t("首次通知/报告时限起").to_string(),
            Trigger::MajorProgress(l) => crate::tf!("{0}及以上事件出现重大进展后", l.label()),
            Trigger::DataSubmissionLate { minutes } => crate::tf!("数据报送延迟超过{0}分钟后", minutes),
            Trigger::Ended => t("应急结束后").to_string(),
            Trigger::TerminationNotice => t("收到对方应急终止通知后").to_string(),
        };
        match self.schedule {
            Schedule::Within { minutes } => crate::tf!("{0}{1}分钟内", start, minutes),
            Schedule::Every { minutes } if minutes % 60 == 0 => crate::tf!("{0}每{1}小时", start, minutes / 60),
            Schedule::Every { minutes } => crate::tf!("{0}每{1}分钟", start, minutes),
            Schedule::WorkingDays { days } => crate::tf!("{0}{1}个工作日内", start, days),
        }
    }
}

/// A duty's draft is the report of that kind.
impl From<DraftKind> for ReportKind {
    fn from(kind: DraftKind) -> ReportKind {
        match kind {
            DraftKind::IncidentForm => ReportKind::IncidentForm,
            DraftKind::Progress => ReportKind::Progress,
            DraftKind::Summary => ReportKind::Summary,
        }
    }
}

impl Calendar {
    /// Whether a duty's deadline, as `schedule` computes it from `start`, is
    /// provisional. Deadlines in minutes never read the calendar.
    pub fn deadline_is_provisional(&self, schedule: &Schedule, start: DateTime<Utc>) -> bool {
        match schedule {
            Schedule::WorkingDays { days } => self.working_days_deadline_is_provisional(start, *days),
            Schedule::Within { .. } | Schedule::Every { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn bj(text: &str) -> DateTime<Utc> {
        crate::domain::base::time::parse_datetime_local(text).unwrap()
    }

    #[test]
    fn deadlines_counted_into_a_year_without_a_schedule_are_provisional() {
        let cal = Calendar::china_builtin();
        // Thu 2026-12-31 + 1 working day: 元旦 is off, so Monday 2027-01-04, provisional.
        assert_eq!(cal.working_days_deadline(bj("2026-12-31T10:00"), 1), bj("2027-01-05T00:00"));
        assert!(cal.working_days_deadline_is_provisional(bj("2026-12-31T10:00"), 1));
        // Counted within 2026 it is not, even when it starts in late December.
        assert!(!cal.working_days_deadline_is_provisional(bj("2026-12-28T10:00"), 2));
        assert!(cal.working_days_deadline_is_provisional(bj("2026-12-28T10:00"), 4));
        // Deadlines in minutes never read the calendar.
        assert!(!cal.deadline_is_provisional(&Schedule::Within { minutes: 30 }, bj("2026-12-31T23:50")));
        assert!(cal.deadline_is_provisional(&Schedule::WorkingDays { days: 5 }, bj("2026-12-25T16:00")));
        assert!(!cal.deadline_is_provisional(&Schedule::WorkingDays { days: 5 }, bj("2026-11-25T16:00")));
        assert!(!cal.is_provisional_span(d(2027, 1, 4), d(2027, 1, 4)), "an empty span");
    }
}
