//! Plan versions: loading the library, adding a version, choosing the current one.

use super::port::{load_setting, save_setting, Store};
use super::{Ctx, Desk};
use crate::domain::{business::contacts::Directory, plans::playbook::OrgNames};
use crate::domain::plans::plan_library::PlanLibrary;
use crate::domain::Plan;
use std::collections::BTreeMap;

/// Setting naming the current version of each plan.
const CURRENT_PLANS: &str = "current-plans";

/// The plan library from storage (with the problems found and, when the stored
/// versions are unreadable, why changes are refused). The directory's old
/// recipient names are carried into a plan version once (they used to live there).
pub(super) fn load(store: &mut dyn Store, directory: &Directory) -> (PlanLibrary, Vec<String>, Option<String>) {
    let current = load_setting::<BTreeMap<String, String>>(store, CURRENT_PLANS).unwrap_or_default();
    let (stored, locked) = match store.load_plans() {
        Ok(found) => (found.unwrap_or_default(), None),
        Err(problem) => (Vec::new(), Some(problem)),
    };
    let fresh = stored.is_empty() && current.is_empty();
    let (mut lib, mut problems) = PlanLibrary::new(stored, current);
    // A stored version that no longer passes the checks stays in storage untouched: changes wait.
    let locked = locked.or_else(|| problems.first().cloned());
    if let Some(p) = &locked {
        problems.push(crate::tf!("已保存的预案无法读取（原数据保留未动）：{0}", p));
    }
    let old_names = &directory.names;
    if fresh && locked.is_none() && *old_names != OrgNames::default() {
        let base = Plan::bank_depository();
        let mut carried = base.clone();
        carried.based_on = Some(base.key());
        carried.recipient_names = old_names.clone();
        carried.version = lib.local_version(&carried);
        if lib.add(carried).is_ok() {
            let saved = store.save_plans(&lib.stored()).and_then(|()| save_setting(store, CURRENT_PLANS, lib.current_versions()));
            if let Err(e) = saved {
                problems.push(crate::tf!("通讯录中的报告对象名称未能转入预案：{0}", e));
            }
        }
    }
    (lib, problems, locked)
}

impl Desk {
    /// Adds a customised or imported plan version and makes it current; saved at once.
    pub fn save_plan(&mut self, ctx: &mut Ctx, plan: Plan) -> Result<(), String> {
        let mut lib = self.plans.clone();
        lib.add(plan)?;
        self.store_plans(ctx, lib)
    }

    pub fn set_current_plan(&mut self, ctx: &mut Ctx, id: &str, version: &str) -> Result<(), String> {
        let mut lib = self.plans.clone();
        lib.set_current(id, version)?;
        self.store_plans(ctx, lib)
    }

    /// Writes the library, first taking in what another tab stored since, so no
    /// version is lost; refused while the stored copy is unreadable.
    pub(super) fn store_plans(&mut self, ctx: &mut Ctx, mut lib: PlanLibrary) -> Result<(), String> {
        if let Some(problem) = &self.plans_locked {
            return Err(crate::tf!("已保存的预案无法读取，为免覆盖暂不能修改：{0}", problem));
        }
        match ctx.store.load_plans() {
            Ok(found) => lib.absorb(found.unwrap_or_default())?,
            Err(problem) => {
                self.plans_locked = Some(problem.clone());
                ctx.happened.changed.plans = true;
                return Err(problem);
            }
        }
        ctx.store.save_plans(&lib.stored()).map_err(|e| e.to_string())?;
        save_setting(ctx.store, CURRENT_PLANS, lib.current_versions()).map_err(|e| e.to_string())?;
        self.plans = lib;
        ctx.happened.changed.plans = true;
        Ok(())
    }

    /// Another tab saved plan versions or changed the current ones: take them in.
    pub(super) fn sync_plans(&mut self, ctx: &mut Ctx) {
        let (lib, problems, locked) = load(ctx.store, &self.directory);
        self.plans = lib;
        self.plans_locked = locked;
        for x in problems {
            if !self.load_problems.contains(&x) {
                self.load_problems.push(x);
            }
        }
        ctx.happened.changed.plans = true;
        ctx.happened.changed.saving = true;
    }

    /// Saves the institution's name into plan `plan_id` (a new version when it
    /// changed, so the plan and the reports never disagree).
    pub fn rename_institution(&mut self, ctx: &mut Ctx, plan_id: &str, institution: &str) -> Result<(), String> {
        match self.plans.renamed(plan_id, institution) {
            Some(renamed) => self.save_plan(ctx, renamed),
            None => Ok(()),
        }
    }
}
