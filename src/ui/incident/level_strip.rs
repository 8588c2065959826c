//! The top band of an incident's cockpit: the level, why (with its article),
//! who decides and the confirmation they owe; how long it has lasted and when
//! the next level comes. Compact, so the next duty stays in the first screen.

use crate::ui::widgets::level_badge::LevelBadge;
use crate::ui::state::AppState;
use crate::domain::incidents::classification::{in_service_hours, upcoming_rise, Upcoming};
use crate::domain::base::i18n::{t, tr};
use crate::domain::base::level::{level_label, Level};
use crate::domain::base::time::{format_beijing, format_duration, format_span, span_unit};
use crate::domain::{Incident, IncidentState};
use crate::tf;
use chrono::Duration;
use leptos::prelude::*;

/// A span as the cockpit shows it: the figures large, the unit beside them.
#[component]
pub fn Span(#[prop(into)] value: Signal<Duration>, #[prop(optional)] testid: &'static str, class: &'static str) -> impl IntoView {
    view! {
        <span class="span">
            <span class=class data-testid=testid>{move || format_span(value.get())}</span>
            {move || span_unit(value.get()).map(|u| view! { <span class="unit">{u}</span> })}
        </span>
    }
}

#[component]
pub fn LevelStrip(incident: Memo<Option<Incident>>, st: Memo<IncidentState>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let level = move || st.with(|s| s.level);
    let restored = move || st.with(|s| s.restored_at);
    let started = move || st.with(|s| s.facts.started_at);
    let id = move || incident.with(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default();
    let now = move || state.now_for(&id());
    let plan = Memo::new(move |_| state.plan_of(&id()));
    let computed = Memo::new(move |_| incident.with(|i| {
        i.as_ref().map(|i| plan.with(|p| state.calendar(|c| i.classification(p, c, now()))))
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
        let up = st.with(|s| plan.with(|p| state.calendar(|c| upcoming_rise(p, c, &s.facts, s.level, now))))?;
        Some(match up {
            Upcoming::AfterImpact { level, left } => {
                let running = plan.with(|p| state.calendar(|c| in_service_hours(p, c, now)));
                tf!("距{0}还有 {1}{2}", level.label(), format_span(left), if running { "" } else { t(" （非日间业务时间，计时暂停）") })
            }
            Upcoming::AtDaytimeStart { level, at } => {
                tf!("下一日间业务开始（{0}）时仍未恢复，将升为{1}（还有 {2}）", format_beijing(at), level.label(), format_span(at - now))
            }
        })
    };
    let lasted = Signal::derive(move || restored().unwrap_or_else(now) - started());
    view! {
        <div class="level-strip">
            <div class=move || format!("level-box level-{}", level().map_or("none", Level::code))>
                <div class="level-head">
                    {move || view! { <LevelBadge level=level() large=true manual=plan.with(|p| !p.grades_automatically())/> }}
                    {move || level().map(|l| view! { <span class="level-name">{l.name()}</span> })}
                    {move || st.with(|s| s.level_since).map(|at| view! { <span class="hint">{t("生效时间：")} {format_beijing(at)}</span> })}
                </div>
                <p class="basis" data-testid="level-basis">{basis}</p>
                {move || authority().map(|a| view! { <p class="authority" data-testid="authority">{t("决策：")} {a}</p> })}
                {move || rules_give_less().map(|l| view! {
                    <p class="hint" data-testid="rules-give-less">
                        {tf!("按现有记录，规则给出的级别为{0}，低于当前级别。级别不会自动下调；如需调整，请使用“人工调整级别”并说明原因。", l)}
                    </p>
                })}
            </div>
            <div class="clock-box">
                <span class="label">{move || if restored().is_some() { t("持续时间（已恢复）") } else { t("已持续") }}</span>
                <Span value=lasted testid="duration" class="big-clock"/>
                <span>{t("日间业务受影响：")} {move || format_duration(impact.get())}</span>
                {move || countdown().map(|text| view! { <p class="next-level" data-testid="next-level">{text}</p> })}
                {move || restored().map(|r| view! { <p>{t("恢复时间：")} {format_beijing(r)}</p> })}
            </div>
            // Across the whole band: the one action the level still waits for.
            <ConfirmPrompt incident=incident/>
        </div>
    }
}

/// A level the rules set waits for its decider's confirmation; the plan's
/// duties count from it. Not offered on an ended drill (its log takes no more).
#[component]
fn ConfirmPrompt(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let error = RwSignal::new(None::<String>);
    // Confirmed but kept only in this page: said in amber where the prompt was.
    let kept = RwSignal::new(None::<crate::domain::files::saving::Feedback>);
    let unconfirmed = move || {
        incident.with(|i| {
            let i = i.as_ref()?;
            let s = i.state();
            if s.closed {
                return None;
            }
            s.unconfirmed.map(|u| (i.id().to_string(), u))
        })
    };
    let confirm = move |_| {
        let Some((id, (level, _))) = unconfirmed() else { return };
        let now = state.clock_of(&id, crate::ui::browser::clock::now());
        let done = tf!("已确认为{0}", level.label());
        match crate::domain::files::saving::Feedback::of(&id, state.record(&id, now, crate::domain::EventKind::LevelConfirmed { level }), done) {
            crate::domain::files::saving::Feedback::Refused(e) => error.set(Some(e)),
            crate::domain::files::saving::Feedback::Saved(_) => {
                error.set(None);
                kept.set(None);
            }
            unsaved => {
                error.set(None);
                kept.set(Some(unsaved));
            }
        }
    };
    // Who confirms a level is plan data (第十四条 for the bank plan).
    let decider = move |id: &str, level| state.plan_of(id).authority_for(level).unwrap_or_default();
    move || {
        // While the confirmation is only in this page, the band says so instead of the prompt.
        if let Some(f) = kept.get().map(|f| state.settle_feedback(f)).filter(|f| matches!(f, crate::domain::files::saving::Feedback::Unsaved { .. })) {
            return Some(view! {
                <div class="confirm-prompt"><p class=f.class() role="status" data-testid="confirm-unsaved">{f.text()}</p></div>
            }.into_any());
        }
        unconfirmed().map(|(id, (level, since))| {
            let waited = Signal::derive({
                let id = id.clone();
                move || state.now_for(&id) - since
            });
            view! {
                <div class="confirm-prompt" data-testid="confirm-prompt">
                    <div class="confirm-text">
                        // Only the title is announced; the ticking counter is not re-read every second.
                        <p class="confirm-title" role="alert">{tf!("{0}待{1}确认", level.label(), tr(&decider(&id, level)))}</p>
                        <p class="hint">{t("已 ")} <span class="num" aria-live="off">{move || format_span(waited.get())}</span>
                           {t(" 未确认。预案规定的通知和报告时限自确认时起算。")}</p>
                    </div>
                    <button type="button" class="primary" data-testid="confirm-level" on:click=confirm>
                        {tf!("确认为{0}（{1}）", level.label(), level.name())}
                    </button>
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
            }.into_any()
        })
    }
}
