//! Desktop reminders: whether they are on, and the way to turn them on after
//! the one-time offer made at sign-in was declined. The offer and this setting
//! share one remembered flag, kept here, so the offer is never made twice.

use crate::ui::browser::alarm;
use crate::domain::base::i18n::t;
use crate::ui::state::AppState;
use leptos::prelude::*;
use web_sys::NotificationPermission;

/// The setting remembering that desktop reminders were offered (accepted or not).
pub(crate) const OFFERED: &str = "notify-offered";

/// On the settings page: whether desktop reminders are on, and the way to turn
/// them on after the one-time offer was declined.
#[component]
pub fn DesktopReminderSetting() -> impl IntoView {
    let state = expect_context::<AppState>();
    let permission = RwSignal::new(alarm::permission());
    view! {
        <h2>{t("桌面提醒")}</h2>
        <p class="hint">{t("事件升级或报告、通知到期时，即使本页不在前台，桌面也会弹出提醒。")}</p>
        <p data-testid="notify-state">{move || match permission.get() {
            NotificationPermission::Granted => t("桌面提醒：已开启。"),
            NotificationPermission::Denied => t("桌面提醒：浏览器不允许本页通知。如需开启，请在浏览器的网站设置中允许。"),
            _ => t("桌面提醒：未开启。"),
        }}</p>
        <Show when=move || permission.get() == NotificationPermission::Default>
            <div class="actions">
                <button type="button" data-testid="notify-settings-accept" on:click=move |_| {
                    let _ = state.save_setting(OFFERED, &true);
                    alarm::request_permission(move |p| permission.set(p));
                }>{t("开启桌面提醒")}</button>
            </div>
        </Show>
    }
}
