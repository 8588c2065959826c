//! Restoring a backup (or an archive) into this workstation: the file checked first, what it
//! would do previewed item by item, then merged, so newer data here is never replaced. Drawn
//! inside the backup panel; in the release build it lives in a later wasm module (issue 18).

use crate::domain::base::i18n::t;
use crate::domain::files::backup::{read, Backup, RestorePlan};
use crate::ui::browser::file_pick::read_picked_as;
use crate::ui::browser::files;
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn RestoreFromBackup() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<(StoredValue<RestorePlan>, StoredValue<Backup>)>);
    let message = RwSignal::new(None::<(bool, String)>);
    let pick = move |ev: leptos::ev::Event| {
        pending.set(None);
        let refused = |why| crate::tf!("未恢复：{0}。本机数据未做任何改动。", why);
        read_picked_as(&ev, files::MAX_PACKET_BYTES, message, read, refused, move |b| {
            // Every clash is found now, before anything is confirmed.
            let plan = state.plan_backup(&b);
            message.set(None);
            pending.set(Some((StoredValue::new(plan), StoredValue::new(b))));
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
        <div class="actions">
            <label class="button file-button">{t("从备份恢复…")}
                <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="import-backup" on:change=pick/>
            </label>
        </div>
        {move || message.get().map(|(ok, m)| view! { <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="alert" data-testid="backup-message">{m}</div> })}
        {move || pending.get().map(|(plan, _)| view! { <RestorePreview plan=plan.get_value() on_confirm=confirm on_cancel=move || pending.set(None)/> })}
    }
}

/// Where the restore's button stands while its module comes: the same button, not yet
/// usable, so nothing below moves when it arrives.
pub fn placeholder() -> impl IntoView {
    view! {
        <div class="actions">
            <span class="button file-button" aria-disabled="true">{t("从备份恢复…")}</span>
        </div>
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
