//! Banners that must not be missed: storage failures, unreadable entries,
//! and level rises waiting to be acknowledged.

use super::state::AppState;
use super::route::Route;
use crate::domain::time::format_beijing;
use leptos::prelude::*;

#[component]
pub fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="notices">
            {move || state.storage_error.get().map(|msg| view! {
                <div class="notice notice-error" role="alert" data-testid="storage-error">
                    <strong>"数据未能保存："</strong>{msg}
                </div>
            })}
            {move || {
                let problems = state.load_problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert">
                        <strong>"部分已存数据无法读取，已原样保留："</strong>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <For
                each=move || state.rises.get()
                key=|a| a.id.clone()
                children=move |a| {
                    let id = a.id.clone();
                    view! {
                        <div class=format!("notice notice-rise level-{}", a.level.code()) role="alert" data-testid="rise-alert">
                            <strong>{format!("事件定级：{}（{}）", a.level.label(), a.level.name())}</strong>
                            " "
                            <a href=Route::Incident(a.incident_id.clone()).href()>{a.title.clone()}</a>
                            <div>{format!("生效时间 {}；{}", format_beijing(a.effective_at), a.basis)}</div>
                            <button type="button" on:click=move |_| state.dismiss_rise(&id)>"知道了"</button>
                        </div>
                    }
                }
            />
        </div>
    }
}
