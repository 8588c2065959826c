//! Turning the passphrase lock on or off: records encrypted at rest
//! (AES-256-GCM, key from PBKDF2), locked again after a set idle time.

use crate::ui::state::AppState;
use crate::domain::base::seal::{Lock, ITERATIONS};
use crate::domain::base::i18n::t;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on = RwSignal::new(state.lock_record().is_some());
    let (pass, again, idle) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new("15".to_string()));
    let message = RwSignal::new(None::<(bool, String)>);
    let enable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let minutes = match idle.get_untracked().trim().parse::<u32>() {
            Ok(m) if (1..=240).contains(&m) => m,
            _ => return message.set(Some((false, t("自动锁定时间应为 1 至 240 分钟").into()))),
        };
        let (salt, nonce) = state.lock_randomness();
        match Lock::create(&pass.get_untracked(), &again.get_untracked(), salt, nonce, minutes, ITERATIONS) {
            Err(e) => message.set(Some((false, e.to_string()))),
            Ok(pair) => match state.reseal(Some(pair)) {
                Ok(()) => {
                    on.set(true);
                    pass.set(String::new());
                    again.set(String::new());
                    message.set(Some((true, tf!("口令锁已开启：本机记录已加密保存，{0} 分钟无操作将自动锁定。请牢记口令，遗忘后数据无法恢复。", minutes))));
                }
                Err(e) => message.set(Some((false, e))),
            },
        }
    };
    let disable = move |_| match state.reseal(None) {
        Ok(()) => {
            on.set(false);
            message.set(Some((true, t("口令锁已关闭，本机记录改为明文保存。").into())));
        }
        Err(e) => message.set(Some((false, e))),
    };
    view! {
        <section class="screen">
            <h1>{t("设置")}</h1>
            <super::setup_form::SetupPanel/>
            <super::language_setting::LanguageSetting/>
            <super::desktop_reminder::DesktopReminderSetting/>
            <super::sync_panel::SyncPanel/>
            <h2>{t("口令锁")}</h2>
            <p class="hint">{t("开启后，本机保存的事件记录和通讯录均加密（AES-256-GCM，口令经 PBKDF2 派生密钥），打开应用须输入口令；一段时间无操作自动锁定。口令只在本机使用，不会发送到任何地方。")}</p>
            {move || message.get().map(|(ok, m)| view! { <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="alert" data-testid="lock-message">{m}</div> })}
            {move || if on.get() {
                view! { <div class="actions"><span data-testid="lock-state">{t("口令锁：已开启")}</span>
                    <button type="button" data-testid="disable-lock" on:click=disable>{t("关闭口令锁")}</button></div> }.into_any()
            } else {
                view! {
                    <form class="panel" on:submit=enable aria-label=t("开启口令锁")>
                        <label for="lock-pass">{t("口令（至少 8 个字符）")}</label>
                        <input type="password" id="lock-pass" autocomplete="new-password" prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev))/>
                        <label for="lock-again">{t("再次输入口令")}</label>
                        <input type="password" id="lock-again" autocomplete="new-password" prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
                        <label for="lock-idle">{t("无操作自动锁定（分钟）")}</label>
                        <input type="text" inputmode="numeric" id="lock-idle" prop:value=move || idle.get() on:input=move |ev| idle.set(event_target_value(&ev))/>
                        <div class="actions"><button type="submit" class="primary" data-testid="enable-lock">{t("开启口令锁")}</button></div>
                    </form>
                }.into_any()
            }}
        </section>
    }
}
