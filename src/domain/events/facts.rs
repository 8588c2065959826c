//! What is known about an incident (第九条 and the report-form fields).

use crate::domain::base::i18n::{in_lang, t, Lang};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// When the incident happened (第九条): daytime business or end-of-day processing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Daytime,
    EndOfDay,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Daytime => t("日间业务"),
            Period::EndOfDay => t("日终处理"),
        }
    }
}

/// The phenomenon (第九条（一）–（三）).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhenomenonKind {
    System,
    Application,
    Data,
}

impl PhenomenonKind {
    pub const ALL: [PhenomenonKind; 3] = [PhenomenonKind::System, PhenomenonKind::Application, PhenomenonKind::Data];

    pub fn name(self) -> &'static str {
        match self {
            PhenomenonKind::System => t("系统异常"),
            PhenomenonKind::Application => t("应用异常"),
            PhenomenonKind::Data => t("数据异常"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PhenomenonKind::System => "system",
            PhenomenonKind::Application => "application",
            PhenomenonKind::Data => "data",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phenomenon {
    pub kind: PhenomenonKind,
    /// Free text or one of the plan's sub-categories; may be empty.
    pub subcategory: String,
}

/// The futures exchanges whose fund movements the bank handles (第二条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Exchange {
    Dce,
    Zce,
}

impl Exchange {
    pub const ALL: [Exchange; 2] = [Exchange::Dce, Exchange::Zce];

    /// The exchange's name in the screen language.
    pub fn name(self) -> &'static str {
        match self {
            Exchange::Dce => t("大连商品交易所"),
            Exchange::Zce => t("郑州商品交易所"),
        }
    }

    /// Its Chinese name, for what is kept or matched as written: recipients of a
    /// report, units in the contacts directory.
    pub fn name_zh(self) -> &'static str {
        in_lang(Lang::Zh, || self.name())
    }

    /// How people write the name for short, matched, never shown.
    fn short_zh(self) -> &'static str {
        match self {
            Exchange::Dce => "大商所", // zh-only: matched, never shown
            Exchange::Zce => "郑商所", // zh-only: matched, never shown
        }
    }

    /// The English name in lower case, written here rather than looked up: in the browser a
    /// Chinese screen has no English catalogue (issue 18), and a name typed in English must
    /// still be recognised there. A test keeps it equal to the catalogue's.
    fn name_en_lower(self) -> &'static str {
        match self {
            Exchange::Dce => "dalian commodity exchange",
            Exchange::Zce => "zhengzhou commodity exchange",
        }
    }

    /// Its codes, each matched as a word of its own.
    fn codes(self) -> &'static [&'static str] {
        match self {
            Exchange::Dce => &["DCE"],
            Exchange::Zce => &["ZCE", "CZCE"],
        }
    }

    /// Whether free text (涉及各方) names this exchange: in full in either
    /// language, by its usual short name, or by its code as a word of its own.
    pub fn named_in(self, text: &str) -> bool {
        let lower = text.to_lowercase();
        text.contains(self.name_zh())
            || text.contains(self.short_zh())
            || lower.contains(self.name_en_lower())
            || self.codes().iter().any(|code| ascii_word(text, code))
    }
}

/// `word` stands in `text` on its own (no ASCII letter or digit touching it), any case.
fn ascii_word(text: &str, word: &str) -> bool {
    let (hay, word) = (text.to_ascii_uppercase(), word.to_ascii_uppercase());
    hay.match_indices(&word).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// A line of business the incident touches (第二条).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AffectedBusiness {
    /// 出入金 with one exchange.
    ExchangeFunds(Exchange),
    /// 银期转账 with one futures company.
    BankFuturesTransfer { futures_company: String },
    /// 监控中心数据报送.
    DataSubmission,
}

impl AffectedBusiness {
    pub fn describe(&self) -> String {
        match self {
            AffectedBusiness::ExchangeFunds(x) => crate::tf!("{0}出入金", x.name()),
            AffectedBusiness::BankFuturesTransfer { futures_company } => crate::tf!("银期转账（{0}）", crate::domain::base::i18n::tr(futures_company)),
            AffectedBusiness::DataSubmission => t("监控中心数据报送").into(),
        }
    }
}

/// Yes / no / not yet known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Yes,
    No,
    #[default]
    Unknown,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unknown];

    pub fn name(self) -> &'static str {
        match self {
            Answer::Yes => t("是"),
            Answer::No => t("否"),
            Answer::Unknown => t("待查"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentFacts {
    pub title: String,
    pub description: String,
    pub discovered_at: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    pub period: Period,
    pub phenomenon: Phenomenon,
    pub affected: Vec<AffectedBusiness>,
    /// Other parties involved (exchanges, futures companies, the monitoring centre…).
    pub parties: String,
    pub bank_caused: Answer,
    pub reporting_unit: String,
    pub reporter: String,
    /// 日终 only: is business at the next designated daytime start affected?
    pub next_start_affected: Answer,
}

impl IncidentFacts {
    /// Every exchange the incident involves: those whose fund movements are
    /// affected (ticked on the form), then those only named among the parties
    /// (涉及各方). Both are owed the notices addressed to "the exchanges".
    pub fn exchanges_involved(&self) -> Vec<Exchange> {
        let mut out: Vec<Exchange> = self
            .affected
            .iter()
            .filter_map(|a| match a {
                AffectedBusiness::ExchangeFunds(x) => Some(*x),
                _ => None,
            })
            .collect();
        for x in Exchange::ALL {
            if !out.contains(&x) && x.named_in(&self.parties) {
                out.push(x);
            }
        }
        out
    }

    /// Exchanges named among the parties whose fund movements are not ticked as affected.
    pub fn exchanges_named_only(&self) -> Vec<Exchange> {
        let ticked = |x: &Exchange| self.affected.contains(&AffectedBusiness::ExchangeFunds(*x));
        self.exchanges_involved().into_iter().filter(|x| !ticked(x)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Exchange;
    use crate::domain::base::i18n::{in_lang, Lang};

    #[test]
    fn an_exchange_is_recognised_by_any_of_its_names_on_either_screen() {
        for x in Exchange::ALL {
            // The English written in the code is the catalogue's (which the browser's Chinese screen lacks).
            assert_eq!(x.name_en_lower(), in_lang(Lang::En, || x.name()).to_lowercase());
            for lang in [Lang::Zh, Lang::En] {
                in_lang(lang, || {
                    assert!(x.named_in(&format!("已通知{}", x.name_zh())));
                    assert!(x.named_in(&format!("told the {}", in_lang(Lang::En, || x.name()).to_uppercase())));
                    assert!(x.named_in(x.short_zh()));
                    assert!(x.codes().iter().all(|c| x.named_in(&format!("{c} 已知悉"))));
                });
            }
        }
        assert!(!Exchange::Dce.named_in("郑商所、ZCE"));
        assert!(!Exchange::Dce.named_in("DCEX 系统"), "a code only counts as a word of its own");
    }
}
