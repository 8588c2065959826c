//! Plan versions and contacts pulled from the sync server (`domain::sync::shared_doc`),
//! taken in as a packet's are: a plan version new here is kept (never made current:
//! that stays the duty officer's choice), one that clashes with ours under the same
//! id and version is refused and quarantined; contacts fill in what is missing here
//! and never replace a number (`contacts_fill`), differences said once.

use super::{Ctx, Desk};
use crate::domain::business::contacts_fill::fill_in;
use crate::domain::sync::event_doc::{kept, Refusal};
use crate::domain::sync::shared_doc::Shared;

impl Desk {
    pub fn take_shared(&mut self, ctx: &mut Ctx, shared: Vec<Shared>) {
        let mut lib = self.plans.clone();
        let mut new_plans = false;
        for s in shared {
            match s {
                Shared::Plan(plan) => match lib.keep(plan.clone()) {
                    Ok(new) => new_plans |= new,
                    Err(e) => {
                        let reason = if self.plans.get(&plan.id, &plan.version).is_some() {
                            crate::domain::base::i18n::t("与本机的同号预案版本内容不同，未采用：两套规则算出的级别和时限不能混用，请由制定方改用新的版本号").to_string()
                        } else {
                            e
                        };
                        let raw = kept(serde_json::to_string(&plan).unwrap_or_default());
                        self.refuse_pulled(ctx, Refusal { doc_id: format!("doc:plan:{}", plan.key()), reason, raw });
                    }
                },
                Shared::Contacts(contacts) => {
                    let filled = fill_in(&self.directory, &contacts);
                    for d in filled.differing {
                        self.note_sync(ctx, crate::tf!("通讯录：{0}", d));
                    }
                    if filled.taken > 0 {
                        if let Err(e) = self.save_directory(ctx, filled.after) {
                            self.note_sync(ctx, crate::tf!("通讯录：其他工作站共享的联系人未能保存：{0}", e));
                        }
                    }
                }
            }
        }
        if new_plans {
            if let Err(e) = self.store_plans(ctx, lib) {
                self.note_sync(ctx, crate::tf!("预案：其他工作站共享的预案版本未能保存：{0}", e));
            }
        }
    }
}
