//! A plan as data: thresholds, service hours and level rules live here, so a
//! later plan loader can change them without touching the rules' code.

use super::exchange_funds::{bank_depository_fallback, FallbackStep};
use super::level::Level;
use super::money::Fen;
use super::playbook::{bank_depository_obligations, bank_depository_organisation, ObligationRule, OrgUnit};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// The role that decides how to handle an incident (第十四条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Authority {
    /// 应急指挥领导小组
    LeadershipGroup,
    /// 应急处置工作小组
    WorkingGroup,
}

impl Authority {
    pub fn name(self) -> &'static str {
        match self {
            Authority::LeadershipGroup => "总行应急指挥领导小组",
            Authority::WorkingGroup => "总行应急处置工作小组",
        }
    }
}

/// One level's definition: the daytime impact that reaches it, who decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRule {
    pub level: Level,
    /// Daytime business impact that reaches this level, bound included (含).
    pub daytime_minutes: u32,
    pub authority: Authority,
    /// Article stating the threshold, e.g. "第七条（一）".
    pub article: String,
    /// Article stating the decision authority.
    pub authority_article: String,
}

/// 日终 incidents are graded by whether the next daytime start is affected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndOfDayRule {
    pub next_start_affected: Level,
    pub next_start_unaffected: Level,
    pub affected_article: String,
    pub unaffected_article: String,
}

/// Daily window in which daytime business is served (Beijing time), on trading days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceHours {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    pub version: String,
    pub title: String,
    /// The bank's name; the template says "xx".
    pub institution: String,
    /// Ordered from least to most severe.
    pub levels: Vec<LevelRule>,
    pub end_of_day: EndOfDayRule,
    pub service_hours: ServiceHours,
    /// Sub-categories offered for each phenomenon (第九条; 附件2 is not public).
    pub subcategories: Subcategories,
    /// Who must report or notify whom, by when (第十三条, 第十五条).
    pub obligations: Vec<ObligationRule>,
    /// The groups and departments and what each answers for (第四条–第六条).
    pub organisation: Vec<OrgUnit>,
    /// Per-entry limits for manual business, so a slipped digit is caught (第十九条, 第二十条).
    pub limits: Limits,
    /// Each exchange's fallback steps (第二十条).
    pub fallback: Vec<FallbackStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub counter_transfer: Fen,
    pub exchange_movement: Fen,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subcategories {
    pub system: Vec<String>,
    pub application: Vec<String>,
    pub data: Vec<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Plan {
    /// The bank's futures-margin depository procedure (seed 002), 第七条–第九条 and 第十四条.
    pub fn bank_depository() -> Plan {
        let rule = |level, daytime_minutes, authority, article: &str, authority_article: &str| LevelRule {
            level,
            daytime_minutes,
            authority,
            article: article.into(),
            authority_article: authority_article.into(),
        };
        Plan {
            id: "bank-depository".into(),
            version: "1".into(),
            title: "银行期货保证金存管业务应急处理办法".into(),
            institution: "本行".into(),
            levels: vec![
                rule(Level::III, 5, Authority::WorkingGroup, "第七条（三）", "第十四条（一）"),
                rule(Level::II, 30, Authority::WorkingGroup, "第七条（二）", "第十四条（一）"),
                rule(Level::I, 120, Authority::LeadershipGroup, "第七条（一）", "第十四条（二）"),
            ],
            end_of_day: EndOfDayRule {
                next_start_affected: Level::II,
                next_start_unaffected: Level::III,
                affected_article: "第七条（二）".into(),
                unaffected_article: "第七条（三）".into(),
            },
            service_hours: ServiceHours {
                open: NaiveTime::from_hms_opt(8, 30, 0).expect("valid"),
                close: NaiveTime::from_hms_opt(16, 0, 0).expect("valid"),
            },
            subcategories: Subcategories {
                system: strings(&["硬件故障", "系统软件故障", "通讯链路中断", "基础设施故障", "系统性能大幅下降"]),
                application: strings(&["应用软件故障", "业务中断", "业务无法正常办理"]),
                data: strings(&["数据丢失", "数据被篡改", "数据被假冒", "数据泄露", "数据被窃取", "数据不一致"]),
            },
            obligations: bank_depository_obligations(),
            organisation: bank_depository_organisation(),
            limits: Limits { counter_transfer: Fen::yuan(10_000_000), exchange_movement: Fen::yuan(10_000_000_000) },
            fallback: bank_depository_fallback(),
        }
    }

    pub fn rule_for(&self, level: Level) -> Option<&LevelRule> {
        self.levels.iter().find(|r| r.level == level)
    }

    pub fn authority_for(&self, level: Level) -> Option<Authority> {
        self.rule_for(level).map(|r| r.authority)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_authority_follows_article_fourteen() {
        let plan = Plan::bank_depository();
        assert_eq!(plan.authority_for(Level::I), Some(Authority::LeadershipGroup));
        assert_eq!(plan.authority_for(Level::II), Some(Authority::WorkingGroup));
        assert_eq!(plan.authority_for(Level::III), Some(Authority::WorkingGroup));
    }

    #[test]
    fn every_duty_names_its_article_and_every_chain_link_exists() {
        let plan = Plan::bank_depository();
        for rule in &plan.obligations {
            assert!(rule.article.starts_with('第'), "{}", rule.id);
            if let crate::domain::playbook::Trigger::AfterDischarge(prev) | crate::domain::playbook::Trigger::AfterDeadlineOf(prev) = &rule.trigger {
                assert!(plan.obligations.iter().any(|r| &r.id == prev), "{} waits on missing {prev}", rule.id);
            }
        }
        let ids: std::collections::HashSet<&str> = plan.obligations.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), plan.obligations.len(), "rule ids are unique");
        assert_eq!(plan.organisation.len(), 10, "three groups and seven departments (第四条–第六条)");
    }

    #[test]
    fn plan_round_trips_through_json() {
        let plan = Plan::bank_depository();
        let json = serde_json::to_string(&plan).unwrap();
        assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), plan);
    }
}
