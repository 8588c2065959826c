//! The append-only event log of an incident. Events are never edited or
//! deleted: a correction is a new event.

use crate::domain::events::rule::Rule;
use crate::domain::events::drill_setup::DrillSetup;
use crate::domain::events::facts::IncidentFacts;
use crate::domain::base::i18n::{t, tr};
use crate::domain::base::level::Level;
use crate::domain::events::movement::ExchangeMovement;
use crate::domain::events::transfer::{CounterTransfer, Stage};
use crate::domain::events::channel::Channel;
use crate::domain::events::transfer::Confirmation;
use crate::domain::events::report_kind::ReportKind;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// An entry counts as late when it was recorded more than this after it
/// happened: typing an entry takes a minute or two, paper notes take longer.
pub const LATE_ENTRY_AFTER: Duration = Duration::minutes(5);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    pub role: String,
}

impl Author {
    /// The app itself, for events it derives from the clock. Stored in the log
    /// (and compared): always Chinese; screens show `tr(&author.name)`.
    pub fn system() -> Author {
        Author { name: "系统".into(), role: "自动分级".into() } // zh-only: stored in the log, hashed and compared
    }

    /// The drill's director, who delivers a scenario's injects (`EventKind::DrillInject`).
    /// Stored in the log as written since drills began (and hashed): always Chinese.
    pub fn drill_director() -> Author {
        Author { name: "演练导调".into(), role: "情景推送".into() } // zh-only: stored in the log, hashed and compared
    }

    /// Whether this is the drill's director: the scenario speaking, not a person.
    pub fn is_drill_director(&self) -> bool {
        *self == Author::drill_director()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unique across workstations, so logs from several can be merged.
    pub id: String,
    /// When it happened, as entered.
    #[serde(deserialize_with = "crate::domain::base::instant_serde::deserialize")]
    pub occurred_at: DateTime<Utc>,
    /// Clock time when it was entered.
    #[serde(deserialize_with = "crate::domain::base::instant_serde::deserialize")]
    pub recorded_at: DateTime<Utc>,
    pub author: Author,
    pub kind: EventKind,
}

impl Event {
    pub fn is_late_entry(&self) -> bool {
        self.recorded_at - self.occurred_at > LATE_ENTRY_AFTER
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EventKind {
    /// The incident is recorded; always the first event.
    Opened {
        facts: IncidentFacts,
        plan_id: String,
        plan_version: String,
        /// Set for a drill (演练); absent from real incidents' JSON, so their chains are unchanged.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        drill: Option<DrillSetup>,
    },
    /// The facts as now understood, replacing the previous ones.
    FactsCorrected { facts: IncidentFacts, reason: String },
    /// The plan's rules gave a level (first classification or a rise, 第八条).
    Classified { level: Level, effective_at: DateTime<Utc>, rule: Rule },
    /// A person set the level by hand; always with a reason.
    Reclassified { level: Option<Level>, reason: String },
    /// Service restored: the clock of the incident stops here.
    ServiceRestored { note: String },
    Note {
        text: String,
        /// Major progress (重大进展): at Ⅱ/Ⅰ it must be reported to the regulators.
        #[serde(default)]
        major: bool,
    },
    /// The working group confirms the level now in effect (第十五条 counts from here).
    LevelConfirmed { level: Level },
    /// An obligation was carried out: how, to whom, with what reference.
    ObligationDischarged {
        key: String,
        channel: Channel,
        recipients: Vec<String>,
        reference: String,
        note: String,
        /// Why it was done after its deadline (asked for whenever the time given is late).
        /// Absent from on-time entries' JSON and from every entry made before it existed,
        /// so their hash chains are unchanged and old records load as they are.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        delay_reason: String,
    },
    /// An obligation does not apply to this incident, and why.
    ObligationNotApplicable { key: String, reason: String },
    /// A counter transfer done by hand (第十九条), or a reversing entry.
    TransferRecorded { transfer: CounterTransfer },
    /// A counter transfer moved on: told to, or confirmed by, the futures company, or reconciled.
    TransferAdvanced { transfer_id: String, stage: Stage, note: String },
    /// A futures company's end-of-day confirmation list, kept as received.
    ConfirmationImported { futures_company: String, rows: Vec<Confirmation> },
    /// A futures company added on purpose as a counterparty of this incident's ledgers
    /// (see `counterparty`): named once, so a later typo is refused, not added.
    FuturesCompanyAdded { name: String },
    /// A fund movement with an exchange done in fallback mode (第二十条).
    MovementRecorded { movement: ExchangeMovement },
    /// A movement recorded in error: kept on the list, out of the totals.
    MovementVoided { movement_id: String, reason: String },
    /// A movement checked against the exchange's records.
    MovementReconciled { movement_id: String },
    /// A step of an exchange's fallback checklist done.
    ChecklistStepDone { step_id: String, note: String },
    /// The other party (exchange, futures company, monitoring centre) said its emergency is over (第十六条).
    TerminationNoticeReceived { from: String, note: String },
    /// Information released to the media or public by an authorised department (第十七条).
    InformationReleased { department: String, audience: String, content: String },
    /// One day of special monitoring after the end (第十八条).
    MonitoringRecorded { day: chrono::NaiveDate, normal: bool, note: String },
    /// The incident is closed: monitoring done and the summary report sent.
    Closed { note: String },
    /// A free-text section of a report draft rewritten by a person.
    ReportEdited { report: ReportKind, section: String, text: String },
    /// A second person checked the report (maker-checker).
    ReportReviewed { report: ReportKind },
    /// The report was sent, to whom.
    ReportSent { report: ReportKind, to: String },
    /// On load, the event at `position` no longer matched the chain saved with
    /// the log: someone changed it outside the app. Kept in the log for good.
    IntegrityBroken { event_id: String, position: usize },
    /// The daily submission to the monitoring centre is late (第二十一条).
    DataSubmissionDelayed { due_at: DateTime<Utc>, note: String },
    /// The drill clock's speed changed (0 pauses) at this wall-clock instant; the
    /// event's own times are the drill's.
    DrillClockSet { speed: u32, real_at: DateTime<Utc> },
    /// A scripted inject of the scenario reached the trainees.
    DrillInject { index: usize, text: String },
    /// The drill is over: its clock stops and it is scored as of now.
    DrillEnded { note: String },
    /// A copy of the entry `event_id` came in (a packet or a backup from another
    /// workstation) with other content than the one in this log. The log keeps its own
    /// copy and this keeps the other whole, so nothing is dropped. Made by the merge,
    /// deterministically from the other copy (see `Incident::merge`), so the same
    /// conflict is recorded once however often it comes in. A new variant: events of
    /// every other kind serialise as before, so existing hash chains are unchanged.
    EventConflict { event_id: String, other: Box<Event> },
}

impl EventKind {
    /// Short title for the timeline, in the screen language (Chinese in report drafts).
    /// Names and texts kept in the log (a report's title, a scenario's inject) go through `tr`.
    pub fn title(&self) -> String {
        match self {
            EventKind::Opened { .. } => t("登记事件").into(),
            EventKind::FactsCorrected { .. } => t("event\u{4}更正事件信息").into(),
            EventKind::Classified { level, .. } => crate::tf!("定级为{0}", level.label()),
            EventKind::Reclassified { level, .. } => {
                crate::tf!("人工调整级别为{0}", crate::domain::base::level::level_label(*level))
            }
            EventKind::ServiceRestored { .. } => t("系统恢复正常服务").into(),
            EventKind::Note { major: false, .. } => t("处置记录").into(),
            EventKind::Note { major: true, .. } => t("重大进展").into(),
            EventKind::LevelConfirmed { level } => crate::tf!("确认{0}", level.label()),
            EventKind::ObligationDischarged { .. } => t("完成报告/通知").into(),
            EventKind::ObligationNotApplicable { .. } => t("标记义务不适用").into(),
            EventKind::TransferRecorded { transfer } if transfer.reverses.is_some() => t("柜面转账冲正").into(),
            EventKind::TransferRecorded { transfer } => crate::tf!("柜面{0}", transfer.direction.name()),
            EventKind::TransferAdvanced { stage, .. } => crate::tf!("柜面转账{0}", stage.name()),
            EventKind::ConfirmationImported { futures_company, .. } => crate::tf!("导入{0}对账清单", futures_company),
            EventKind::FuturesCompanyAdded { name } => crate::tf!("新增期货公司：{0}", name),
            EventKind::MovementRecorded { movement } => crate::tf!("{0}{1}", movement.exchange.name(), movement.direction.name()),
            EventKind::MovementReconciled { .. } => t("出入金已核对").into(),
            EventKind::MovementVoided { .. } => t("出入金记录作废").into(),
            EventKind::ChecklistStepDone { .. } => t("完成应急步骤").into(),
            EventKind::DataSubmissionDelayed { .. } => t("监控中心数据报送延迟").into(),
            EventKind::IntegrityBroken { position, .. } => crate::tf!("发现第 {0} 条记录在应用之外被改动", position + 1),
            EventKind::TerminationNoticeReceived { from, .. } => crate::tf!("收到{0}应急终止通知", tr(from)),
            EventKind::InformationReleased { .. } => t("信息发布").into(),
            EventKind::MonitoringRecorded { day, .. } => crate::tf!("特别监控记录（{0}）", crate::domain::base::time::format_day(*day)),
            EventKind::Closed { .. } => t("事件关闭").into(),
            EventKind::ReportEdited { report, .. } => crate::tf!("修改{0}", tr(report.title())),
            EventKind::ReportReviewed { report } => crate::tf!("复核{0}", tr(report.title())),
            EventKind::ReportSent { report, to } => crate::tf!("报送{0}至{1}", tr(report.title()), crate::domain::base::text::names_shown(to)),
            EventKind::DrillClockSet { speed: 0, .. } => t("演练时钟暂停").into(),
            EventKind::DrillClockSet { speed, .. } => crate::tf!("演练时钟调为 {0} 倍速", speed),
            EventKind::DrillInject { text, .. } => crate::tf!("演练情景推送：{0}", tr(text)),
            EventKind::DrillEnded { .. } => t("演练结束").into(),
            EventKind::EventConflict { .. } => t("收到内容不同的同号记录").into(),
        }
    }
}

impl EventKind {
    /// Whether this event settles the obligation `key` (done or not applicable).
    pub fn settles(&self, key: &str) -> bool {
        matches!(self,
            EventKind::ObligationDischarged { key: k, .. } | EventKind::ObligationNotApplicable { key: k, .. } if k == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drill_director_is_stored_as_it_always_was() {
        let director = Author::drill_director();
        assert_eq!(serde_json::to_string(&director).unwrap(), r#"{"name":"演练导调","role":"情景推送"}"#);
        assert!(director.is_drill_director() && !Author::system().is_drill_director());
        assert!(!Author { name: "王".into(), role: "情景推送".into() }.is_drill_director());
    }
}
