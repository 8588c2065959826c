//! Who is at this workstation: every entry is signed with this name and role.

use super::alarm;
use super::state::AppState;
use crate::domain::Author;
use crate::domain::i18n::{t, tr};
use leptos::prelude::*;
use web_sys::NotificationPermission;

#[component]
pub fn OperatorBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let editing = RwSignal::new(state.operator.get_untracked().name.trim().is_empty());
    let name = RwSignal::new(state.operator.get_untracked().name);
    let role = RwSignal::new(state.operator.get_untracked().role);
    let error = RwSignal::new(None::<&'static str>);
    let notifications = RwSignal::new(alarm::permission());

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            error.set(Some(t("请填写姓名，所有记录都将以此署名")));
            return;
        }
        error.set(None);
        state.set_operator(Author { name: n, role: role.get_untracked().trim().to_string() });
        editing.set(false);
        super::app::focus_main();
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
                        <select data-testid="my-role" on:change=move |ev| {
                            let code = event_target_value(&ev);
                            state.set_my_role((!code.is_empty()).then_some(code));
                        }>
                            <option value="" selected=move || state.my_role.get().is_none()>{t("（未设置）")}</option>
                            // A role id shared by two plans (e.g. leadership) is offered once, under the first.
                            {move || state.plans.with(|lib| {
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
                }
            >
                <form class="operator-form" on:submit=save aria-label=t("签到")>
                    <span class="ask">{t("请先签到，所有记录将以此署名：")}</span>
                    <label>{t("姓名")}
                        <input type="text" name="operator-name" autocomplete="name" required
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <label>{t("单位/角色")}
                        <input type="text" name="operator-role" placeholder=t("如：总行应急处置工作小组")
                            prop:value=move || role.get() on:input=move |ev| role.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit">{t("确定")}</button>
                    {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                </form>
            </Show>
            <Show when=move || notifications.get() == NotificationPermission::Default>
                <button type="button" class="link" on:click=move |_| {
                    alarm::request_permission(move |p| notifications.set(p));
                }>{t("开启桌面通知")}</button>
            </Show>
        </div>
    }
}
