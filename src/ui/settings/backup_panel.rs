//! A full backup to a file, and restoring one: checked first, previewed, and
//! merged, so newer data on this workstation is never replaced.

use crate::ui::state::AppState;
use crate::domain::files::backup::{export, read, Backup, RestorePlan};
use crate::domain::base::i18n::t;
use crate::ui::browser::files;
use leptos::prelude::*;
use crate::ui::browser::file_pick::{picked_name, read_picked};

#[component]
pub fn BackupPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<(StoredValue<RestorePlan>, StoredValue<Backup>)>);
    let message = RwSignal::new(None::<(bool, String)>);
    // Closed incidents' logs are read when a backup or an archive needs them; the file
    // is then made as soon as they are all in (the button need not be pressed again).
    let waiting_for = RwSignal::new(None::<bool>);
    let save = move || {
        if !state.need_all() {
            waiting_for.set(Some(true));
            return message.set(Some((false, t("正在读取较早的事件记录，请稍候几秒再导出。").into())));
        }
        let now = crate::ui::browser::clock::now();
        state.settle_all_pending(); // a backup carries chains: check the stored ones first
        let text = state.incidents_untracked(|l| state.directory_untracked(|d| export(l, d, &state.plans_untracked(|p| p.stored()), now)));
        let name = crate::tf!("应急处置台备份-{0}.json", crate::domain::base::time::to_beijing(now).format("%Y%m%d-%H%M"));
        if let Err(e) = files::download(&name, "application/json", &text) {
            message.set(Some((false, e)));
        }
    };
    // Archiving: the closed incidents go to a file first; only after the user
    // confirms the file is kept are they removed from this browser.
    let archived = RwSignal::new(None::<Vec<String>>);
    let archive = move || {
        if !state.need_all() {
            waiting_for.set(Some(false));
            return message.set(Some((false, t("正在读取较早的事件记录，请稍候几秒再导出。").into())));
        }
        let now = crate::ui::browser::clock::now();
        state.settle_all_pending(); // an archive carries chains: check the stored ones first
        let closed: Vec<crate::domain::Incident> = state.incidents_untracked(|l| l.iter().filter(|i| i.state().closed).cloned().collect());
        if closed.is_empty() {
            return message.set(Some((false, t("没有已关闭的事件可归档").into())));
        }
        let text = state.directory_untracked(|d| export(&closed, d, &state.plans_untracked(|p| p.stored()), now));
        let name = crate::tf!("应急处置台归档-{0}.json", crate::domain::base::time::to_beijing(now).format("%Y%m%d-%H%M"));
        match files::download(&name, "application/json", &text) {
            Ok(()) => archived.set(Some(closed.iter().map(|i| i.id().to_string()).collect())),
            Err(e) => message.set(Some((false, e))),
        }
    };
    Effect::new(move |_| {
        if state.all_loaded() {
            if let Some(backup) = waiting_for.get_untracked() {
                waiting_for.set(None);
                message.set(None);
                if backup { save() } else { archive() }
            }
        }
    });
    let save = move |_| save();
    let archive = move |_| archive();
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
        let name = picked_name(&ev);
        read_picked(&ev, files::MAX_PACKET_BYTES, message, move |text| {
            match read(&text) {
                Err(e) => message.set(Some((false, crate::tf!("未恢复：{0}。本机数据未做任何改动。", crate::tf!("{0}（文件 {1}）", e, name))))),
                Ok(b) => {
                    // Every clash is found now, before anything is confirmed.
                    let plan = state.plan_backup(&b);
                    message.set(None);
                    pending.set(Some((StoredValue::new(plan), StoredValue::new(b))));
                }
            }
        });
    };
    let confirm = move |_| {
        let Some((_, backup)) = pending.get_untracked() else { return };
        // Worked out again against what is here now (another tab may have written since).
        let plan = backup.with_value(|b| state.plan_backup(b));
        pending.set(None);
        message.set(Some(state.apply_restore(&plan)));
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
            {move || pending.get().map(|(plan, _)| view! { <RestorePreview plan=plan.get_value() on_confirm=confirm on_cancel=move || pending.set(None)/> })}
        </section>
    }
}

/// What a restore will do, item by item, and whatever stops it: then nothing is
/// restored and the confirm button is off.
#[component]
fn RestorePreview(plan: RestorePlan, on_confirm: impl Fn(leptos::ev::MouseEvent) + 'static, on_cancel: impl Fn() + 'static) -> impl IntoView {
    let blocked = !plan.blockers.is_empty();
    let nothing = plan.writes().is_empty();
    let contacts = plan.contacts;
    view! {
        <div class="notice notice-warn" data-testid="backup-preview">
            <p>{t("将要恢复：")}</p>
            <ul>
                {plan.incidents.iter().map(|s| {
                    let p = &s.preview;
                    let what = if p.new_incident { crate::tf!("新增（{0} 条记录）", p.added) } else { crate::tf!("合并 {0} 条新记录", p.added) };
                    let facts = if p.conflicts.is_empty() { String::new() } else { crate::tf!("；{0} 项信息与本机不一致，双方记录均保留", p.conflicts.len()) };
                    let entries = if s.conflicts == 0 { String::new() } else { crate::tf!("；{0} 条记录与本机同号而内容不同，将记为冲突，双方均保留", s.conflicts) };
                    view! { <li>{crate::tf!("{0}：{1}{2}", p.title.clone(), what, format!("{facts}{entries}"))}</li> }
                }).collect_view()}
                {plan.plans.iter().map(|(key, new)| view! { <li>{if *new { crate::tf!("预案版本 {0}：新增", key) } else { crate::tf!("预案版本 {0}：本机已有，相同", key) }}</li> }).collect_view()}
            </ul>
            {contacts.map(|c| view! {
                <p data-testid="backup-contacts">{if c.is_empty() { t("通讯录：无变化。").to_string() } else { crate::tf!("通讯录：新增 {0} 人，更新 {1} 人。", c.added.len(), c.changed.len()) }}</p>
                <super::contacts_page::MergePreview plan=c/>
            })}
            {blocked.then(|| view! {
                <div class="notice notice-error" role="alert" data-testid="backup-clash">
                    <p><strong>{t("有冲突，不能恢复：整份文件都不会写入，本机数据不会改动。")}</strong></p>
                    <ul>{plan.blockers.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!blocked && nothing).then(|| view! { <p data-testid="backup-nothing">{t("文件中的内容本机均已有，恢复不会改动任何数据。")}</p> })}
            {(!blocked && !nothing).then(|| view! { <p class="hint">{t("确认后全部写入；如中途写入失败，已写入的部分会撤回，本机数据保持恢复前的样子。")}</p> })}
            <div class="actions">
                // Blocked: there is nothing to confirm, only to close.
                {(!blocked).then(|| view! { <button type="button" class="primary" data-testid="confirm-backup" on:click=on_confirm>{t("确认恢复")}</button> })}
                <button type="button" data-testid="cancel-backup" on:click=move |_| on_cancel()>{if blocked { t("关闭") } else { t("取消") }}</button>
            </div>
        </div>
    }
}
