//! A full backup to a file, and archiving closed incidents: in the first wasm module, since
//! when storage is full these are how space is made. Restoring one (backup_restore.rs) is
//! given as the panel's children: the list draws it from a later module (issue 18).

use crate::ui::state::AppState;
use crate::domain::files::backup::export;
use crate::domain::base::i18n::t;
use crate::ui::browser::files;
use leptos::prelude::*;

#[component]
pub fn BackupPanel(children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
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
    view! {
        <section class="panel" aria-labelledby="backup-heading">
            <h2 id="backup-heading">{t("备份与恢复")}</h2>
            <p class="hint">{t("备份包含本机全部事件（带校验值）、通讯录和本机修改或导入的预案版本。恢复时与本机数据合并，不会覆盖本机较新的记录。")}</p>
            <div class="actions">
                <button type="button" data-testid="export-backup" on:click=save>{t("导出完整备份")}</button>
                <button type="button" data-testid="archive-closed" on:click=archive>{t("归档已关闭的事件…")}</button>
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
            {children()}
        </section>
    }
}
