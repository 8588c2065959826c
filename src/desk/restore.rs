//! Restoring a backup or importing a packet (all or nothing), archiving, and
//! re-sealing every record when the passphrase lock is turned on or off.

use super::saving::{incident_source, STORE_DIRECTORY};
use super::{Ctx, Desk};
use crate::domain::files::backup::{Applied, Backup, RestorePlan};
use crate::domain::base::i18n::t;
use crate::domain::base::seal::{Key, Lock};
use crate::domain::{Incident, Plan};

impl Desk {
    /// What restoring `backup` would do here now, with every clash: nothing is changed.
    pub fn plan_backup(&mut self, ctx: &mut Ctx, backup: &Backup) -> RestorePlan {
        for s in &backup.incidents {
            self.settle_pending(ctx, s.incident.id());
        }
        let ids: Vec<String> = backup.incidents.iter().map(|s| s.incident.id().to_string()).collect();
        let plan = crate::domain::files::backup::plan_restore(&self.incidents, &self.directory, &self.plans, backup);
        let plan = self.with_shelf_blocker(ctx, plan, ids);
        self.with_lock_blockers(plan)
    }

    /// What importing a checked packet would do here now: nothing is changed.
    pub fn plan_packet(&mut self, ctx: &mut Ctx, incident: &Incident, plan: Option<&Plan>) -> RestorePlan {
        self.settle_pending(ctx, incident.id());
        let restore = crate::domain::files::backup::plan_packet(&self.incidents, &self.plans, incident, plan);
        let restore = self.with_shelf_blocker(ctx, restore, vec![incident.id().to_string()]);
        self.with_lock_blockers(restore)
    }

    /// A restore compares with what is stored: an incident still on the shelf is read
    /// first, and until it is, the plan is refused (it would preview as new).
    fn with_shelf_blocker(&mut self, ctx: &mut Ctx, mut plan: RestorePlan, ids: Vec<String>) -> RestorePlan {
        let shelved: Vec<String> = ids.iter().filter(|id| self.is_shelved(id)).cloned().collect();
        if !shelved.is_empty() {
            for id in &shelved {
                self.unshelve_one(ctx, id);
            }
            plan.blockers.push(t("本机较早的事件记录正在读取，请稍候几秒再试一次。").to_string());
        } else if self.settling && ids.iter().any(|id| self.incident(id).is_none()) {
            // One not here may be among the summaries still coming: it would preview as new.
            for id in &ids {
                self.unshelve_one(ctx, id);
            }
            plan.blockers.push(t("本机较早的事件记录正在读取，请稍候几秒再试一次。").to_string());
        }
        plan
    }

    /// A stored plan library or directory that cannot be read must not be overwritten.
    fn with_lock_blockers(&self, mut plan: RestorePlan) -> RestorePlan {
        if plan.plans_after.is_some() {
            if let Some(problem) = &self.plans_locked {
                plan.blockers.push(crate::tf!("已保存的预案无法读取，为免覆盖暂不能修改：{0}", problem));
            }
        }
        if plan.directory.is_some() {
            if let Some(problem) = &self.directory_locked {
                plan.blockers.push(problem.clone());
            }
        }
        plan
    }

    /// Applies a restore or packet import worked out just now (`plan_backup`,
    /// `plan_packet`): all of it, or nothing (what was written is put back). Memory
    /// follows storage only when all of it was written. Returns whether it applied and
    /// the message saying so, naming every item.
    pub fn apply_restore(&mut self, ctx: &mut Ctx, plan: &RestorePlan) -> (bool, String) {
        let (applied, written) = ctx.store.restore(plan);
        if applied == Applied::All {
            ctx.happened.changed = super::Changed { incidents: true, plans: true, directory: true, alerts: false, saving: true };
            if let Some(stored) = &plan.plans_after {
                for p in stored {
                    let _ = self.plans.keep(p.clone());
                }
            }
            let ids: Vec<String> = written.iter().map(|i| i.id().to_string()).collect();
            for w in written {
                match self.incident_mut(w.id()) {
                    Some(mine) => *mine = w,
                    None => self.incidents.push(w),
                }
            }
            for id in &ids {
                self.report(ctx, &incident_source(id), Ok(()));
            }
            if let Some(d) = &plan.directory {
                self.report(ctx, STORE_DIRECTORY, Ok(()));
                self.directory = d.clone();
            }
            self.escalate_where(ctx, ctx.clock.now(), |i| ids.iter().any(|id| id == i.id()));
        }
        plan.outcome(&applied)
    }

    /// Removes closed incidents from this browser after they were archived to a file.
    pub fn drop_archived(&mut self, ctx: &mut Ctx, ids: &[String]) -> Result<usize, String> {
        let mut removed = 0;
        let result = ids.iter().try_for_each(|id| {
            ctx.store.remove_incident(id).map_err(|e| e.to_string())?;
            removed += 1;
            Ok::<(), String>(())
        });
        if removed > 0 || result.is_ok() {
            self.incidents.retain(|i| !ids[..removed].iter().any(|id| id == i.id()));
            ctx.happened.changed.incidents = true;
        }
        result.map(|()| removed)
    }

    /// Seals (with `lock`'s key) or unseals (with `None`) every stored record: the
    /// lock record goes first when turning on and last when turning off, so a
    /// half-finished change always leaves readable data.
    pub fn reseal(&mut self, ctx: &mut Ctx, lock: Option<(Lock, Key)>) -> Result<(), String> {
        let turning_on = lock.is_some();
        // Every record is sealed anew: the logs still on the shelf are read first.
        if !self.need_all(ctx) {
            return Err(t("本机较早的事件记录正在读取，请稍候几秒再试一次。").to_string());
        }
        self.settle_all_pending(ctx);
        match &lock {
            Some((record, key)) => {
                ctx.store.write_lock(Some(record))?;
                ctx.store.set_key(Some(*key));
            }
            None => ctx.store.set_key(None),
        }
        ctx.happened.changed.incidents = true;
        ctx.happened.changed.saving = true;
        let mut failed = Vec::new();
        let ids: Vec<String> = self.incidents.iter().map(|i| i.id().to_string()).collect();
        for id in ids {
            let Some(incident) = self.incident(&id) else { continue };
            match ctx.store.append(incident, &[]) {
                super::port::Receipt::Written(merged) => {
                    if let Some(mine) = self.incident_mut(&id) {
                        *mine = merged;
                    }
                    if self.unsaved.contains(&id) {
                        self.unsaved.saved(&id);
                        self.report(ctx, &incident_source(&id), Ok(()));
                    }
                }
                super::port::Receipt::Failed(e) => failed.push(e.to_string()),
                super::port::Receipt::Queued => {}
            }
        }
        if self.directory_locked.is_none() {
            if let Err(e) = ctx.store.save_directory(&self.directory) {
                failed.push(e.to_string());
            }
        }
        // Local plan versions are stored like the directory, so they follow the lock too.
        if self.plans_locked.is_none() {
            let stored = self.plans.stored();
            if !stored.is_empty() {
                if let Err(e) = ctx.store.save_plans(&stored) {
                    failed.push(e.to_string());
                }
            }
        }
        if !turning_on && failed.is_empty() {
            ctx.store.write_lock(None)?;
        }
        if failed.is_empty() { Ok(()) } else { Err(failed.join(t("；"))) }
    }
}
