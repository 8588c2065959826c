//! This workstation's setup: the institution's name (kept in its plan), the
//! unit, the place, the duty phone and fax that every report prints. Shown
//! on first use, in 设置, and on a report that would print them blank.

use crate::ui::widgets::field::Field;
use crate::ui::state::AppState;
use crate::domain::base::i18n::{t, tr};
use crate::domain::base::workstation::{SetupField, SetupForm};
use leptos::prelude::*;

#[component]
pub fn SetupPanel(
    /// The first-run card on the home page offers "later" as well.
    #[prop(optional)]
    first_run: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan_id = RwSignal::new(state.home_plan().id);
    let start = SetupForm::from(&state.current_plan(&plan_id.get_untracked()).institution, &state.workstation.get_untracked());
    let institution = RwSignal::new(start.institution);
    let unit = RwSignal::new(start.unit);
    let place = RwSignal::new(start.place);
    let phone = RwSignal::new(start.phone);
    let fax = RwSignal::new(start.fax);
    let errors = RwSignal::new(Vec::<(SetupField, String)>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let later = RwSignal::new(false);
    // Picking another plan shows the name that plan gives.
    Effect::new(move |prev: Option<String>| {
        let id = plan_id.get();
        if prev.is_some_and(|p| p != id) {
            institution.set(SetupForm::from(&state.current_plan(&id).institution, &state.workstation.get_untracked()).institution);
        }
        id
    });
    let error_of = move |f: SetupField| Signal::derive(move || errors.with(|e| e.iter().find(|(x, _)| *x == f).map(|(_, m)| m.clone())));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = SetupForm { institution: institution.get_untracked(), unit: unit.get_untracked(), place: place.get_untracked(), phone: phone.get_untracked(), fax: fax.get_untracked() };
        match form.validate() {
            Err(e) => {
                errors.set(e);
                message.set(Some((false, t("请按提示修改后再保存").into())));
            }
            Ok((name, w)) => {
                errors.set(Vec::new());
                match state.save_setup(&plan_id.get_untracked(), &name, w) {
                    Ok(()) => message.set(Some((true, crate::tf!("已保存：报告单将以“{0}”署名。", name)))),
                    Err(e) => message.set(Some((false, crate::tf!("未能保存：{0}", e)))),
                }
            }
        }
    };
    let input = move |id: &'static str, value: RwSignal<String>, kind: &'static str, invalid: Signal<Option<String>>| view! {
        <input type=kind id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))
            aria-invalid=move || invalid.get().is_some().then_some("true")
            aria-describedby=move || invalid.get().is_some().then(|| format!("{id}-error"))/>
    };
    let many_plans = move || state.plans(|l| l.current_plans().len() > 1);
    view! {
        <Show when=move || !later.get()>
            <form class="panel setup-panel" data-testid="setup-panel" aria-label=t("本机信息") on:submit=save>
                <h2>{if first_run { t("首次使用：填写本机信息") } else { t("本机信息") }}</h2>
                <p class="hint">{t("报告单、进展报告和总结报告以此署名并留联系方式；机构名称保存在所用预案中，与“预案 → 修改”是同一项。")}</p>
                {move || many_plans().then(|| view! { <crate::ui::plans::plan_picker::PlanPicker chosen=plan_id/> })}
                <div class="setup-grid">
                    <Field id="setup-institution" label=t("机构名称（报告署名）") error=error_of(SetupField::Institution) required=true>
                        {input("setup-institution", institution, "text", error_of(SetupField::Institution))}
                    </Field>
                    <Field id="setup-unit" label=t("本机所在单位") error=error_of(SetupField::Unit)>
                        {input("setup-unit", unit, "text", error_of(SetupField::Unit))}
                    </Field>
                    <Field id="setup-place" label=t("地点（报告单所填）") error=error_of(SetupField::Place)>
                        {input("setup-place", place, "text", error_of(SetupField::Place))}
                    </Field>
                    <Field id="setup-phone" label=t("值班电话") error=error_of(SetupField::Phone) required=true>
                        {input("setup-phone", phone, "tel", error_of(SetupField::Phone))}
                    </Field>
                    <Field id="setup-fax" label=t("传真") error=error_of(SetupField::Fax)>
                        {input("setup-fax", fax, "tel", error_of(SetupField::Fax))}
                    </Field>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="save-setup">{t("保存本机信息")}</button>
                    {first_run.then(|| view! { <button type="button" on:click=move |_| later.set(true)>{t("稍后填写")}</button> })}
                </div>
                {move || message.get().map(|(ok, m)| view! {
                    <p class=if ok { "saved" } else { "field-error" } role="status" data-testid="setup-message">{m}</p>
                })}
                {move || (!first_run).then(|| view! {
                    <p class="hint">{move || crate::tf!("当前预案中的机构名称：{0}", tr(&state.current_plan(&plan_id.get()).institution))}</p>
                })}
            </form>
        </Show>
    }
}
