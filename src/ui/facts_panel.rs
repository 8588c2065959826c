//! The incident's facts as recorded (latest correction wins).

use crate::domain::facts::{IncidentFacts, Period};
use crate::domain::time::format_beijing;
use leptos::prelude::*;

#[component]
pub fn FactsPanel(facts: IncidentFacts, institution: String) -> impl IntoView {
    let affected = if facts.affected.is_empty() {
        "待查".to_string()
    } else {
        facts.affected.iter().map(|a| a.describe()).collect::<Vec<_>>().join("、")
    };
    let phenomenon = if facts.phenomenon.subcategory.is_empty() {
        facts.phenomenon.kind.name().to_string()
    } else {
        format!("{}（{}）", facts.phenomenon.kind.name(), facts.phenomenon.subcategory)
    };
    let or_dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    let rows: Vec<(String, String)> = vec![
        ("发现时间".into(), format_beijing(facts.discovered_at)),
        ("开始时间".into(), format_beijing(facts.started_at)),
        ("发生时段".into(), facts.period.name().to_string()),
        ("事件现象".into(), phenomenon),
        ("受影响业务".into(), affected),
        // Whose cause: the plan's institution (本行, 本公司, or the name customised).
        (format!("是否{institution}原因"), facts.bank_caused.name().to_string()),
        ("涉及各方".into(), or_dash(&facts.parties)),
        ("报告单位".into(), or_dash(&facts.reporting_unit)),
        ("报告人".into(), or_dash(&facts.reporter)),
        ("现象描述".into(), or_dash(&facts.description)),
    ];
    let next_start = (facts.period == Period::EndOfDay).then(|| facts.next_start_affected.name());
    view! {
        <section class="panel">
            <h2>"事件信息"</h2>
            <dl class="facts">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                {next_start.map(|v| view! { <dt>"下一日间业务开始时是否受影响"</dt><dd>{v}</dd> })}
            </dl>
        </section>
    }
}
