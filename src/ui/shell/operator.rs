//! Who is at this workstation: every entry is signed with the typed name and
//! unit/role. Separately, 我的角色 picks one of the plans' roles, whose duties
//! come first and are tagged 我的; sign-in picks it from the typed unit when that
//! names a role. Right after sign-in, desktop reminders are offered once.

use crate::ui::browser::alarm;
use crate::ui::settings::desktop_reminder::OFFERED;
use crate::ui::state::AppState;
use crate::domain::Author;
use crate::domain::base::i18n::{t, tr};
use leptos::prelude::*;
use web_sys::NotificationPermission;

/// The plan role a typed unit/role names, across the current plans: the longest name wins.
fn role_from_typed(state: &AppState, typed: &str) -> Option<String> {
    state.plans_untracked(|lib| {
        lib.current_plans()
            .into_iter()
            .filter_map(|p| p.role_named(typed).map(|r| (r.name.chars().count(), r.id.clone())))
            .rev()
            .max_by_key(|(len, _)| *len)
            .map(|(_, id)| id)
    })
}

#[component]
pub fn OperatorBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let editing = RwSignal::new(state.operator.get_untracked().name.trim().is_empty());
    let name = RwSignal::new(state.operator.get_untracked().name);
    let role = RwSignal::new(state.operator.get_untracked().role);
    let error = RwSignal::new(None::<&'static str>);
    let notifications = RwSignal::new(alarm::permission());
    let offered = RwSignal::new(state.setting::<bool>(OFFERED).unwrap_or(false));
    let settle_offer = move |accept: bool| {
        // Remembered either way: the offer is made once. Settings keeps a way back.
        let _ = state.save_setting(OFFERED, &true);
        offered.set(true);
        if accept {
            alarm::request_permission(move |p| notifications.set(p));
        }
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            error.set(Some(t("请填写姓名，所有记录都将以此署名")));
            return;
        }
        error.set(None);
        let typed = role.get_untracked().trim().to_string();
        // A unit/role that names one of the plans' roles also says whose duties come first.
        if let Some(id) = role_from_typed(&state, &typed) {
            state.set_my_role(Some(id));
        }
        state.set_operator(Author { name: n, role: typed });
        editing.set(false);
        crate::ui::browser::focus::focus_main();
        // Focusing the screen scrolls the header away; keep it in view while it makes its one offer.
        if !offered.get_untracked() && notifications.get_untracked() == NotificationPermission::Default {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    };

    view! {
        <div class="operator">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <span>{t("当前操作人：")} <strong data-testid="operator-name">{move || state.operator.get().name}</strong>
                        {move || { let r = state.operator.get().role; (!r.is_empty()).then(|| crate::tf!("（{0}）", r)) }}
                    </span>
                    <button type="button" class="link" on:click=move |_| editing.set(true)>{t("更换")}</button>
                    <label class="my-role">{t("我的角色")}
                        <select data-testid="my-role" aria-describedby="my-role-hint" on:change=move |ev| {
                            let code = event_target_value(&ev);
                            state.set_my_role((!code.is_empty()).then_some(code));
                        }>
                            <option value="" selected=move || state.my_role.get().is_none()>{t("（未设置）")}</option>
                            // A role id shared by two plans (e.g. leadership) is offered once, under the first.
                            {move || state.plans(|lib| {
                                let mut seen = std::collections::BTreeSet::new();
                                lib.current_plans().into_iter().map(|p| {
                                let roles: Vec<_> = p.roles.iter().filter(|r| seen.insert(r.id.clone())).cloned().collect();
                                view! {
                                    <optgroup label=tr(&p.title)>
                                        {roles.into_iter().map(|r| {
                                            let id = r.id.clone();
                                            view! { <option value=r.id.clone() selected=move || state.my_role.get().as_deref() == Some(id.as_str())>{tr(&r.name)}</option> }
                                        }).collect_view()}
                                    </optgroup>
                                }
                            }).collect_view()})}
                        </select>
                    </label>
                    <span class="hint my-role-hint" id="my-role-hint">{t("该预案角色的职责排在最前并标“我的”；记录仍以上面的单位/角色署名。")}</span>
                }
            >
                <form class="operator-form" on:submit=save aria-label=t("签到")>
                    <span class="ask">{t("请先签到，所有记录将以此署名：")}</span>
                    <label>{t("姓名")}
                        <input type="text" name="operator-name" autocomplete="name" required
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <label>{t("单位/角色（用于署名）")}
                        <input type="text" name="operator-role" placeholder=t("如：总行应急处置工作小组")
                            prop:value=move || role.get() on:input=move |ev| role.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit">{t("确定")}</button>
                    {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                </form>
            </Show>
            <Show when=move || !editing.get() && !offered.get() && notifications.get() == NotificationPermission::Default>
                <div class="notify-offer" role="group" aria-labelledby="notify-offer-why" data-testid="notify-offer">
                    <span id="notify-offer-why">{t("事件升级或报告、通知到期时，即使本页不在前台，桌面也会弹出提醒。")}</span>
                    <button type="button" class="primary" data-testid="notify-accept" on:click=move |_| settle_offer(true)>{t("开启桌面提醒")}</button>
                    <button type="button" data-testid="notify-decline" on:click=move |_| settle_offer(false)>{t("暂不开启")}</button>
                </div>
            </Show>
        </div>
    }
}
