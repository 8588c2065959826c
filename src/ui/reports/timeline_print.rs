//! The 处置时间线 for paper: who, level and state at the top, the incident's time
//! chart, every entry with when it happened, when it was recorded and by whom,
//! and at the end the record chain's last link with the number of entries, so a
//! paper copy can be checked against the record. A4 portrait, numbered pages
//! (style/main.css: named pages per language; the log's head repeats on each page).
//!
//! In the screen's language, like the incident page it is printed from: it is the
//! desk's own working record (handed over between shifts, put before the command
//! group), not a document sent to a Chinese counterparty, and its entries are the
//! timeline's words, which follow the screen language there too.

use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::ui::incident::timeline::{author_text, detail, in_order, plan_of_log};
use crate::ui::incident::timeline_chart::TimelineChart;
use crate::domain::events::event::{Author, EventKind};
use crate::domain::base::i18n::t;
use crate::domain::incidents::integrity::{final_hash, short};
use crate::domain::base::level::level_label;
use crate::domain::base::time::{beijing_date, format_beijing, format_day, to_beijing};
use crate::domain::{Incident, IncidentState};
use crate::tf;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A date over its time, so two time columns fit a portrait page in either language.
fn when(at: DateTime<Utc>) -> impl IntoView {
    view! { <span class="day">{format_day(beijing_date(at))}</span> " " <span class="hms">{to_beijing(at).format("%H:%M:%S").to_string()}</span> }
}

/// The state in words, as the incident list says it.
fn state_words(s: &IncidentState) -> &'static str {
    match (s.drill.is_some(), s.closed, s.is_open()) {
        (true, true, _) => t("演练已结束"),
        (true, false, _) => t("演练中"),
        (false, _, true) => t("处置中"),
        (false, true, false) => t("已关闭"),
        (false, false, false) => t("已恢复（后续处置中）"),
    }
}

fn level_words(s: &IncidentState) -> String {
    let Some(level) = s.level else { return level_label(None).to_string() };
    let since = s.level_since.map(format_beijing).unwrap_or_default();
    if s.unconfirmed.is_some() {
        tf!("{0}（{1}），{2} 起，尚未确认", level.label(), level.name(), since)
    } else {
        tf!("{0}（{1}），{2} 起", level.label(), level.name(), since)
    }
}

#[component]
pub fn TimelinePrint(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let incident: Memo<Option<Incident>> = Memo::new(move |_| state.incidents(|l| id.with_value(|id| l.iter().find(|i| i.id() == id).cloned())));
    let exists = Memo::new(move |_| incident.with(Option::is_some));
    move || {
        if !exists.get() {
            return crate::ui::incident::incident_page::not_here(id.get_value()).into_any();
        }
        let st: Memo<IncidentState> = Memo::new(move |_| incident.with(|i| i.as_ref().map(Incident::state)).expect("exists"));
        sheet(state, id, incident, st)
    }
}

fn sheet(state: AppState, id: StoredValue<String>, incident: Memo<Option<Incident>>, st: Memo<IncidentState>) -> AnyView {
    // As named in setup; blank, never "本行", until it is.
    let institution = move || state.sender_for(&id.get_value()).institution.unwrap_or_default();
    let drill = move || st.with(|s| s.drill.is_some());
    let title = move || st.with(|s| if s.drill.is_some() { tf!("【演练】{0}", s.facts.title) } else { s.facts.title.clone() });
    let printed_at = move || {
        let at = format_beijing(state.now_for(&id.get_value()));
        if drill() { tf!("{0}（演练时间）", at) } else { tf!("{0}（北京时间）", at) }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let entries = move || {
        incident.with(|i| {
            let i = i.as_ref()?;
            let plan = plan_of_log(&state, i.events());
            // Numbered in log order, the order the chain links them, shown in the order things happened.
            let position = |event_id: &str| i.events().iter().position(|e| e.id == event_id).map_or(0, |p| p + 1);
            Some(in_order(i.events().to_vec()).into_iter().map(|e| {
                let late = e.is_late_entry() && e.author != Author::system();
                let document = matches!(e.kind, EventKind::ReportEdited { .. }).then_some("zh-CN");
                view! {
                    <tr data-testid="print-entry">
                        <td class="num">{position(&e.id)}</td>
                        <td class="when">{when(e.occurred_at)}</td>
                        <td class="when">{when(e.recorded_at)}{late.then(|| view! { <span class="late">{t("补录")}</span> })}</td>
                        <td class="what"><strong>{e.kind.title()}</strong><p lang=document>{detail(&e.kind, &plan)}</p></td>
                        <td class="who">{author_text(&e.author)}</td>
                    </tr>
                }
            }).collect_view())
        })
    };
    // The chain's last link and the count, as the incident page's integrity line gives them.
    let chain = move || {
        incident.with(|i| {
            let i = i.as_ref()?;
            let hash = final_hash(i);
            let broken: Vec<String> = i.events().iter().filter_map(|e| match &e.kind {
                EventKind::IntegrityBroken { position, .. } => Some((position + 1).to_string()),
                _ => None,
            }).collect();
            Some(view! {
                <section class="chain-check" data-testid="chain-check" aria-labelledby="chain-check-heading">
                    <h2 id="chain-check-heading">{t("记录核对")}</h2>
                    <p class="chain-line">{tf!("共 {0} 条记录；记录链末条校验值 {1}", i.events().len(), short(&hash))}</p>
                    <p class="chain-full">{tf!("完整校验值：{0}", hash)}</p>
                    {(!broken.is_empty()).then(|| view! { <p class="broken" role="alert">{tf!(
                        "记录曾在应用之外被改动：第 {0} 条与保存时的校验值不符（详见时间线）。当前校验值 {1}", broken.join(t("、")), short(&hash))}</p> })}
                    <p class="hint">{t("核对：在应急处置台打开本事件，事件页“记录完整”一行的条数和校验值应与此相同；不同即说明打印之后又有记录，或记录被改动。")}</p>
                </section>
            })
        })
    };

    view! {
        <section class="screen timeline-print" data-testid="timeline-print">
            <div class="actions no-print">
                <a class="back" data-testid="back-to-incident" href=Route::Incident(id.get_value()).href()>{t("← 返回事件")}</a>
                <button type="button" class="primary" data-testid="print" on:click=print>{t("打印")}</button>
                <span class="hint">{t("A4 纵向；每页有页码，最后一页是记录核对。")}</span>
            </div>
            <article class="print-sheet">
                <header class="print-head">
                    <p class="print-institution" data-testid="print-institution">{institution}</p>
                    <h1>{t("处置时间线")}</h1>
                    {move || drill().then(|| view! { <p class="drill-banner">{t("演练 · 非真实事件")}</p> })}
                    <dl class="print-facts">
                        <dt>{t("label\u{4}事件")}</dt><dd data-testid="print-title">{title}</dd>
                        <dt>{t("级别")}</dt><dd data-testid="print-level">{move || st.with(level_words)}</dd>
                        <dt>{t("状态")}</dt><dd data-testid="print-state">{move || st.with(state_words)}</dd>
                        <dt>{t("打印时间")}</dt><dd data-testid="printed-at">{printed_at}</dd>
                        <dt>{t("打印人")}</dt><dd data-testid="printed-by">{move || { state.operator.track(); author_text(&state.author()) }}</dd>
                    </dl>
                </header>
                <TimelineChart incident=incident/>
                <section class="print-entries" aria-labelledby="print-entries-heading">
                    <h2 id="print-entries-heading">{t("全部记录")}</h2>
                    <table class="print-log" data-testid="print-log">
                        <thead>
                            // Repeated at the top of every printed page the log runs over (shown on paper only).
                            <tr class="running-head"><th colspan="5">{move || if institution().is_empty() { tf!("{0} · 处置时间线", title()) } else { tf!("{0} · {1} · 处置时间线", institution(), title()) }}</th></tr>
                            <tr>
                            <th scope="col" class="num">{t("序号")}</th>
                            <th scope="col">{t("col\u{4}发生时间")}</th>
                            <th scope="col">{t("col\u{4}记录时间")}</th>
                            <th scope="col">{t("事项")}</th>
                            <th scope="col">{t("记录人")}</th>
                        </tr>
                        </thead>
                        <tbody>{entries}</tbody>
                    </table>
                </section>
                {chain}
            </article>
        </section>
    }
    .into_any()
}
