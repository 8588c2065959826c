//! One incident: its level and why, the clock, the duties, what to record,
//! the timeline. The frame is built once per incident; each part follows the
//! log on its own, so a form being typed in survives new events.

use super::checklists_panel::ChecklistsPanel;
use super::closeout_panel::CloseoutPanel;
use super::facts_panel::FactsPanel;
use super::level_strip::LevelStrip;
use super::obligations_panel::ObligationsPanel;
use super::later_parts::{self, Part};
use crate::ui::drills::drill_panel::DrillPanel;
use super::record_forms::RecordForms;
use crate::ui::widgets::later::LaterPart;
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use super::timeline::Timeline;
use crate::domain::events::report_kind::ReportKind;
use crate::domain::IncidentState;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

/// A page about an incident that is not in memory: a closed incident whose log is
/// still being read from the shelf says so (and the page appears when it arrives);
/// an id this workstation has no record of is said plainly, with the way back.
pub(crate) fn not_here(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        // While the settled summaries are still coming, an id not here yet may be one of them.
        if state.settling() || state.shelved(|l| l.iter().any(|s| s.id == id)) {
            return view! { <section class="screen" data-testid="incident-reading"><p class="hint" aria-busy="true">{t("正在读取该事件的记录……")}</p></section> }.into_any();
        }
        view! {
            <section class="screen" data-testid="incident-missing">
                <h1>{t("找不到该事件")}</h1>
                <p>{t("本机没有这个事件的记录。它可能登记在另一台工作站上。")}</p>
                <a class="button" href=Route::List.href()>{t("返回事件列表")}</a>
            </section>
        }
        .into_any()
    }
}

#[component]
pub fn IncidentPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let incident = Memo::new(move |_| state.incidents(|l| id.with_value(|id| l.iter().find(|i| i.id() == id).cloned())));
    let exists = Memo::new(move |_| incident.with(Option::is_some));

    move || {
        if !exists.get() {
            return not_here(id.get_value()).into_any();
        }
        let st: Memo<IncidentState> = Memo::new(move |_| incident.with(|i| i.as_ref().map(|i| i.state())).expect("exists"));
        let events = Memo::new(move |_| incident.with(|i| i.as_ref().map(|i| i.events_shared())).unwrap_or_default());
        let plan = Memo::new(move |_| state.plan_of(&id.get_value()));
        let plan_warning = move || incident.with(|i| i.as_ref().and_then(|i| state.plans(|lib| lib.for_incident(&i.state()).1)));
        let drill = move || st.with(|s| s.drill.is_some());
        let manual_business = move || plan.with(|p| p.manual_business);
        view! {
            <section class="screen incident" data-testid="incident-page">
                <div class="incident-head">
                    <a class="back" href=Route::List.href()>{t("← 返回事件列表")}</a>
                    <h1>{move || st.with(|s| if s.drill.is_some() { tf!("【演练】{0}", s.facts.title) } else { s.facts.title.clone() })}</h1>
                    {move || drill().then(|| view! { <span class="drill-banner" data-testid="drill-banner">{t("演练 · 非真实事件")}</span> })}
                </div>
                {move || plan_warning().map(|w| view! { <p class="notice notice-warn" role="status">{w}</p> })}
                // The first screen: level and its confirmation, then the next duty. Focus lands here.
                <div id="cockpit" class="cockpit" tabindex="-1" data-testid="cockpit" aria-label=t("处置要点")>
                    <LevelStrip incident=incident st=st/>
                    <ObligationsPanel incident=incident/>
                </div>
                // Which plan (and version) the incident runs under: below the cockpit, one line.
                <p class="plan-line" data-testid="plan-line">{move || plan.with(|p| tf!("预案：《{0}》版本 {1}", tr(&p.title), p.version))}" "
                    <a href=move || Route::Plan(Some(plan.with(|p| p.key()))).href()>{t("查看预案")}</a></p>
                <nav class="incident-nav" aria-label=t("手工业务与报告")>
                    <Show when=manual_business>
                        <a class="button" data-testid="to-transfers" href=Route::Transfers(id.get_value()).href()>{t("柜面转账台账")}</a>
                        <a class="button" data-testid="to-exchange" href=Route::Exchange(id.get_value()).href()>{t("交易所出入金")}</a>
                    </Show>
                    <a class="button" data-testid="to-form" href=Route::Report(id.get_value(), ReportKind::IncidentForm, None).href()>{t("报告单")}</a>
                    <a class="button" data-testid="to-progress" href=Route::Report(id.get_value(), ReportKind::Progress, None).href()>{t("进展报告")}</a>
                    <a class="button" data-testid="to-summary" href=Route::Report(id.get_value(), ReportKind::Summary, None).href()>{t("总结报告")}</a>
                </nav>
                <Show when=drill><DrillPanel incident=incident/></Show>
                <ChecklistsPanel incident=incident/>
                <CloseoutPanel incident=incident/>
                <RecordForms incident_id=id.get_value() st=st/>
                {move || view! { <FactsPanel facts=st.with(|s| s.facts.clone()) institution=plan.with(|p| p.institution.clone())/> }}
                {move || {
                    let (hash, broken) = incident.with(|i| i.as_ref().map(|i| (
                        state.chain_head(i),
                        i.events().iter().filter_map(|e| match &e.kind {
                            crate::domain::EventKind::IntegrityBroken { position, .. } => Some(position + 1),
                            _ => None,
                        }).collect::<Vec<_>>(),
                    ))).unwrap_or_default();
                    let n = events.with(|l| l.len());
                    if broken.is_empty() {
                        view! { <p class="integrity ok" data-testid="integrity">{tf!("记录完整：{0} 条，校验值 {1}", n, crate::domain::incidents::integrity::short(&hash))}</p> }.into_any()
                    } else {
                        view! { <p class="integrity broken" role="alert" data-testid="integrity">{tf!(
                            "记录曾在应用之外被改动：第 {0} 条与保存时的校验值不符（详见时间线）。当前校验值 {1}",
                            broken.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(t("、")), crate::domain::incidents::integrity::short(&hash))}</p> }.into_any()
                    }
                }}
                <super::conflicts_panel::ConflictsPanel incident=incident/>
                <Timeline events=events print_href=Route::PrintTimeline(id.get_value()).href()/>
                <LaterPart testid="timeline-chart" what=t("事件时间图") load=move || later_parts::part(Part::TimelineChart(incident))/>
            </section>
        }
        .into_any()
    }
}
