//! Which report an event is about (`ReportEdited`, `ReportReviewed`, `ReportSent`).
//! The titles are the documents' own, in Chinese: stored in the log, shown through `tr`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportKind {
    /// 突发事件报告单 (附件3).
    IncidentForm,
    /// 进展报告.
    Progress,
    /// 突发事件处理总结报告 (第二十三条).
    Summary,
    /// 应急演练总结报告 (第十条; seed 000 part 八).
    DrillSummary,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [ReportKind::IncidentForm, ReportKind::Progress, ReportKind::Summary, ReportKind::DrillSummary];

    pub fn title(self) -> &'static str {
        match self {
            ReportKind::IncidentForm => "期货保证金存管业务系统突发事件报告单",
            ReportKind::Progress => "期货保证金存管业务系统突发事件进展报告",
            ReportKind::Summary => "期货保证金存管业务系统突发事件处理总结报告",
            ReportKind::DrillSummary => "应急演练总结报告",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::IncidentForm => "form",
            ReportKind::Progress => "progress",
            ReportKind::Summary => "summary",
            ReportKind::DrillSummary => "drill",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Which drafts an incident offers: drills practise every report and add their own.
    pub fn offered(drill: bool) -> Vec<ReportKind> {
        Self::ALL.into_iter().filter(|k| drill || *k != ReportKind::DrillSummary).collect()
    }
}
