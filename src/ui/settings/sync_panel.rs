//! Settings → 同步: the bank's CouchDB that shares incidents between workstations
//! (docs/SYNC.md). The password is kept in this tab's memory only: after a reload it
//! is typed again, and the header says so.

use crate::domain::base::i18n::t;
use crate::domain::sync::settings::SyncSettings;
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn SyncPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let stored = state.sync_settings();
    let (server, database, user) = (RwSignal::new(stored.server.clone()), RwSignal::new(stored.database.clone()), RwSignal::new(stored.user.clone()));
    let password = RwSignal::new(String::new());
    let drills = RwSignal::new(stored.share_drills);
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    // The rule found missing: an administrator may install it from here.
    let rule_missing = RwSignal::new(false);
    let settings = move || SyncSettings { server: server.get_untracked(), database: database.get_untracked(), user: user.get_untracked(), enabled: false, share_drills: drills.get_untracked() };
    let in_clear = move || {
        let s = SyncSettings { server: server.get(), database: database.get(), user: user.get(), enabled: false, share_drills: false };
        s.check().is_ok_and(|c| c.in_clear)
    };
    let test = move |_| {
        busy.set(true);
        message.set(None);
        let (s, p) = (settings(), password.get_untracked());
        leptos::task::spawn_local(async move {
            let tested = state.test_sync(s, p).await;
            rule_missing.set(matches!(tested, Err((_, true))));
            message.set(Some(match tested {
                Ok(m) => (true, m),
                Err((m, _)) => (false, m),
            }));
            busy.set(false);
        });
    };
    let install = move |_| {
        busy.set(true);
        let (s, p) = (settings(), password.get_untracked());
        leptos::task::spawn_local(async move {
            let installed = state.install_sync_rule(s, p).await;
            rule_missing.set(installed.is_err());
            message.set(Some(match installed {
                Ok(m) => (true, m),
                Err(m) => (false, m),
            }));
            busy.set(false);
        });
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(Some(match state.start_sync(settings(), password.get_untracked()) {
            Ok(()) => (true, t("同步已开启：本机的记录会上传，其他工作站的记录会自动并入。").into()),
            Err(m) => (false, m),
        }));
    };
    let stop = move |_| {
        message.set(Some(match state.stop_sync() {
            Ok(()) => (true, t("同步已停止：记录只保存在本机。").into()),
            Err(m) => (false, m),
        }));
    };
    view! {
        <h2 id="sync-heading">{t("同步（经本行 CouchDB 服务器）")}</h2>
        <p class="hint">{t("内网可用时，多台工作站共享同一事件的记录：本机记录的条目上传，其他工作站的条目自动并入。断网时照常在本机记录，恢复连接后自动补传。密码只保存在本页内存中，刷新后须重新输入。")}</p>
        // The header's line, here too: the header is out of view this far down the page.
        {move || state.sync_status.get().map(|line| view! {
            <p class=if line.ok { "notice notice-ok" } else { "notice notice-error" } data-testid="sync-panel-status">{t("当前状态：")}{line.text}</p>
        })}
        <form class="panel" aria-labelledby="sync-heading" on:submit=start>
            <div class="setup-grid">
                <div class="field"><label for="sync-server">{t("服务器地址")}</label>
                    <input id="sync-server" type="text" bind:value=server placeholder="https://couch.example.bank:6984" data-testid="sync-server"/></div>
                <div class="field"><label for="sync-database">{t("数据库")}</label>
                    <input id="sync-database" type="text" bind:value=database data-testid="sync-database"/></div>
                <div class="field"><label for="sync-user">{t("用户名")}</label>
                    <input id="sync-user" type="text" bind:value=user autocomplete="username" data-testid="sync-user"/></div>
                <div class="field"><label for="sync-password">{t("密码")}</label>
                    <input id="sync-password" type="password" bind:value=password autocomplete="current-password" data-testid="sync-password"/></div>
            </div>
            <label class="choice"><input type="checkbox" bind:checked=drills data-testid="sync-drills"/>{t("也共享演练（默认只共享真实事件）")}</label>
            {move || in_clear().then(|| view! { <p class="notice notice-warn" data-testid="sync-in-clear">{t("该地址不加密（http）：密码和记录会以明文在网络上传输。请改用 https，或经本应用所在网站转发。")}</p> })}
            <div class="actions">
                <button type="submit" class="primary" data-testid="sync-start">{t("保存并开启同步")}</button>
                <button type="button" on:click=test disabled=move || busy.get() data-testid="sync-test">{t("测试连接")}</button>
                <button type="button" on:click=stop data-testid="sync-stop">{t("停止同步")}</button>
                {move || rule_missing.get().then(|| view! {
                    <button type="button" on:click=install disabled=move || busy.get() data-testid="sync-install-rule">{t("安装记录规则（需管理员账户）")}</button>
                })}
            </div>
        </form>
        {move || message.get().map(|(ok, m)| view! { <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="alert" data-testid="sync-message">{m}</div> })}
    }
}
