//! A full backup to a file, and restoring one: checked first, previewed, and
//! merged, so newer data on this workstation is never replaced.

use super::state::AppState;
use crate::domain::backup::{export, plan_restore, read, Backup};
use crate::domain::contacts::MergePlan;
use crate::domain::packet::Preview;
use crate::domain::i18n::t;
use crate::store::files;
use leptos::prelude::*;
use super::file_pick::read_picked;

#[component]
pub fn BackupPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<(Vec<Preview>, MergePlan, StoredValue<Backup>)>);
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |_| {
        let now = super::clock::now();
        state.settle_all_pending(); // a backup carries chains: check the stored ones first
        let text = state.incidents.with_untracked(|l| state.directory.with_untracked(|d| export(l, d, &state.plans.with_untracked(|p| p.stored()), now)));
        let name = crate::tf!("应急处置台备份-{0}.json", crate::domain::time::to_beijing(now).format("%Y%m%d-%H%M"));
        if let Err(e) = files::download(&name, "application/json", &text) {
            message.set(Some((false, e)));
        }
    };
    // Archiving: the closed incidents go to a file first; only after the user
    // confirms the file is kept are they removed from this browser.
    let archived = RwSignal::new(None::<Vec<String>>);
    let archive = move |_| {
        let now = super::clock::now();
        state.settle_all_pending(); // an archive carries chains: check the stored ones first
        let closed: Vec<crate::domain::Incident> = state.incidents.with_untracked(|l| l.iter().filter(|i| i.state().closed).cloned().collect());
        if closed.is_empty() {
            return message.set(Some((false, t("没有已关闭的事件可归档").into())));
        }
        let text = state.directory.with_untracked(|d| export(&closed, d, &state.plans.with_untracked(|p| p.stored()), now));
        let name = crate::tf!("应急处置台归档-{0}.json", crate::domain::time::to_beijing(now).format("%Y%m%d-%H%M"));
        match files::download(&name, "application/json", &text) {
            Ok(()) => archived.set(Some(closed.iter().map(|i| i.id().to_string()).collect())),
            Err(e) => message.set(Some((false, e))),
        }
    };
    let drop_archived = move |_| {
        let Some(ids) = archived.get_untracked() else { return };
        match state.drop_archived(&ids) {
            Ok(n) => message.set(Some((true, crate::tf!("已从本机移除 {0} 个已归档的事件；需要时可用“从备份恢复”导入归档文件。", n)))),
            Err(e) => message.set(Some((false, e))),
        }
        archived.set(None);
    };
    let pick = move |ev: leptos::ev::Event| {
        pending.set(None);
        read_picked(&ev, files::MAX_PACKET_BYTES, message, move |text| {
            match read(&text) {
                Err(e) => message.set(Some((false, crate::tf!("未恢复：{0}。本机数据未做任何改动。", e)))),
                Ok(b) => {
                    let (previews, summary) = state.incidents.with_untracked(|l| state.directory.with_untracked(|d| plan_restore(l, d, &b)));
                    message.set(None);
                    pending.set(Some((previews, summary, StoredValue::new(b))));
                }
            }
        });
    };
    let confirm = move |_| {
        let Some((_, _, backup)) = pending.get_untracked() else { return };
        let b = backup.get_value();
        let mut failed = Vec::new();
        // Plans first: the restored incidents name their versions.
        if let Err(e) = state.keep_plans(b.plans) {
            failed.push(e);
        }
        for s in b.incidents {
            if let Err(e) = state.import_incident(s.incident) {
                failed.push(e);
            }
        }
        let mut d = state.directory.get_untracked();
        let summary = d.merge(b.directory.contacts);
        if summary.added + summary.updated > 0 {
            if let Err(e) = state.save_directory(d) {
                failed.push(e);
            }
        }
        pending.set(None);
        message.set(Some(if failed.is_empty() { (true, t("已从备份恢复（与本机数据合并）。").into()) } else { (false, failed.join(t("；"))) }));
    };
    view! {
        <section class="panel" aria-labelledby="backup-heading">
            <h2 id="backup-heading">{t("备份与恢复")}</h2>
            <p class="hint">{t("备份包含本机全部事件（带校验值）、通讯录和本机修改或导入的预案版本。恢复时与本机数据合并，不会覆盖本机较新的记录。")}</p>
            <div class="actions">
                <button type="button" data-testid="export-backup" on:click=save>{t("导出完整备份")}</button>
                <button type="button" data-testid="archive-closed" on:click=archive>{t("归档已关闭的事件…")}</button>
                <label class="button file-button">{t("从备份恢复…")}
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-backup" on:change=pick/>
                </label>
            </div>
            {move || message.get().map(|(ok, m)| view! { <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="alert" data-testid="backup-message">{m}</div> })}
            {move || archived.get().map(|ids| view! {
                <div class="notice notice-warn" data-testid="archive-confirm">
                    <p>{crate::tf!("已生成 {0} 个已关闭事件的归档文件。请确认文件已妥善保存（如复制到 U 盘），再从本机移除。", ids.len())}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="confirm-archive" on:click=drop_archived>{t("归档文件已保存，从本机移除")}</button>
                        <button type="button" on:click=move |_| archived.set(None)>{t("暂不移除")}</button>
                    </div>
                </div>
            })}
            {move || pending.get().map(|(previews, summary, _)| view! {
                <div class="notice notice-warn" data-testid="backup-preview">
                    <p>{t("将要恢复：")}</p>
                    <ul>{previews.into_iter().map(|p| view! { <li>{crate::tf!("{0}：{1}{2}", p.title,
                        if p.new_incident { crate::tf!("新增（{0} 条记录）", p.added) } else { crate::tf!("合并 {0} 条新记录", p.added) },
                        if p.conflicts.is_empty() { String::new() } else { crate::tf!("；{0} 项信息与本机不一致，双方记录均保留", p.conflicts.len()) })}</li> }).collect_view()}</ul>
                    <p data-testid="backup-contacts">{if summary.is_empty() { t("通讯录：无变化。").to_string() } else { crate::tf!("通讯录：新增 {0} 人，更新 {1} 人。", summary.added.len(), summary.changed.len()) }}</p>
                    <super::contacts_page::MergePreview plan=summary/>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="confirm-backup" on:click=confirm>{t("确认恢复")}</button>
                        <button type="button" on:click=move |_| pending.set(None)>{t("取消")}</button>
                    </div>
                </div>
            })}
        </section>
    }
}
