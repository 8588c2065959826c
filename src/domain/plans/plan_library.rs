//! Every plan version this workstation knows: the built-in packs plus those
//! customised or imported here. Versions are never replaced: an incident names
//! the version it was opened under (its `Opened` event), and that version stays
//! available, so changing the plan never rewrites history.

use crate::domain::base::i18n::t;
use crate::domain::plans::plan::Plan;
use crate::domain::plans::plan_pack::validate;
use sha2::Digest;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanLibrary {
    plans: Vec<Plan>,
    /// Plan id → the version new incidents open under.
    current: BTreeMap<String, String>,
}

impl PlanLibrary {
    /// The built-in packs plus `stored` ones; invalid stored packs are left out
    /// (and named in the returned problems), never half-loaded.
    pub fn new(stored: Vec<Plan>, current: BTreeMap<String, String>) -> (PlanLibrary, Vec<String>) {
        let mut lib = PlanLibrary { plans: Plan::builtin(), current: BTreeMap::new() };
        let mut problems = Vec::new();
        for plan in stored {
            if let Err(e) = lib.insert(plan.clone()) {
                problems.push(crate::tf!("已保存的预案 {0} 无法使用：{1}", plan.key(), e));
            }
        }
        for (id, version) in current {
            if lib.get(&id, &version).is_some() {
                lib.current.insert(id, version);
            }
        }
        (lib, problems)
    }

    pub fn get(&self, id: &str, version: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id && p.version == version)
    }

    /// The version of plan `id` new incidents open under (the built-in one unless changed).
    pub fn current(&self, id: &str) -> Option<&Plan> {
        match self.current.get(id) {
            Some(v) => self.get(id, v),
            None => self.plans.iter().find(|p| p.id == id),
        }
    }

    /// One current version per plan id, built-in plans first.
    pub fn current_plans(&self) -> Vec<&Plan> {
        let mut ids: Vec<&str> = Vec::new();
        for p in &self.plans {
            if !ids.contains(&p.id.as_str()) {
                ids.push(&p.id);
            }
        }
        ids.into_iter().filter_map(|id| self.current(id)).collect()
    }

    /// Every version of plan `id`, oldest first.
    pub fn versions(&self, id: &str) -> Vec<&Plan> {
        self.plans.iter().filter(|p| p.id == id).collect()
    }

    /// The version named, or a stand-in (the current version of the same plan,
    /// else the first plan) with `false`: the one place the fallback is decided.
    pub fn resolve(&self, id: &str, version: &str) -> (&Plan, bool) {
        match self.get(id, version) {
            Some(p) => (p, true),
            None => (self.current(id).unwrap_or(&self.plans[0]), false),
        }
    }

    /// Keeps a version without making it current (restoring a backup, a packet's plan).
    /// `Ok(true)` when it was new here.
    pub fn keep(&mut self, plan: Plan) -> Result<bool, String> {
        self.insert(plan)
    }

    fn insert(&mut self, plan: Plan) -> Result<bool, String> {
        let errors = validate(&plan);
        if !errors.is_empty() {
            return Err(errors.join(t("；")));
        }
        match self.get(&plan.id, &plan.version) {
            Some(same) if *same == plan => Ok(false),
            Some(_) => Err(crate::tf!("版本 {0} 已存在且内容不同；请为修改后的预案使用新的版本号", plan.key())),
            None => {
                self.plans.push(plan);
                Ok(true)
            }
        }
    }

    /// Adds a version (customised or imported) and makes it current for new
    /// incidents. The same version with other content is refused.
    pub fn add(&mut self, plan: Plan) -> Result<(), String> {
        let (id, version) = (plan.id.clone(), plan.version.clone());
        self.insert(plan)?;
        self.current.insert(id, version);
        Ok(())
    }

    /// Makes an existing version current for new incidents.
    pub fn set_current(&mut self, id: &str, version: &str) -> Result<(), String> {
        self.get(id, version).ok_or_else(|| crate::tf!("没有预案版本 {0}@{1}", id, version))?;
        self.current.insert(id.to_string(), version.to_string());
        Ok(())
    }

    /// What storage keeps: the versions that are not built in.
    pub fn stored(&self) -> Vec<Plan> {
        let builtin = Plan::builtin();
        self.plans.iter().filter(|p| !builtin.iter().any(|b| b.key() == p.key())).cloned().collect()
    }

    pub fn current_versions(&self) -> &BTreeMap<String, String> {
        &self.current
    }

    /// The version name for a local change: "1+local.2.3fa2c1" — a running number for
    /// people, then six hex digits of the content, so versions made on two
    /// workstations never share a name unless they are the same plan.
    pub fn local_version(&self, plan: &Plan) -> String {
        let root = plan.based_on.as_deref().and_then(|b| b.split_once('@')).map_or(plan.version.as_str(), |(_, v)| v);
        let root = root.split("+local.").next().unwrap_or(root).to_string();
        let n = 1 + self.plans.iter().filter(|p| p.id == plan.id && p.version.starts_with(&format!("{root}+local."))).count();
        let mut unnamed = plan.clone();
        unnamed.version = String::new();
        let json = serde_json::to_string(&unnamed).expect("a plan always serialises");
        let digest = sha2::Sha256::digest(json.as_bytes());
        let hash: String = digest.iter().take(3).map(|b| format!("{b:02x}")).collect();
        format!("{root}+local.{n}.{hash}")
    }

    /// The current version of plan `id` under another institution name, as a new
    /// local version (the old one stays for the incidents opened under it);
    /// `None` when the name is already that, or there is no such plan.
    pub fn renamed(&self, id: &str, institution: &str) -> Option<Plan> {
        let base = self.current(id)?;
        if base.institution == institution {
            return None;
        }
        let mut p = base.clone();
        p.based_on = Some(base.key());
        p.institution = institution.to_string();
        p.version = self.local_version(&p);
        Some(p)
    }

    /// Takes in the versions another tab or workstation stored; refuses a clash.
    pub fn absorb(&mut self, stored: Vec<Plan>) -> Result<(), String> {
        for p in stored {
            self.keep(p)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(institution: &str) -> Plan {
        let mut p = Plan::bank_depository();
        p.version = "1+local.1".into();
        p.institution = institution.into();
        p
    }

    #[test]
    fn naming_the_institution_makes_a_new_version_and_keeps_the_old_one() {
        let mut lib = PlanLibrary::new(vec![], BTreeMap::new()).0;
        assert_eq!(lib.current("bank-depository").unwrap().institution, "本行");
        let named = lib.renamed("bank-depository", "甲银行").unwrap();
        assert_eq!(named.based_on.as_deref(), Some("bank-depository@1"));
        lib.add(named).unwrap();
        assert_eq!(lib.current("bank-depository").unwrap().institution, "甲银行");
        assert!(lib.get("bank-depository", "1").is_some(), "old incidents keep their version");
        assert_eq!(lib.renamed("bank-depository", "甲银行"), None, "unchanged: no new version");
    }

    #[test]
    fn both_built_in_plans_load_and_are_current_by_default() {
        let (lib, problems) = PlanLibrary::new(vec![], BTreeMap::new());
        assert!(problems.is_empty());
        let ids: Vec<&str> = lib.current_plans().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, vec!["bank-depository", "securities-company"]);
        assert!(lib.stored().is_empty());
    }

    #[test]
    fn a_version_is_never_replaced_by_other_content() {
        let (mut lib, _) = PlanLibrary::new(vec![], BTreeMap::new());
        lib.add(custom("甲银行")).unwrap();
        lib.add(custom("甲银行")).unwrap();
        assert!(lib.add(custom("乙银行")).unwrap_err().contains("已存在且内容不同"));
        let mut builtin_changed = Plan::bank_depository();
        builtin_changed.institution = "丙银行".into();
        assert!(lib.add(builtin_changed).is_err(), "the built-in version cannot be overwritten either");
        assert_eq!(lib.current("bank-depository").unwrap().institution, "甲银行");
    }

    #[test]
    fn invalid_stored_packs_are_reported_not_loaded() {
        let mut bad = custom("甲银行");
        bad.levels[0].daytime_minutes = Some(500);
        let mut current = BTreeMap::new();
        current.insert("bank-depository".to_string(), "1+local.1".to_string());
        let (lib, problems) = PlanLibrary::new(vec![bad], current);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("bank-depository@1+local.1"));
        assert_eq!(lib.current("bank-depository").unwrap().version, "1");
    }
}

#[cfg(test)]
mod securities_plan {
    use crate::domain::plans::plan::Plan;

    #[test]
    fn both_plans_describe_every_article_and_cite_only_defined_ones() {
        let bank = Plan::bank_depository();
        assert_eq!(bank.articles.len(), 25, "第一条 to 第二十五条");
        let sec = Plan::securities_company();
        assert_eq!(sec.articles.len(), 9, "parts 一 to 九");
        for p in [&bank, &sec] {
            for r in &p.obligations {
                assert!(p.articles.iter().any(|a| a.cited_by(&r.article)), "{}: {} cites no article of the plan", p.id, r.id);
            }
            for c in &p.checklists {
                assert!(p.articles.iter().any(|a| a.cited_by(&c.article)), "{}: {}", p.id, c.id);
            }
        }
    }
}
