//! Bringing in an incident packet from another workstation: check it, show
//! what would change (new events, facts that differ), then merge on confirm.

use super::route::{self, Route};
use super::state::AppState;
use crate::domain::packet::{preview, read, Preview};
use crate::domain::i18n::{t, tr};
use crate::domain::Incident;
use crate::store::files;
use leptos::prelude::*;
use super::file_pick::read_picked;

#[component]
pub fn PacketImport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<(Preview, StoredValue<(Incident, Option<crate::domain::Plan>)>)>);
    let message = RwSignal::new(None::<(bool, String)>);
    let pick = move |ev: leptos::ev::Event| {
        pending.set(None);
        read_picked(&ev, files::MAX_PACKET_BYTES, message, move |text| {
            match read(&text) {
                Err(e) => message.set(Some((false, crate::tf!("未导入：{0}。本机数据未做任何改动。", e)))),
                Ok(p) => {
                    let p_view = state.incidents.with_untracked(|l| preview(l.iter().find(|i| i.id() == p.incident.id()), &p.incident));
                    message.set(None);
                    pending.set(Some((p_view, StoredValue::new((p.incident, p.plan)))));
                }
            }
        });
    };
    let confirm = move |_| {
        let Some((_, incident)) = pending.get_untracked() else { return };
        let (incident, plan) = incident.get_value();
        let id = incident.id().to_string();
        // The plan version first, kept without becoming current here; a clash stops the import.
        if let Err(e) = state.keep_plans(plan.into_iter().collect()) {
            return message.set(Some((false, crate::tf!("未导入：事件包附带的预案与本机预案冲突（{0}）。本机数据未做任何改动。", e))));
        }
        match state.import_incident(incident) {
            Ok(()) => {
                pending.set(None);
                route::go(&Route::Incident(id));
            }
            Err(e) => message.set(Some((false, e))),
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
            {move || pending.get().map(|(p, _)| view! {
                <div class="notice notice-warn" data-testid="packet-preview">
                    <p><strong>{p.title.clone()}</strong>{if p.new_incident {
                        crate::tf!("：本机尚无此事件，将新增（{0} 条记录）。", p.added)
                    } else {
                        crate::tf!("：本机已有此事件，将合并 {0} 条新记录。", p.added)
                    }}</p>
                    {(!p.conflicts.is_empty()).then(|| view! {
                        <table class="ledger-table">
                            <caption>{t("两边不一致的信息（合并后以时间线中最后一次更正为准，双方记录均保留）")}</caption>
                            <thead><tr><th scope="col">{t("项目")}</th><th scope="col">{t("本机")}</th><th scope="col">{t("事件包")}</th></tr></thead>
                            // Labels and vocabulary values (period, phenomenon, yes/no) come from the domain in Chinese.
                            <tbody>{p.conflicts.into_iter().map(|(k, a, b)| view! { <tr><td>{tr(k)}</td><td>{tr(&a)}</td><td>{tr(&b)}</td></tr> }).collect_view()}</tbody>
                        </table>
                    })}
                    <div class="actions">
                        <button type="button" class="primary" data-testid="confirm-packet" on:click=confirm>{t("确认导入")}</button>
                        <button type="button" on:click=move |_| pending.set(None)>{t("取消")}</button>
                    </div>
                </div>
            })}
        </section>
    }
}
