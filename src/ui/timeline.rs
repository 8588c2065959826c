//! The incident's log in the order things happened, late entries marked.

use super::state::AppState;
use crate::domain::event::{Author, Event, EventKind};
use crate::domain::account::mask;
use crate::domain::obligation::rule_id_of;
use crate::domain::time::format_beijing;
use crate::domain::Plan;
use leptos::prelude::*;

fn duty_title(key: &str, plan: &Plan) -> String {
    let id = rule_id_of(key);
    let round = key.split_once('#').map(|(_, n)| format!("（第{n}次）")).unwrap_or_default();
    plan.obligations.iter().find(|r| r.id == id).map(|r| format!("{}{round}", r.title)).unwrap_or_else(|| key.to_string())
}

/// A checklist step's words: a plan checklist ("list#2") or an exchange fallback step.
fn step_title(step_id: &str, plan: &Plan) -> String {
    match plan.checklist_step(step_id) {
        Some((list, step)) => format!("{}：{step}", list.title),
        None => plan.fallback.iter().find(|s| s.id == step_id).map(|s| s.title.clone()).unwrap_or_else(|| step_id.to_string()),
    }
}

fn detail(kind: &EventKind, plan: &Plan) -> String {
    match kind {
        EventKind::Opened { facts, .. } => format!("{}（{}，{}）", facts.title, facts.period.name(), facts.phenomenon.kind.name()),
        EventKind::FactsCorrected { reason, .. } => format!("原因：{reason}"),
        EventKind::Classified { rule, .. } => rule.describe(),
        EventKind::Reclassified { reason, .. } => format!("原因：{reason}"),
        EventKind::ServiceRestored { note } => note.clone(),
        EventKind::Note { text, .. } => text.clone(),
        EventKind::LevelConfirmed { level } => format!("确认事件级别为{}（{}），预案规定的通知和报告时限自此起算", level.label(), level.name()),
        EventKind::ObligationDischarged { key, channel, recipients, reference, note } => {
            let mut parts = vec![duty_title(key, plan), format!("方式：{}", channel.name())];
            if !recipients.is_empty() {
                parts.push(format!("对象：{}", recipients.join("、")));
            }
            if !reference.is_empty() {
                parts.push(format!("凭证/编号：{reference}"));
            }
            if !note.is_empty() {
                parts.push(note.clone());
            }
            parts.join("；")
        }
        EventKind::ObligationNotApplicable { key, reason } => format!("{}；原因：{reason}", duty_title(key, plan)),
        EventKind::TransferRecorded { transfer: t } => format!(
            "{} {} ¥{}，凭证 {}，{}（{}），经办 {} / 复核 {}",
            t.futures_company, t.customer, t.amount, t.voucher, t.direction.name(), mask(&t.futures_account), t.operator, t.reviewer
        ),
        EventKind::TransferAdvanced { stage, note, .. } => format!("{}{}", stage.name(), if note.is_empty() { String::new() } else { format!("：{note}") }),
        EventKind::ConfirmationImported { rows, .. } => format!("{} 行", rows.len()),
        EventKind::MovementRecorded { movement: m } => {
            format!("{} ¥{}，指令 {}，{}，经办 {}", m.member, m.amount, m.instruction, m.mode.name(), m.operator)
        }
        EventKind::MovementReconciled { .. } => String::new(),
        EventKind::MovementVoided { reason, .. } => format!("原因：{reason}"),
        EventKind::ChecklistStepDone { step_id, note } => {
            let title = step_title(step_id, plan);
            if note.is_empty() { title } else { format!("{title}：{note}") }
        }
        EventKind::TerminationNoticeReceived { note, .. } => note.clone(),
        EventKind::InformationReleased { department, audience, content } => format!("{department} → {audience}：{content}"),
        EventKind::MonitoringRecorded { normal, note, .. } => format!("{}{}", if *normal { "正常" } else { "异常" }, if note.is_empty() { String::new() } else { format!("：{note}") }),
        EventKind::Closed { note } => note.clone(),
        EventKind::ReportEdited { text, .. } => text.clone(),
        EventKind::ReportReviewed { .. } => String::new(),
        EventKind::ReportSent { to, .. } => format!("报送对象：{to}"),
        EventKind::IntegrityBroken { event_id, .. } => format!("记录编号 {event_id} 与保存时的校验值不符；之后的记录继续校验"),
        EventKind::DataSubmissionDelayed { due_at, note } => format!("应报时间 {}；{note}", format_beijing(*due_at)),
        EventKind::DrillClockSet { real_at, .. } => format!("实际时间 {}", format_beijing(*real_at)),
        EventKind::DrillInject { .. } => String::new(),
        EventKind::DrillEnded { note } => note.clone(),
    }
}

/// Entries are keyed by event id: a new entry adds one item, the rest of a long
/// log is not redrawn.
#[component]
pub fn Timeline(events: Memo<Vec<Event>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The plan the incident was opened under names its duties and steps.
    let plan = StoredValue::new(events.with_untracked(|list| list.first().and_then(|e| match &e.kind {
        EventKind::Opened { plan_id, plan_version, .. } => Some(state.plans.with_untracked(|l| l.resolve(plan_id, plan_version).0.clone())),
        _ => None,
    })).unwrap_or_else(|| state.home_plan()));
    let sorted = move || {
        let mut list = events.get();
        list.sort_by(|a, b| a.occurred_at.cmp(&b.occurred_at).then(a.recorded_at.cmp(&b.recorded_at)));
        list
    };
    view! {
        <section class="panel">
            <h2>"处置时间线"</h2>
            <ol class="timeline" data-testid="timeline">
                <For each=sorted key=|e| e.id.clone() children=move |e| {
                    // The app's own entries are never "late": say when it wrote them instead.
                    let late = e.is_late_entry().then(|| if e.author == Author::system() {
                        format!("系统记录于 {}", format_beijing(e.recorded_at))
                    } else {
                        format!("补录：记录于 {}", format_beijing(e.recorded_at))
                    });
                    let text = plan.with_value(|p| detail(&e.kind, p));
                    view! {
                        <li class="timeline-item">
                            <time>{format_beijing(e.occurred_at)}</time>
                            <div>
                                <strong>{e.kind.title()}</strong>
                                {late.map(|l| view! { <span class="late">{l}</span> })}
                                <p>{text}</p>
                                <p class="author">{format!("{}{}", e.author.name, if e.author.role.is_empty() { String::new() } else { format!("（{}）", e.author.role) })}</p>
                            </div>
                        </li>
                    }
                }/>
            </ol>
        </section>
    }
}
