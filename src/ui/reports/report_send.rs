//! Review and send: a second person reviews the draft; marking it sent records
//! how, to whom and with what reference, and settles in the same step every
//! open duty that asks for this report (its card then shows the report's details).

use crate::ui::state::AppState;
use crate::domain::base::i18n::{t, tr};
use crate::domain::incidents::obligation::{late_for, Obligation};
use crate::domain::incidents::recipients::recipient_names;
use std::collections::HashMap;
use crate::domain::events::channel::Channel;
use crate::domain::{reports::{sending::{duties_settled_by, reaches, sent_events}, report::ReportDraft}, events::report_kind::ReportKind};
use crate::domain::base::time::format_deadline;
use crate::domain::EventKind;
use crate::domain::files::saving::Feedback;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn SendPanel(
    incident_id: String,
    kind: ReportKind,
    report: Memo<Option<ReportDraft>>,
    /// The recipients to start with: the duty's, or the plan's regulators.
    send_to: String,
    /// Shared with the page's section edits: one place for the outcome of an action.
    status: RwSignal<Option<Feedback>>,
    /// The duty the page was opened for: ticked whatever its recipients.
    duty_key: Option<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(incident_id);
    let duty_key = StoredValue::new(duty_key);
    let to = RwSignal::new(send_to);
    // The open duties this report settles, live (one settled elsewhere drops out), with whom each is owed to.
    let duties = Memo::new(move |_| {
        state.incidents(|l| {
            let i = l.iter().find(|i| id.with_value(|id| i.id() == id))?;
            let all = state.obligations_of(i);
            Some(state.with_plan(i, |p| {
                duties_settled_by(kind, &all).into_iter().map(|o| (o.clone(), recipient_names(&o.rule.recipients, &i.state(), p))).collect::<Vec<_>>()
            }))
        }).unwrap_or_default()
    });
    // Ticked where the report goes (a duty owed to one of its recipients) or the page was opened for; people may change it.
    let choices = RwSignal::new(HashMap::<String, bool>::new());
    let ticked = move |key: &str, owed: &[String]| {
        choices.with(|c| c.get(key).copied()).unwrap_or_else(|| duty_key.with_value(|d| d.as_deref() == Some(key)) || reaches(owed, &to.get()))
    };
    let channel = RwSignal::new(duties.get_untracked().first().map_or(Channel::Fax, |(o, _)| o.rule.channel));
    let reference = RwSignal::new(String::new());
    let delay = RwSignal::new(String::new());
    let chosen = move || duties.get().into_iter().filter(|(o, owed)| ticked(&o.key, owed)).map(|(o, _)| o).collect::<Vec<_>>();
    let any_late = move || {
        let now = state.now_for(&id.get_value());
        chosen().iter().any(|o| late_for(o.deadline, now))
    };
    let review = move |_| {
        let outcome = Feedback::of(&id.get_value(), state.record_now(&id.get_value(), EventKind::ReportReviewed { report: kind }), t("已复核"));
        status.set(Some(outcome));
    };
    let send = move |_| {
        let Some(r) = report.get_untracked() else { return };
        let at = state.clock_of(&id.get_value(), crate::ui::browser::clock::now());
        let picked = chosen();
        let refs: Vec<&Obligation> = picked.iter().collect();
        let result = sent_events(&r, &to.get_untracked(), channel.get_untracked(), &reference.get_untracked(), &delay.get_untracked(), &refs, at)
            .and_then(|events| state.record_all(&id.get_value(), events));
        let done = if picked.is_empty() { t("已标记报送").to_string() } else { tf!("已标记报送，并办结 {0} 项报告义务", picked.len()) };
        status.set(Some(Feedback::of(&id.get_value(), result, done)));
    };
    view! {
        <section class="panel no-print send-panel" aria-label=t("复核与报送")>
            <h2>{t("复核与报送")}</h2>
            <p data-testid="report-status">{move || report.get().map(|r| tf!(
                "最近修改：{0}；复核：{1}；报送：{2}",
                r.status.last_editor.clone().unwrap_or_else(|| t("无").into()),
                r.status.reviewed_by.clone().unwrap_or_else(|| t("未复核").into()),
                r.status.sent_to.as_deref().map_or_else(|| t("未报送").into(), crate::domain::base::text::names_shown)
            ))}</p>
            <div class="actions">
                <button type="button" data-testid="review-report" on:click=review>{t("复核通过（须由起草人以外的人操作）")}</button>
            </div>
            <div class="send-grid">
                <label for="send-to">{t("报送对象")}</label>
                <input type="text" id="send-to" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                <label for="send-channel">{t("报送方式")}</label>
                <select id="send-channel" data-testid="send-channel" on:change=move |ev| {
                    if let Some(c) = Channel::from_code(&event_target_value(&ev)) { channel.set(c) }
                }>
                    {Channel::ALL.into_iter().map(|c| view! { <option value=c.code() selected=move || channel.get() == c>{c.name()}</option> }).collect_view()}
                </select>
                <label for="send-reference">{t("文号、页数或回执（可选）")}</label>
                <input type="text" id="send-reference" data-testid="send-reference" prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
            </div>
            {move || {
                let list = duties.get();
                (!list.is_empty()).then(|| view! {
                    <fieldset class="settles" data-testid="settles">
                        <legend>{t("报送后一并办结的义务")}</legend>
                        {list.into_iter().map(|(o, owed)| {
                            let key = StoredValue::new(o.key.clone());
                            let owed = StoredValue::new(owed);
                            let box_id = format!("settle-{}", o.key.replace(['#', '@'], "-"));
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=box_id.clone() data-testid="settle-duty"
                                        prop:checked=move || key.with_value(|k| owed.with_value(|w| ticked(k, w)))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            choices.update(|c| { c.insert(key.get_value(), on); });
                                        }/>
                                    <label for=box_id>{tf!("{0}（时限 {1}，{2}）", tr(&o.rule.title), format_deadline(o.deadline), o.status.name())}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })
            }}
            {move || any_late().then(|| view! {
                <div class="field">
                    <label for="send-delay">{t("延误原因 *（已超过时限的义务需要）")}</label>
                    <textarea id="send-delay" rows="2" data-testid="send-delay" prop:value=move || delay.get() on:input=move |ev| delay.set(event_target_value(&ev))></textarea>
                </div>
            })}
            <div class="actions">
                <button type="button" class="primary" data-testid="send-report" on:click=send>{t("标记已报送")}</button>
            </div>
            {move || status.get().map(|f| {
                let f = Signal::derive(move || state.settle_feedback(f.clone()));
                view! { <p class=move || f.get().class() role="status" data-testid="report-status-message">{move || f.get().text()}</p> }
            })}
        </section>
    }
}
