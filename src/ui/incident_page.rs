//! One incident: its level and why, the clock, the duties, what to record,
//! the timeline. The frame is built once per incident; each part follows the
//! log on its own, so a form being typed in survives new events.

use super::checklists_panel::ChecklistsPanel;
use super::closeout_panel::CloseoutPanel;
use super::drill_panel::DrillPanel;
use super::facts_panel::FactsPanel;
use super::level_badge::LevelBadge;
use super::obligations_panel::ObligationsPanel;
use super::record_forms::RecordForms;
use super::route::Route;
use super::state::AppState;
use super::timeline::Timeline;
use crate::domain::classification::{in_service_hours, upcoming_rise, Upcoming};
use crate::domain::level::{level_label, Level};
use crate::domain::time::{format_beijing, format_clock, format_duration};
use crate::domain::report::ReportKind;
use crate::domain::IncidentState;
use crate::domain::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn IncidentPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let incident = Memo::new(move |_| state.incidents.with(|l| id.with_value(|id| l.iter().find(|i| i.id() == id).cloned())));
    let exists = Memo::new(move |_| incident.with(Option::is_some));

    move || {
        if !exists.get() {
            return view! {
                <section class="screen">
                    <h1>{t("找不到该事件")}</h1>
                    <p>{t("本机没有这个事件的记录。它可能登记在另一台工作站上。")}</p>
                    <a class="button" href=Route::List.href()>{t("返回事件列表")}</a>
                </section>
            }
            .into_any();
        }
        let st: Memo<IncidentState> = Memo::new(move |_| incident.with(|i| i.as_ref().map(|i| i.state())).expect("exists"));
        let events = Memo::new(move |_| incident.with(|i| i.as_ref().map(|i| i.events().to_vec())).unwrap_or_default());
        let plan = Memo::new(move |_| state.plan_of(&id.get_value()));
        let plan_warning = move || incident.with(|i| i.as_ref().and_then(|i| state.plans.with(|lib| lib.for_incident(&i.state()).1)));
        let drill = move || st.with(|s| s.drill.is_some());
        let manual_business = move || plan.with(|p| p.manual_business);
        view! {
            <section class="screen incident" data-testid="incident-page">
                <a class="back" href=Route::List.href()>{t("← 返回事件列表")}</a>
                {move || drill().then(|| view! { <p class="drill-banner" data-testid="drill-banner">{t("演练 · 非真实事件")}</p> })}
                <h1>{move || st.with(|s| if s.drill.is_some() { tf!("【演练】{0}", s.facts.title) } else { s.facts.title.clone() })}</h1>
                <p class="plan-line" data-testid="plan-line">{move || plan.with(|p| tf!("预案：《{0}》版本 {1}", tr(&p.title), p.version))}" "
                    <a href=move || Route::Plan(Some(plan.with(|p| p.key()))).href()>{t("查看预案")}</a></p>
                {move || plan_warning().map(|w| view! { <p class="notice notice-warn" role="status">{w}</p> })}
                <nav class="incident-nav" aria-label=t("手工业务与报告")>
                    <Show when=manual_business>
                        <a class="button" data-testid="to-transfers" href=Route::Transfers(id.get_value()).href()>{t("柜面转账台账")}</a>
                        <a class="button" data-testid="to-exchange" href=Route::Exchange(id.get_value()).href()>{t("交易所出入金")}</a>
                    </Show>
                    <a class="button" data-testid="to-form" href=Route::Report(id.get_value(), ReportKind::IncidentForm).href()>{t("报告单")}</a>
                    <a class="button" data-testid="to-progress" href=Route::Report(id.get_value(), ReportKind::Progress).href()>{t("进展报告")}</a>
                    <a class="button" data-testid="to-summary" href=Route::Report(id.get_value(), ReportKind::Summary).href()>{t("总结报告")}</a>
                </nav>
                <Show when=drill><DrillPanel incident=incident/></Show>
                <StatusStrip incident=incident st=st/>
                <ObligationsPanel incident=incident/>
                <ChecklistsPanel incident=incident/>
                <CloseoutPanel incident=incident/>
                <RecordForms incident_id=id.get_value() st=st/>
                {move || view! { <FactsPanel facts=st.with(|s| s.facts.clone()) institution=plan.with(|p| p.institution.clone())/> }}
                {move || {
                    let (hash, broken) = incident.with(|i| i.as_ref().map(|i| (
                        crate::store::local::chain_of(i).pop().unwrap_or_default(),
                        i.events().iter().filter_map(|e| match &e.kind {
                            crate::domain::EventKind::IntegrityBroken { position, .. } => Some(position + 1),
                            _ => None,
                        }).collect::<Vec<_>>(),
                    ))).unwrap_or_default();
                    let n = events.with(Vec::len);
                    if broken.is_empty() {
                        view! { <p class="integrity ok" data-testid="integrity">{tf!("记录完整：{0} 条，校验值 {1}", n, crate::domain::integrity::short(&hash))}</p> }.into_any()
                    } else {
                        view! { <p class="integrity broken" role="alert" data-testid="integrity">{tf!(
                            "记录曾在应用之外被改动：第 {0} 条与保存时的校验值不符（详见时间线）。当前校验值 {1}",
                            broken.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(t("、")), crate::domain::integrity::short(&hash))}</p> }.into_any()
                    }
                }}
                <Timeline events=events/>
                <super::timeline_chart::TimelineChart incident=incident/>
            </section>
        }
        .into_any()
    }
}

#[component]
fn StatusStrip(incident: Memo<Option<crate::domain::Incident>>, st: Memo<IncidentState>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let level = move || st.with(|s| s.level);
    let restored = move || st.with(|s| s.restored_at);
    let started = move || st.with(|s| s.facts.started_at);
    let id = move || incident.with(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default();
    let now = move || state.now_for(&id());
    let plan = Memo::new(move |_| state.plan_of(&id()));
    let computed = Memo::new(move |_| incident.with(|i| {
        i.as_ref().map(|i| plan.with(|p| state.calendar.with_value(|c| i.classification(p, c, now()))))
    }));
    let impact = Memo::new(move |_| computed.with(|c| c.as_ref().map(|c| c.daytime_impact).unwrap_or_default()));
    // Levels never fall by themselves; when the rules now give less (a late
    // restoration entry, corrected facts) say so and leave the decision to people.
    let rules_give_less = move || computed.with(|c| c.as_ref().and_then(|c| (c.level < level()).then(|| level_label(c.level))));
    let basis = move || {
        st.with(|s| s.level_basis.as_ref().map(|b| b.describe())).unwrap_or_else(|| {
            plan.with(|p| match p.levels.iter().filter_map(|r| r.daytime_minutes).min() {
                Some(min) => tf!("日间业务受影响尚未达到{0}分钟，已记录，暂不分级（{1}）", min, tr(&p.levels[0].article)),
                None => tf!("本预案不按时长自动定级，请由{0}判定级别后使用“人工调整级别”记录", tr(&p.role_name(&p.levels[0].authority))),
            })
        })
    };
    let authority = move || {
        level().and_then(|l| plan.with(|p| p.rule_for(l).map(|r| tf!("{0}（{1}）", tr(&p.role_name(&r.authority)), tr(&r.authority_article)))))
    };
    let countdown = move || {
        // Restored, or closed (an ended drill keeps its frozen clock): no level is still to come.
        if restored().is_some() || st.with(|s| s.closed) {
            return None;
        }
        let now = now();
        let up = st.with(|s| plan.with(|p| state.calendar.with_value(|c| upcoming_rise(p, c, &s.facts, s.level, now))))?;
        Some(match up {
            Upcoming::AfterImpact { level, left } => {
                let running = plan.with(|p| state.calendar.with_value(|c| in_service_hours(p, c, now)));
                tf!("距{0}还有 {1}{2}", level.label(), format_clock(left), if running { "" } else { t(" （非日间业务时间，计时暂停）") })
            }
            Upcoming::AtDaytimeStart { level, at } => {
                tf!("下一日间业务开始（{0}）时仍未恢复，将升为{1}（还有 {2}）", format_beijing(at), level.label(), format_clock(at - now))
            }
        })
    };
    view! {
        <div class="status-strip">
            <div class=move || format!("level-box level-{}", level().map_or("none", Level::code))>
                {move || view! { <LevelBadge level=level() large=true manual=plan.with(|p| !p.grades_automatically())/> }}
                {move || level().map(|l| view! { <p class="level-name">{l.name()}</p> })}
                <p class="basis" data-testid="level-basis">{basis}</p>
                {move || st.with(|s| s.level_since).map(|at| view! { <p>{t("生效时间：")} {format_beijing(at)}</p> })}
                {move || authority().map(|a| view! { <p data-testid="authority">{t("决策：")} {a}</p> })}
                {move || rules_give_less().map(|l| view! {
                    <p class="hint" data-testid="rules-give-less">
                        {tf!("按现有记录，规则给出的级别为{0}，低于当前级别。级别不会自动下调；如需调整，请使用“人工调整级别”并说明原因。", l)}
                    </p>
                })}
            </div>
            <div class="clock-box">
                <span class="label">{move || if restored().is_some() { t("持续时间（已恢复）") } else { t("已持续") }}</span>
                <span class="big-clock" data-testid="duration">{move || {
                    format_clock(restored().unwrap_or_else(now) - started())
                }}</span>
                <span>{t("日间业务受影响：")} {move || format_duration(impact.get())}</span>
                {move || countdown().map(|text| view! { <p class="next-level" data-testid="next-level">{text}</p> })}
                {move || restored().map(|r| view! { <p>{t("恢复时间：")} {format_beijing(r)}</p> })}
            </div>
        </div>
    }
}
