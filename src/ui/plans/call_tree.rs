//! Printable before an outage: the 附件1 table and the reporting routes with
//! the numbers to call, for when even the workstation is gone.

use crate::ui::state::AppState;
use crate::domain::business::contacts::{kind_for, reach, UnitKind};
use crate::domain::plans::playbook::Recipient;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn CallTree() -> impl IntoView {
    let state = expect_context::<AppState>();
    let internal = [UnitKind::LeadershipGroup, UnitKind::WorkingGroup, UnitKind::ProvincialGroup, UnitKind::Department];
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let chosen = RwSignal::new(state.home_plan().id);
    let plan = Memo::new(move |_| state.current_plan(&chosen.get()));
    view! {
        <section class="screen call-tree printable">
            <div class="screen-head">
                <h1>{t("报告路线与联系人")}</h1>
                <button type="button" class="primary" on:click=print>{t("打印")}</button>
            </div>
            <super::plan_picker::PlanPicker chosen=chosen/>
            <p class="hint">{move || plan.with(|p| tf!("依据《{0}》（版本 {1}）的组织、报告和响应条款。请在平时打印，随应急资料保存。", tr(&p.title), p.version))}</p>
            <h2>{t("报告路线")}</h2>
            <ol class="route-list" data-testid="call-tree">
                {move || plan.get().obligations.into_iter().map(|rule| {
                    let recipients: Vec<Recipient> = rule.recipients.clone();
                    let dir = state.directory_untracked(Clone::clone);
                    let people: Vec<String> = recipients.iter().filter_map(kind_for).flat_map(|k| {
                        dir.of_kind(k).map(|c| tf!("{0} {1} {2}：{3}", c.unit, c.role, c.name, reach(c))).collect::<Vec<_>>()
                    }).collect();
                    let responsible = plan.with_untracked(|p| p.role_name(&rule.responsible));
                    view! {
                        <li class="route">
                            <p><strong>{format!("{} → {}", tr(&responsible), tr(&rule.title))}</strong></p>
                            <p>{tf!("{0}；{1}；{2}", rule.when(), tr(rule.channel.name()), tr(&rule.article))}</p>
                            {(!people.is_empty()).then(|| view! { <ul>{people.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <h2>{t("组织与职责")}</h2>
            <dl class="org-duties" data-testid="org-duties">
                {move || plan.get().roles.into_iter().map(|u| view! {
                    <dt>{tf!("{0}（{1}）", tr(&u.name), tr(&u.article))}</dt>
                    <dd><ul>{u.duties.into_iter().map(|d| view! { <li>{tr(&d)}</li> }).collect_view()}</ul></dd>
                }).collect_view()}
            </dl>
            <h2 class="page-break">{t("附件1 期货保证金存管业务应急处置实施工作小组情况表")}</h2>
            <table class="contacts-table annex1" data-testid="annex1">
                <thead><tr>
                    <th scope="col">{t("单位")}</th><th scope="col">{t("职务/角色")}</th><th scope="col">{t("姓名")}</th><th scope="col">{t("办公电话")}</th>
                    <th scope="col">{t("手机")}</th><th scope="col">{t("传真")}</th><th scope="col">{t("邮箱")}</th>
                </tr></thead>
                <tbody>
                    {move || state.directory(Clone::clone).contacts.into_iter().filter(|c| internal.contains(&c.kind)).map(|c| view! {
                        <tr><td>{c.unit}</td><td>{c.role}</td><td>{c.name}</td><td>{c.office_phone}</td><td>{c.mobile}</td><td>{c.fax}</td><td>{c.email}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">{t("填表说明：各省级分行参照总行设立实施工作小组，填写本表并报总行应急处置工作小组（第四条（三））。")}</p>
        </section>
    }
}
