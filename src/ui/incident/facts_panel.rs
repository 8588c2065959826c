//! The incident's facts as recorded (latest correction wins).

use crate::domain::events::facts::{Answer, IncidentFacts, Period};
use crate::domain::base::time::format_beijing;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn FactsPanel(facts: IncidentFacts, institution: String) -> impl IntoView {
    let affected = if facts.affected.is_empty() {
        // Not yet known: the same word as the answer "待查".
        Answer::Unknown.name().to_string()
    } else {
        facts.affected.iter().map(|a| a.describe()).collect::<Vec<_>>().join(t("、"))
    };
    let phenomenon = if facts.phenomenon.subcategory.is_empty() {
        facts.phenomenon.kind.name().to_string()
    } else {
        tf!("{0}（{1}）", facts.phenomenon.kind.name(), tr(&facts.phenomenon.subcategory))
    };
    let or_dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    let rows: Vec<(String, String)> = vec![
        (t("发现时间").into(), format_beijing(facts.discovered_at)),
        (t("开始时间").into(), format_beijing(facts.started_at)),
        (t("发生时段").into(), facts.period.name().to_string()),
        (t("事件现象").into(), phenomenon),
        (t("受影响业务").into(), affected),
        // Whose cause: the plan's institution (本行, 本公司, or the name customised).
        (tf!("是否{0}原因", tr(&institution)), facts.bank_caused.name().to_string()),
        (t("涉及各方").into(), or_dash(&facts.parties)),
        (t("报告单位").into(), or_dash(&facts.reporting_unit)),
        (t("报告人").into(), or_dash(&facts.reporter)),
        (t("现象描述").into(), or_dash(&facts.description)),
    ];
    let next_start = (facts.period == Period::EndOfDay).then(|| facts.next_start_affected.name());
    view! {
        <section class="panel">
            <h2>{t("事件信息")}</h2>
            <dl class="facts">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                {next_start.map(|v| view! { <dt>{t("下一日间业务开始时是否受影响")}</dt><dd>{v}</dd> })}
            </dl>
        </section>
    }
}
