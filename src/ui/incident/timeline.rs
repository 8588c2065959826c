//! The incident's log in the order things happened, late entries marked.

use crate::domain::base::sort;
use crate::ui::state::AppState;
use crate::domain::events::event::{Author, Event, EventKind};
use crate::domain::business::account::mask;
use crate::domain::incidents::obligation::rule_id_of;
use crate::domain::base::time::format_beijing;
use crate::domain::Plan;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

fn duty_title(key: &str, plan: &Plan) -> String {
    let id = rule_id_of(key);
    let round = key.split_once('#').map(|(_, n)| tf!("（第{0}次）", n)).unwrap_or_default();
    plan.obligations.iter().find(|r| r.id == id).map(|r| format!("{}{round}", tr(&r.title))).unwrap_or_else(|| key.to_string())
}

/// A checklist step's words: a plan checklist ("list#2") or an exchange fallback step.
fn step_title(step_id: &str, plan: &Plan) -> String {
    match plan.checklist_step(step_id) {
        Some((list, step)) => tf!("{0}：{1}", tr(&list.title), tr(step)),
        None => plan.fallback.iter().find(|s| s.id == step_id).map(|s| tr(&s.title)).unwrap_or_else(|| step_id.to_string()),
    }
}

/// What an entry says, in the screen's language (the timeline print shows the same words).
pub(crate) fn detail(kind: &EventKind, plan: &Plan) -> String {
    match kind {
        EventKind::Opened { facts, .. } => tf!("{0}（{1}，{2}）", facts.title, facts.period.name(), facts.phenomenon.kind.name()),
        EventKind::FactsCorrected { reason, .. } => tf!("原因：{0}", reason),
        EventKind::Classified { rule, .. } => rule.describe(),
        EventKind::Reclassified { reason, .. } => tf!("原因：{0}", reason),
        EventKind::ServiceRestored { note } => note.clone(),
        EventKind::Note { text, .. } => text.clone(),
        EventKind::LevelConfirmed { level } => tf!("确认事件级别为{0}（{1}），预案规定的通知和报告时限自此起算", level.label(), level.name()),
        EventKind::ObligationDischarged { key, channel, recipients, reference, note, delay_reason } => {
            let mut parts = vec![duty_title(key, plan), tf!("方式：{0}", channel.name())];
            if !recipients.is_empty() {
                parts.push(tf!("对象：{0}", recipients.iter().map(|r| tr(r)).collect::<Vec<_>>().join(t("、"))));
            }
            if !reference.is_empty() {
                parts.push(tf!("凭证/编号：{0}", reference));
            }
            if !delay_reason.is_empty() {
                parts.push(tf!("延误原因：{0}", delay_reason));
            }
            if !note.is_empty() {
                parts.push(note.clone());
            }
            parts.join(t("；"))
        }
        EventKind::ObligationNotApplicable { key, reason } => tf!("{0}；原因：{1}", duty_title(key, plan), reason),
        EventKind::TransferRecorded { transfer: x } => tf!(
            "{0} {1} ¥{2}，凭证 {3}，{4}（{5}），经办 {6} / 复核 {7}",
            x.futures_company, x.customer, x.amount, x.voucher, x.direction.name(), mask(&x.futures_account), x.operator, x.reviewer
        ),
        EventKind::TransferAdvanced { stage, note, .. } => if note.is_empty() { stage.name().to_string() } else { tf!("{0}：{1}", stage.name(), tr(note)) },
        EventKind::ConfirmationImported { rows, .. } => tf!("{0} 行", rows.len()),
        EventKind::FuturesCompanyAdded { .. } => String::new(),
        EventKind::MovementRecorded { movement: m } => {
            tf!("{0} ¥{1}，指令 {2}，{3}，经办 {4} / 复核 {5}", m.member, m.amount, m.instruction, m.mode.name(), m.operator, m.reviewer_shown())
        }
        EventKind::MovementReconciled { .. } => String::new(),
        EventKind::MovementVoided { reason, .. } => tf!("原因：{0}", reason),
        EventKind::ChecklistStepDone { step_id, note } => {
            let title = step_title(step_id, plan);
            if note.is_empty() { title } else { tf!("{0}：{1}", title, note) }
        }
        EventKind::TerminationNoticeReceived { note, .. } => note.clone(),
        EventKind::InformationReleased { department, audience, content } => tf!("{0} → {1}：{2}", department, audience, content),
        EventKind::MonitoringRecorded { normal, note, .. } => {
            let word = if *normal { t("正常") } else { t("异常") };
            if note.is_empty() { word.to_string() } else { tf!("{0}：{1}", word, note) }
        }
        EventKind::Closed { note } => note.clone(),
        // A report's own words stay in the report's language (see the report screen).
        EventKind::ReportEdited { text, .. } => text.clone(),
        EventKind::ReportReviewed { .. } => String::new(),
        EventKind::ReportSent { to, .. } => tf!("报送对象：{0}", crate::domain::base::text::names_shown(to)),
        EventKind::IntegrityBroken { event_id, .. } => tf!("记录编号 {0} 与保存时的校验值不符；之后的记录继续校验", event_id),
        EventKind::DataSubmissionDelayed { due_at, note } if note.trim().is_empty() => tf!("应报时间 {0}", format_beijing(*due_at)),
        EventKind::DataSubmissionDelayed { due_at, note } => tf!("应报时间 {0}；{1}", format_beijing(*due_at), note),
        EventKind::DrillClockSet { real_at, .. } => tf!("实际时间 {0}", format_beijing(*real_at)),
        EventKind::DrillInject { .. } => String::new(),
        // Written in the language of whoever ended the drill (older drills: Chinese).
        EventKind::DrillEnded { note } => tr(note),
        EventKind::EventConflict { event_id, other } => {
            tf!("记录编号 {0} 在另一份副本中是“{1}”，与本机不同；两份均保留，见“记录冲突”", event_id, other.kind.title())
        }
    }
}

/// The plan the incident was opened under: it names the log's duties and steps.
pub(crate) fn plan_of_log(state: &AppState, events: &[Event]) -> Plan {
    events.first().and_then(|e| match &e.kind {
        EventKind::Opened { plan_id, plan_version, .. } => Some(state.plans_untracked(|l| l.resolve(plan_id, plan_version).0.clone())),
        _ => None,
    }).unwrap_or_else(|| state.home_plan())
}

/// The order things happened in (a late entry goes where it happened).
pub(crate) fn in_order(mut list: Vec<Event>) -> Vec<Event> {
    sort::by(&mut list, |a, b| a.occurred_at.cmp(&b.occurred_at).then(a.recorded_at.cmp(&b.recorded_at)));
    list
}

/// `list` in the order things happened, without its first `hidden` entries in that order.
pub(crate) fn shown_in_order(list: &[Event], hidden: usize) -> Vec<Event> {
    let mut order: Vec<usize> = (0..list.len()).collect();
    // Stable, as `in_order`: entries of the same instants keep their place in the log.
    sort::by(&mut order, |&a, &b| list[a].occurred_at.cmp(&list[b].occurred_at).then(list[a].recorded_at.cmp(&list[b].recorded_at)));
    order.into_iter().skip(hidden).map(|i| list[i].clone()).collect()
}

/// Who wrote an entry: "王值班（总行应急处置工作小组）".
pub(crate) fn author_text(author: &Author) -> String {
    if author.role.is_empty() { tr(&author.name) } else { tf!("{0}（{1}）", tr(&author.name), tr(&author.role)) }
}

/// Entries shown before "show all": a log of thousands drawn whole made every new
/// entry wait for the page's layout (the print view always has every entry).
const RECENT: usize = 300;

/// Entries are keyed by event id: a new entry adds one item, the rest of a long
/// log is not redrawn. With `print_href`, the heading carries a link to the timeline's print.
#[component]
pub fn Timeline(events: Memo<std::sync::Arc<Vec<Event>>>, #[prop(optional, into)] print_href: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = StoredValue::new(events.with_untracked(|list| plan_of_log(&state, list)));
    let all = RwSignal::new(false);
    let earlier = move || if all.get() { 0 } else { events.with(|l| l.len()).saturating_sub(RECENT) };
    // Only the entries shown are copied: with thousands, copying the whole log for
    // every new entry showed in the time it took to appear.
    let sorted = move || {
        let hidden = earlier();
        events.with(|list| shown_in_order(list, hidden))
    };
    view! {
        <section class="panel">
            <div class="timeline-head">
                <h2>{t("处置时间线")}</h2>
                {print_href.map(|href| view! { <a class="button" data-testid="to-timeline-print" href=href>{t("打印时间线")}</a> })}
            </div>
            {move || (earlier() > 0).then(|| view! {
                <p class="hint" data-testid="timeline-earlier">
                    {tf!("较早的 {0} 条未显示（打印时间线含全部记录）。", earlier())} " "
                    <button type="button" data-testid="timeline-all" on:click=move |_| all.set(true)>{t("显示全部")}</button>
                </p>
            })}
            <ol class="timeline" data-testid="timeline">
                <For each=sorted key=|e| e.id.clone() children=move |e| {
                    // The app's own entries are never "late": say when it wrote them instead.
                    let late = e.is_late_entry().then(|| if e.author == Author::system() {
                        tf!("系统记录于 {0}", format_beijing(e.recorded_at))
                    } else {
                        tf!("补录：记录于 {0}", format_beijing(e.recorded_at))
                    });
                    let text = plan.with_value(|p| detail(&e.kind, p));
                    // A report's text is a Chinese document whatever the screen language.
                    let document = matches!(e.kind, EventKind::ReportEdited { .. }).then_some("zh-CN");
                    view! {
                        <li class="timeline-item">
                            <time>{format_beijing(e.occurred_at)}</time>
                            <div>
                                <strong>{e.kind.title()}</strong>
                                {late.map(|l| view! { <span class="late">{l}</span> })}
                                <p lang=document>{text}</p>
                                <p class="author">{author_text(&e.author)}</p>
                            </div>
                        </li>
                    }
                }/>
            </ol>
        </section>
    }
}
