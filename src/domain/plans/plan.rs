//! A plan as data. The built-in plans are JSON packs (`plans/*.json`, format in
//! docs/PLANS.md) read through the same checks as any pack an institution loads,
//! so nothing about a plan's numbers, roles or recipients lives in code.

use crate::domain::base::level::Level;
use crate::domain::events::report_kind::ReportKind;
use crate::domain::events::facts::Exchange;
use crate::domain::base::money::Fen;
use crate::domain::plans::playbook::{ObligationRule, OrgNames};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// A group, department or office the plan gives duties to (第四条–第六条).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    /// Stable id; obligations, checklists and levels refer to it.
    pub id: String,
    pub name: String,
    pub article: String,
    pub duties: Vec<String>,
}

/// One level's definition: the daytime impact that reaches it, who decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRule {
    pub level: Level,
    /// Daytime business impact that reaches this level, bound included (含).
    /// `None` in every level: the plan has no numbers and people grade by hand.
    pub daytime_minutes: Option<u32>,
    /// Role id of who decides at this level (第十四条).
    pub authority: String,
    /// Article stating the threshold, e.g. "第七条（一）".
    pub article: String,
    /// Article stating the decision authority.
    pub authority_article: String,
    /// What the level means, in words, for manual grading and the plan viewer.
    pub description: String,
}

/// 日终 incidents are graded by whether the next daytime start is affected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndOfDayRule {
    pub next_start_affected: Level,
    pub next_start_unaffected: Level,
    pub affected_article: String,
    pub unaffected_article: String,
}

/// Daily window in which daytime business is served (Beijing time), on trading days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceHours {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

/// A stage of the response (发现与报告, 响应, 处置, 结束 …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub name: String,
    pub article: String,
}

/// What one role does in one phase, step by step; steps are ticked off in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub id: String,
    pub phase: String,
    pub role: String,
    pub title: String,
    pub article: String,
    pub steps: Vec<String>,
}

impl Checklist {
    /// The log's id of step `n` (from 0): stable within one plan version.
    pub fn step_id(&self, n: usize) -> String {
        format!("{}#{}", self.id, n + 1)
    }
}

/// One article (or section) of the plan, in our words, and what the app does with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// As items cite it: "第七条", or "六、" for a numbered section.
    pub id: String,
    pub chapter: String,
    pub heading: String,
    pub summary: String,
    pub app: String,
}

impl Article {
    /// Whether a citation such as "第七条（二）" or "六、3（1）" points at this article.
    pub fn cited_by(&self, citation: &str) -> bool {
        citation.starts_with(&self.id) || ["、", "，", " "].iter().any(|sep| citation.contains(&format!("{sep}{}", self.id))) // zh-only: separators of the plan's citations
    }
}

/// Titles of the report drafts under this plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportTitles {
    pub form: String,
    pub progress: String,
    pub summary: String,
    pub drill_summary: String,
}

impl ReportKind {
    /// The title under a plan (each plan names its own forms).
    pub fn title_in(self, plan: &Plan) -> String {
        let t = &plan.report_titles;
        match self {
            ReportKind::IncidentForm => t.form.clone(),
            ReportKind::Progress => t.progress.clone(),
            ReportKind::Summary => t.summary.clone(),
            ReportKind::DrillSummary => t.drill_summary.clone(),
        }
    }
}

/// One fallback step for an exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FallbackStep {
    pub id: String,
    pub exchange: Exchange,
    pub title: String,
    pub article: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub version: String,
    pub title: String,
    /// The institution's name; the template says "xx".
    pub institution: String,
    /// The pack this one was customised from ("bank-depository@1").
    pub based_on: Option<String>,
    /// Whether the counter-transfer and exchange-movement ledgers apply (第十九条–第二十条).
    pub manual_business: bool,
    pub roles: Vec<RoleDef>,
    /// Ordered from least to most severe.
    pub levels: Vec<LevelRule>,
    /// `None`: the plan does not grade 日终 incidents apart.
    pub end_of_day: Option<EndOfDayRule>,
    pub service_hours: ServiceHours,
    /// Sub-categories offered for each phenomenon (第九条; 附件2 is not public).
    pub subcategories: Subcategories,
    /// Who must report or notify whom, by when (第十三条, 第十五条).
    pub obligations: Vec<ObligationRule>,
    /// Per-entry limits for manual business, so a slipped digit is caught (第十九条, 第二十条).
    pub limits: Limits,
    /// Each exchange's fallback steps (第二十条).
    pub fallback: Vec<FallbackStep>,
    /// Names of the external bodies recipients resolve to (today's names by default).
    pub recipient_names: OrgNames,
    pub report_titles: ReportTitles,
    /// The fields of the incident report form (附件3), in order. Keys the app knows
    /// are filled from the log; any other key is a blank field for people to fill.
    pub report_form: Vec<ReportField>,
    pub phases: Vec<Phase>,
    pub checklists: Vec<Checklist>,
    pub articles: Vec<Article>,
}

/// One field of the report form: which content, under which heading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportField {
    pub key: String,
    pub heading: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub counter_transfer: Fen,
    pub exchange_movement: Fen,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subcategories {
    pub system: Vec<String>,
    pub application: Vec<String>,
    pub data: Vec<String>,
}

pub(crate) const BANK_DEPOSITORY: &str = include_str!("bank-depository.json");
const SECURITIES_COMPANY: &str = include_str!("securities-company.json");

pub(crate) const BUILTIN_TEXTS: [&str; 2] = [BANK_DEPOSITORY, SECURITIES_COMPANY];

/// The built-in packs, read once. They cannot change after the build, so they are
/// parsed directly; a host test proves that the full checks of an imported pack
/// (`plan_pack::read`) accept each and give exactly the same plan. That saves a
/// third of the start-up time on an empty store.
fn builtin_plans() -> &'static [Plan] {
    static PLANS: std::sync::OnceLock<Vec<Plan>> = std::sync::OnceLock::new();
    PLANS.get_or_init(|| {
        BUILTIN_TEXTS.iter().map(|text| serde_json::from_str(text).expect("the built-in packs are valid (tested)")).collect()
    })
}

impl Plan {
    /// The bank's futures-margin depository procedure (seed 002).
    pub fn bank_depository() -> Plan {
        builtin_plans()[0].clone()
    }

    /// The securities company's emergency plan (seed 000).
    pub fn securities_company() -> Plan {
        builtin_plans()[1].clone()
    }

    pub fn builtin() -> Vec<Plan> {
        builtin_plans().to_vec()
    }

    /// Reads the built-in packs now (once; ~13 ms of the start in a release build),
    /// so the start can do it while it waits for the browser's storage to open.
    pub fn prepare_builtin() {
        builtin_plans();
    }

    /// Whether this exact version ships with the app.
    pub fn is_builtin(&self) -> bool {
        builtin_plans().iter().any(|b| b.id == self.id && b.version == self.version)
    }

    /// "bank-depository@1": how incidents and packs name a plan version.
    pub fn key(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    pub fn rule_for(&self, level: Level) -> Option<&LevelRule> {
        self.levels.iter().find(|r| r.level == level)
    }

    /// Whether levels follow from the clock (thresholds) or are set by people.
    pub fn grades_automatically(&self) -> bool {
        self.levels.iter().all(|r| r.daytime_minutes.is_some()) && !self.levels.is_empty()
    }

    pub fn role(&self, id: &str) -> Option<&RoleDef> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// A role's name, or its id when the plan does not define it.
    pub fn role_name(&self, id: &str) -> String {
        self.role(id).map_or_else(|| id.to_string(), |r| r.name.clone())
    }

    /// The role a typed unit/role (the sign-in's 单位/角色) names: the longest role
    /// name it contains, in Chinese or in the screen's English, ignoring case and
    /// spaces. "大连分行交易所支行" → 交易所支行; nothing for text naming no role.
    pub fn role_named(&self, typed: &str) -> Option<&RoleDef> {
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
        let typed = squash(typed);
        if typed.is_empty() {
            return None;
        }
        // Reversed, so that of two names equally long the plan's first wins.
        self.roles
            .iter()
            .rev()
            .filter_map(|r| {
                let names = [squash(&r.name), squash(&crate::domain::base::i18n::tr(&r.name))];
                names.into_iter().filter(|n| !n.is_empty() && typed.contains(n.as_str())).map(|n| n.chars().count()).max().map(|len| (len, r))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, r)| r)
    }

    /// Who decides at this level, e.g. "总行应急处置工作小组（第十四条（一））".
    pub fn authority_for(&self, level: Level) -> Option<String> {
        self.rule_for(level).map(|r| self.role_name(&r.authority))
    }

    pub fn phase_name(&self, id: &str) -> String {
        self.phases.iter().find(|p| p.id == id).map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    /// The checklist step a log id refers to: (checklist, step text).
    pub fn checklist_step(&self, step_id: &str) -> Option<(&Checklist, &str)> {
        let (list, n) = step_id.split_once('#')?;
        let n: usize = n.parse().ok()?;
        let c = self.checklists.iter().find(|c| c.id == list)?;
        Some((c, c.steps.get(n.checked_sub(1)?)?.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_unit_names_the_plan_role_it_contains() {
        let plan = Plan::bank_depository();
        let id = |typed: &str| plan.role_named(typed).map(|r| r.id.as_str());
        assert_eq!(id("总行应急处置工作小组"), Some("working-group"));
        assert_eq!(id(" 大连分行 交易所支行 "), Some("exchange-branch"));
        // The longest name contained wins: the provincial group, not a shorter name inside it.
        assert_eq!(id("河南省分行·省级分行应急处置实施工作小组"), Some("provincial"));
        assert_eq!(id("值班员"), None);
        assert_eq!(id(""), None);
        crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::En, || {
            let english = crate::domain::base::i18n::tr("总行应急处置工作小组");
            assert_eq!(plan.role_named(&english.to_uppercase()).map(|r| r.id.as_str()), Some("working-group"), "{english}");
        });
    }

    #[test]
    fn decision_authority_follows_article_fourteen() {
        let plan = Plan::bank_depository();
        assert_eq!(plan.authority_for(Level::I).as_deref(), Some("总行应急指挥领导小组"));
        assert_eq!(plan.authority_for(Level::II).as_deref(), Some("总行应急处置工作小组"));
        assert_eq!(plan.authority_for(Level::III).as_deref(), Some("总行应急处置工作小组"));
        assert!(plan.grades_automatically());
        assert!(!Plan::securities_company().grades_automatically(), "seed 000 gives no numbers: people grade");
    }

    #[test]
    fn every_duty_names_its_article_and_every_chain_link_exists() {
        let plan = Plan::bank_depository();
        for rule in &plan.obligations {
            assert!(rule.article.starts_with('第'), "{}", rule.id);
            if let crate::domain::plans::playbook::Trigger::AfterDischarge(prev) | crate::domain::plans::playbook::Trigger::AfterDeadlineOf(prev) = &rule.trigger {
                assert!(plan.obligations.iter().any(|r| &r.id == prev), "{} waits on missing {prev}", rule.id);
            }
        }
        let ids: std::collections::HashSet<&str> = plan.obligations.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), plan.obligations.len(), "rule ids are unique");
        assert_eq!(plan.roles.len(), 12, "three groups, seven departments, the discovering unit and the exchange sub-branch (第四条–第六条, 第十三条)");
    }

    #[test]
    fn citations_find_their_article() {
        let a = |id: &str| Article { id: id.into(), chapter: String::new(), heading: String::new(), summary: String::new(), app: String::new() };
        assert!(a("第七条").cited_by("第七条（二）"));
        assert!(a("第五条").cited_by("第四条（一）、第五条（一）"));
        assert!(!a("第十条").cited_by("第二十条（一）"));
        assert!(!a("第二十条").cited_by("第二十一条"));
        assert!(a("六、").cited_by("六、2（1）"));
        assert!(!a("六、").cited_by("七、1"));
    }

    #[test]
    fn checklist_steps_are_named_in_the_log_by_list_and_number() {
        let plan = Plan::bank_depository();
        for c in &plan.checklists {
            assert!(!c.steps.is_empty(), "{}", c.id);
            assert_eq!(plan.checklist_step(&c.step_id(0)).map(|(l, s)| (l.id.as_str(), s)), Some((c.id.as_str(), c.steps[0].as_str())));
        }
        assert_eq!(plan.checklist_step("no-such#1"), None);
    }

    #[test]
    fn plan_round_trips_through_json() {
        let plan = Plan::bank_depository();
        let json = serde_json::to_string(&plan).unwrap();
        assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), plan);
    }
}
