//! Bringing in an incident packet from another workstation: check it, show
//! what would change (new events, facts that differ), then merge on confirm.

use crate::ui::browser::route::{self, Route};
use crate::ui::state::AppState;
use crate::domain::files::backup::RestorePlan;
use crate::domain::files::packet::read;
use crate::domain::base::i18n::{t, tr};
use crate::domain::Incident;
use crate::ui::browser::files;
use leptos::prelude::*;
use crate::ui::browser::file_pick::read_picked_as;

#[component]
pub fn PacketImport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<(StoredValue<RestorePlan>, StoredValue<(Incident, Option<crate::domain::Plan>)>)>);
    let message = RwSignal::new(None::<(bool, String)>);
    let pick = move |ev: leptos::ev::Event| {
        pending.set(None);
        let refused = |why| crate::tf!("未导入：{0}。本机数据未做任何改动。", why);
        read_picked_as(&ev, files::MAX_PACKET_BYTES, message, read, refused, move |p| {
            let plan = state.plan_packet(&p.incident, p.plan.as_ref());
            message.set(None);
            pending.set(Some((StoredValue::new(plan), StoredValue::new((p.incident, p.plan)))));
        });
    };
    let confirm = move |_| {
        let Some((_, packet)) = pending.get_untracked() else { return };
        let (incident, plan) = packet.get_value();
        let id = incident.id().to_string();
        // Worked out again against what is here now; all of it is written, or nothing.
        let restore = state.plan_packet(&incident, plan.as_ref());
        pending.set(None);
        match state.apply_restore(&restore) {
            (true, _) => route::go(&Route::Incident(id)),
            (false, m) => message.set(Some((false, m))),
        }
    };
    view! {
        <section class="panel" aria-labelledby="packet-heading">
            <h2 id="packet-heading">{t("事件包（工作站之间交换）")}</h2>
            <p class="hint">{t("从另一台工作站导出的事件包在此导入：校验无误后预览，确认才合并；双方的记录都会保留。")}</p>
            <label class="button file-button">{t("导入事件包…")}
                <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-packet" on:change=pick/>
            </label>
            {move || message.get().map(|(ok, m)| view! { <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="alert" data-testid="packet-message">{m}</div> })}
            {move || pending.get().map(|(plan, _)| {
                let plan = plan.get_value();
                let Some(step) = plan.incidents.first().cloned() else { return ().into_any() };
                let p = step.preview;
                let blocked = !plan.blockers.is_empty();
                view! {
                <div class="notice notice-warn" data-testid="packet-preview">
                    // Refused, it will neither add nor merge: saying which would only mislead.
                    <p><strong>{p.title.clone()}</strong>{if blocked {
                        String::new()
                    } else if p.new_incident {
                        crate::tf!("：本机尚无此事件，将新增（{0} 条记录）。", p.added)
                    } else {
                        crate::tf!("：本机已有此事件，将合并 {0} 条新记录。", p.added)
                    }}</p>
                    {(step.conflicts > 0).then(|| view! { <p data-testid="packet-entry-conflicts">{crate::tf!("{0} 条记录与本机同号而内容不同：导入后记为冲突，两份内容都保留，可在事件页并排查看。", step.conflicts)}</p> })}
                    {(!p.conflicts.is_empty()).then(|| view! {
                        <table class="ledger-table">
                            <caption>{t("两边不一致的信息（合并后以时间线中最后一次更正为准，双方记录均保留）")}</caption>
                            <thead><tr><th scope="col">{t("项目")}</th><th scope="col">{t("本机")}</th><th scope="col">{t("事件包")}</th></tr></thead>
                            // Labels and vocabulary values (period, phenomenon, yes/no) come from the domain in Chinese.
                            <tbody>{p.conflicts.into_iter().map(|(k, a, b)| view! { <tr><td>{tr(k)}</td><td>{tr(&a)}</td><td>{tr(&b)}</td></tr> }).collect_view()}</tbody>
                        </table>
                    })}
                    {blocked.then(|| view! {
                        <div class="notice notice-error" role="alert" data-testid="packet-clash">
                            <p><strong>{t("有冲突，不能导入：事件和预案都不会写入，本机数据不会改动。")}</strong></p>
                            <ul>{plan.blockers.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                        </div>
                    })}
                    <div class="actions">
                        {(!blocked).then(|| view! { <button type="button" class="primary" data-testid="confirm-packet" on:click=confirm>{t("确认导入")}</button> })}
                        <button type="button" on:click=move |_| pending.set(None)>{if blocked { t("关闭") } else { t("取消") }}</button>
                    </div>
                </div>
                }.into_any()
            })}
        </section>
    }
}
