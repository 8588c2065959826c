//! Banners that must not be missed: storage failures, unreadable entries, a
//! calendar running out, and level changes waiting to be acknowledged.

use super::app::focus_main;
use super::route::Route;
use super::state::AppState;
use crate::domain::time::{beijing_date, format_beijing};
use crate::domain::i18n::t;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let calendar_warning = move || state.calendar.with_value(|c| c.coverage_warning(beijing_date(state.now.get())));
    view! {
        <div class="notices">
            {move || {
                let errors: Vec<String> = state.storage_errors.get().into_values().collect();
                (!errors.is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert" data-testid="storage-error">
                        <strong>{t("数据未能保存：")}</strong>
                        <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || {
                let problems = state.load_problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert">
                        <strong>{t("部分已存数据无法读取，已原样保留：")}</strong>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <Quarantine/>
            {move || calendar_warning().map(|w| view! {
                <div class="notice notice-warn" role="status" data-testid="calendar-warning">{w}</div>
            })}
            <Show when=move || state.rises.with(|r| r.len() > 1)>
                <button type="button" class="dismiss-all" on:click=move |_| { state.dismiss_all_rises(); focus_main(); }>
                    {t("全部知道了")}
                </button>
            </Show>
            <For
                each=move || state.rises.get()
                key=|a| a.id.clone()
                children=move |a| {
                    let id = a.id.clone();
                    view! {
                        <div class=format!("notice notice-rise level-{}", a.level.map_or("drill", |l| l.code())) role="alert"
                            data-testid=if a.level.is_some() { "rise-alert" } else { "drill-inject" }>
                            <strong>{match a.level {
                                Some(l) => tf!("事件定级：{0}（{1}）", l.label(), l.name()),
                                None => t("演练情景推送").to_string(),
                            }}</strong>
                            " "
                            <a href=Route::Incident(a.incident_id.clone()).href()>{a.title.clone()}</a>
                            <div>{tf!("生效时间 {0}；{1}", format_beijing(a.effective_at), a.basis)}</div>
                            <button type="button" on:click=move |_| { state.dismiss_rise(&id); focus_main(); }>{t("知道了")}</button>
                        </div>
                    }
                }
            />
        </div>
    }
}

/// Unreadable values moved aside, each downloadable as it was found.
#[component]
fn Quarantine() -> impl IntoView {
    let items = crate::store::local::quarantined();
    (!items.is_empty()).then(|| view! {
        <div class="notice notice-warn" data-testid="quarantine">
            <strong>{tf!("隔离区有 {0} 项无法读取的原始数据（未删除）：", items.len())}</strong>
            <ul>{items.into_iter().map(|(key, raw)| {
                let name = format!("{}.txt", key.replace(':', "_"));
                let size = raw.len();
                view! { <li>{tf!("{0}（{1} 字节）", key, size)} " "
                    <button type="button" class="link" on:click=move |_| { let _ = crate::store::files::download(&name, "text/plain;charset=utf-8", &raw); }>{t("下载原始内容")}</button>
                </li> }
            }).collect_view()}</ul>
        </div>
    })
}
