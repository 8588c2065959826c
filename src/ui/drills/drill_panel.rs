//! On a drill's page: the drill clock (speed, pause), the injects still to come,
//! the live score, ending the drill and its summary report.

use crate::ui::browser::route::Route;
use crate::ui::browser::focus::focus_by_id;
use crate::ui::state::AppState;
use crate::domain::drills::drill::{next_inject, scenario, score, DrillClock, SPEEDS};
use crate::domain::events::report_kind::ReportKind;
use crate::domain::base::time::format_beijing;
use crate::domain::Incident;
use crate::domain::base::i18n::t;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn DrillPanel(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = move || incident.with(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default();
    let clock = Memo::new(move |_| incident.with(|i| i.as_ref().and_then(DrillClock::of)));
    let now = move || state.now_for(&id());
    let message = RwSignal::new(None::<String>);
    let set_speed = move |speed: u32| {
        if let Err(e) = state.set_drill_speed(&id(), speed) {
            message.set(Some(e));
        }
    };
    let live = move || {
        let at = now();
        incident.with(|i| i.as_ref().map(|i| state.with_plan(i, |p| state.calendar(|c| score(i, p, c, at)))))
    };
    let next_inject = move || {
        let at = now();
        incident.with(|i| {
            let i = i.as_ref()?;
            let s = scenario(i.drill_setup()?.scenario.as_deref()?)?;
            next_inject(i, s, at).map(|when| tf!("下一条情景推送：演练时间 {0}", format_beijing(when)))
        })
    };
    // Ending is final (the score freezes), so it takes a second, deliberate press.
    let confirming = RwSignal::new(false);
    let end = move |_| {
        // The note is free text, like one a trainee types: it is written in the screen's
        // language. Nothing reads it back; the score itself is folded from the log.
        let headline = live().map(|s| s.headline()).unwrap_or_default();
        confirming.set(false);
        let note = tf!("演练结束：{0}", headline);
        match state.end_drill(&id(), note) {
            Ok(_) => {
                message.set(None);
                focus_by_id("drill-heading");
            }
            Err(e) => message.set(Some(e)),
        }
    };
    view! {
        <section class="panel drill-panel" data-testid="drill-panel" aria-labelledby="drill-heading">
            <h2 id="drill-heading" tabindex="-1">{t("tag\u{4}演练")}</h2>
            <p class="drill-clock">{t("演练时间 ")} <time class="big-clock" data-testid="drill-clock">{move || format_beijing(now())}</time></p>
            {move || clock.get().map(|c| if c.ended() {
                view! { <p data-testid="drill-ended">{t("演练已结束，演练时钟已停止。")}</p> }.into_any()
            } else {
                let speed = c.speed();
                view! {
                    <p class="drill-state" data-testid="drill-state">{if speed == 0 { t("已暂停").to_string() } else { tf!("运行中：{0} 倍速", speed) }}</p>
                    <div class="speed-buttons" role="group" aria-label=t("演练时钟速度")>
                        <button type="button" aria-pressed=(speed == 0).to_string() data-testid="drill-pause" on:click=move |_| set_speed(0)>{t("暂停")}</button>
                        {SPEEDS.into_iter().map(|x| view! {
                            <button type="button" aria-pressed=(speed == x).to_string() data-testid=format!("drill-speed-{x}") on:click=move |_| set_speed(x)>{format!("{x}×")}</button>
                        }).collect_view()}
                    </div>
                    <p class="hint">{next_inject}</p>
                    {move || if confirming.get() {
                        view! {
                            <p role="alert">{t("结束后演练时钟停止，评分以此时为准，不能再登记报告和通知。确定结束？")}</p>
                            <button type="button" class="primary" data-testid="confirm-end-drill" on:click=end>{t("确定结束并评分")}</button>
                            " "
                            <button type="button" on:click=move |_| confirming.set(false)>{t("继续演练")}</button>
                        }.into_any()
                    } else {
                        view! { <button type="button" data-testid="end-drill" on:click=move |_| confirming.set(true)>{t("结束演练并评分")}</button> }.into_any()
                    }}
                }.into_any()
            })}
            {move || live().map(|s| view! {
                <p class="drill-score" data-testid="drill-score">{s.headline()}</p>
            })}
            <a class="button" data-testid="to-drill-report" href=move || Route::Report(id(), ReportKind::DrillSummary, None).href()>{t("演练总结报告")}</a>
            {move || message.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </section>
    }
}

