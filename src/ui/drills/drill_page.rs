//! The drill library: pick a scenario (or make one up), pick the clock speed,
//! start. A drill is an incident marked as such everywhere.

use crate::ui::browser::route::{self, Route};
use crate::ui::state::AppState;
use crate::domain::drills::drill::{scenarios, Scenario, SPEEDS};
use crate::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

fn describe(s: &Scenario) -> String {
    let affected = if s.affected.is_empty() { "—".to_string() } else { s.affected.iter().map(|a| a.describe()).collect::<Vec<_>>().join(t("、")) };
    let cause = match s.bank_caused {
        Answer::Yes => t("本机构原因"),
        Answer::No => t("非本机构原因"),
        Answer::Unknown => t("原因待查"),
    };
    tf!("{0}·{1}（{2}）；影响：{3}；{4}；约 {5} 分钟，{6} 条情景推送", tr(s.period.name()), tr(s.phenomenon.name()), tr(&s.subcategory), affected, cause, s.duration_minutes, s.injects.len())
}

#[component]
pub fn DrillPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let speed = RwSignal::new(60u32);
    let error = RwSignal::new(None::<String>);
    let library = StoredValue::new(scenarios());
    let start = move |id: String| {
        let Some(s) = library.with_value(|l| l.iter().find(|s| s.id == id).cloned()) else { return };
        match state.open_drill(Some(&s), None, speed.get_untracked()) {
            Ok(incident) => route::go(&Route::Incident(incident)),
            Err(e) => error.set(Some(e)),
        }
    };
    let own_title = RwSignal::new(String::new());
    let start_own = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let title = own_title.get_untracked().trim().to_string();
        if title.is_empty() {
            return error.set(Some(t("请填写自拟演练的标题").into()));
        }
        let now = crate::ui::browser::clock::now();
        let facts = IncidentFacts {
            title,
            description: String::new(),
            discovered_at: now,
            started_at: now,
            period: Period::Daytime,
            phenomenon: Phenomenon { kind: PhenomenonKind::System, subcategory: String::new() },
            affected: vec![],
            parties: String::new(),
            bank_caused: Answer::Unknown,
            reporting_unit: String::new(),
            reporter: state.author().name,
            next_start_affected: Answer::Unknown,
        };
        match state.open_drill(None, Some(facts), speed.get_untracked()) {
            Ok(incident) => route::go(&Route::Incident(incident)),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <section class="screen drills" data-testid="drill-page">
            <h1>{t("应急演练")}</h1>
            <p class="hint">{t("演练按真实流程进行：定级、确认、报告和通知都有时限，结束后按时完成情况评分并生成演练总结报告。演练记录处处标明“演练”，不计入真实事件的统计，也不会出现在真实事件的报告中。")}</p>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <fieldset class="panel">
                <legend>{t("演练时钟")}</legend>
                {SPEEDS.into_iter().map(|x| view! {
                    <label class="choice">
                        <input type="radio" name="drill-speed" data-testid=format!("speed-{x}") prop:checked=move || speed.get() == x on:change=move |_| speed.set(x)/>
                        {match x { 1 => t("1 倍（实时）").to_string(), _ => tf!("{0} 倍（1 分钟 = {0} 分钟）", x) }}
                    </label>
                }).collect_view()}
            </fieldset>
            <h2>{t("场景库")}</h2>
            <ul class="scenario-list" data-testid="scenarios">
                {library.get_value().into_iter().map(|s| {
                    let id = s.id.clone();
                    let plan = state.plans_untracked(|l| l.current(&s.plan_id).map(|p| p.title.clone())).unwrap_or_default();
                    view! {
                        <li class="panel scenario" data-testid=format!("scenario-{}", s.id)>
                            <h3>{tr(&s.title)}</h3>
                            <p class="hint">{tf!("预案：{0}；{1}", tr(&plan), describe(&s))}</p>
                            <p>{tr(&s.summary)}</p>
                            <p><strong>{t("检验内容：")}</strong>{s.objectives.iter().map(|o| tr(o)).collect::<Vec<_>>().join(t("；"))}</p>
                            <button type="button" class="primary" on:click=move |_| start(id.clone())>{t("开始演练")}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="panel" on:submit=start_own aria-labelledby="own-drill-heading">
                <h2 id="own-drill-heading">{t("自拟场景")}</h2>
                <p class="hint">{t("从现在开始计时，随后在表单中补充场景事实。")}</p>
                {crate::ui::widgets::field::labelled_text("own-drill-title", t("演练标题"), own_title)}
                <button type="submit">{t("开始自拟演练")}</button>
            </form>
        </section>
    }
}
