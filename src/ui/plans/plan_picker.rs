//! Which plan a plan-wide screen (call tree, paper pack, plan viewer) shows.

use crate::ui::state::AppState;
use crate::domain::base::i18n::{t, tr};
use leptos::prelude::*;

/// A select of the current version of every plan.
#[component]
pub fn PlanPicker(chosen: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plans = move || state.plans(|lib| lib.current_plans().into_iter().map(|p| (p.id.clone(), crate::tf!("{0}（版本 {1}）", tr(&p.title), p.version))).collect::<Vec<_>>());
    view! {
        <label class="plan-picker no-print">{t("预案 ")}
            <select data-testid="plan-picker" on:change=move |ev| chosen.set(event_target_value(&ev))>
                {move || plans().into_iter().map(|(id, name)| {
                    let selected = chosen.get_untracked() == id;
                    view! { <option value=id selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
