//! Why an incident has its level: the rule of the plan that gave it, as the log
//! keeps it in `EventKind::Classified`.

use crate::domain::base::i18n::tr;
use serde::{Deserialize, Serialize};

/// Why an incident has its level, in the plan's terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule")]
pub enum Rule {
    /// Daytime business impact reached `minutes` (bound included).
    DaytimeImpact { minutes: u32, article: String },
    /// 日终 incident; the next daytime start is affected, as reported
    /// (`open_at_start` false) or because it was still unresolved then (true).
    EndOfDayAffected { open_at_start: bool, article: String },
    /// 日终 incident; the next daytime start is not affected, or — `provisional` —
    /// that is not known yet (待查) and the start has not come.
    EndOfDayUnaffected {
        article: String,
        #[serde(default)]
        provisional: bool,
    },
}

impl Rule {
    pub fn article(&self) -> &str {
        match self {
            Rule::DaytimeImpact { article, .. }
            | Rule::EndOfDayAffected { article, .. }
            | Rule::EndOfDayUnaffected { article, .. } => article,
        }
    }

    /// The rule in plain words, with its article.
    pub fn describe(&self) -> String {
        match self {
            // The article is the plan's text, stored in the log: shown through `tr`.
            Rule::DaytimeImpact { minutes, article } => {
                crate::tf!("日间业务累计受影响已达{0}（含），依据{1}", minutes_text(*minutes), tr(article))
            }
            Rule::EndOfDayAffected { open_at_start: false, article } => {
                crate::tf!("日终处理受影响，且影响指定日间业务开始时客户办理业务，依据{0}", tr(article))
            }
            Rule::EndOfDayAffected { open_at_start: true, article } => {
                crate::tf!("日终处理事件在下一日间业务开始时仍未恢复，已影响日间业务开始，依据{0}", tr(article))
            }
            Rule::EndOfDayUnaffected { article, provisional: false } => {
                crate::tf!("日终处理受影响，指定日间业务开始时业务未受影响，依据{0}", tr(article))
            }
            Rule::EndOfDayUnaffected { article, provisional: true } => {
                crate::tf!("日终处理受影响；下一日间业务开始时是否受影响尚待查明，暂按未受影响定级，依据{0}", tr(article))
            }
        }
    }
}

fn minutes_text(minutes: u32) -> String {
    if minutes >= 60 && minutes % 60 == 0 {
        crate::tf!("{0}小时", minutes / 60)
    } else {
        crate::tf!("{0}分钟", minutes)
    }
}
