//! Recording that an obligation was carried out (who, when, how, to whom,
//! reference) or that it does not apply (with the reason).

use crate::ui::browser::clock;
use crate::ui::state::AppState;
use crate::domain::incidents::draft::entry_time;
use crate::domain::base::text::split_names;
use crate::domain::incidents::obligation::{delay_reason_for, late_for};
use crate::domain::events::channel::Channel;
use crate::domain::base::time::{format_beijing_minutes, to_datetime_local};
use crate::domain::EventKind;
use chrono::{DateTime, Utc};
use crate::domain::base::i18n::{t, tr};
use crate::domain::files::saving::Feedback;
use leptos::prelude::*;

/// The names as typed, with the plan's names shown translated put back into the
/// words the plan stores them in: the log keeps one spelling whatever the screen language.
/// Only a whole name is put back: "CSRC Shanghai Bureau" stays as typed.
fn stored_names(typed: &str, plan_names: &[String]) -> Vec<String> {
    split_names(typed)
        .into_iter()
        .map(|name| {
            plan_names.iter().find(|n| tr(n).trim().eq_ignore_ascii_case(name.trim())).cloned().unwrap_or(name)
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    Done,
    NotApplicable,
}

#[component]
pub fn DischargeForm(
    incident_id: String,
    key: String,
    mode: Settle,
    channel: Channel,
    /// The plan's names for the recipients, as stored.
    recipients: Vec<String>,
    started_at: DateTime<Utc>,
    on_close: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let prefilled = to_datetime_local(state.clock_of(&incident_id, clock::now()));
    let when = RwSignal::new(prefilled.clone());
    let prefilled = StoredValue::new(prefilled);
    let channel = RwSignal::new(channel);
    let plan_names = StoredValue::new(recipients.clone());
    let recipients = RwSignal::new(recipients.iter().map(|r| tr(r)).collect::<Vec<_>>().join(t("、")));
    let reference = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let delay_reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Recorded but kept only in this page: the form stays open to say so (amber), in
    // place of its fields, until closed; it turns green if a retry saves it meanwhile.
    let kept = RwSignal::new(None::<Feedback>);
    // The duty's deadline, to tell a late completion (which must say why) from one on time.
    let deadline = {
        let (id, key) = (incident_id.clone(), key.clone());
        Memo::new(move |_| {
            state.incidents(|list| {
                let incident = list.iter().find(|i| i.id() == id)?;
                untrack(|| state.obligations_of(incident)).into_iter().find(|o| o.key == key).map(|o| o.deadline)
            })
        })
    };
    let ids = StoredValue::new((incident_id, key));
    // Late by the time as typed (or now, while the prefilled time is left alone).
    let late = Memo::new(move |_| {
        let now = ids.with_value(|(id, _)| state.now_for(id));
        let at = entry_time(&when.get(), &prefilled.get_value(), started_at, now).ok()?;
        deadline.get().filter(|d| late_for(*d, at))
    });

    // The form opens inside its duty card, often below the fold: bring it into view
    // and put the cursor in its first field, so the click visibly does something.
    let first_field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let Some(input) = first_field.get() else { return };
        let show = move |input: web_sys::HtmlInputElement| {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            let target: web_sys::Element = input.closest("form").ok().flatten().unwrap_or_else(|| input.clone().into());
            target.scroll_into_view_with_scroll_into_view_options(&options);
            let _ = input.focus();
        };
        // Effects run once the view is in the document; should it not be yet, wait a frame.
        if input.is_connected() { show(input) } else { request_animation_frame(move || show(input)) }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = ids.with_value(|(id, _)| state.clock_of(id, clock::now()));
        let at = match entry_time(&when.get_untracked(), &prefilled.get_value(), started_at, now) {
            Ok(at) => at,
            Err(e) => return error.set(Some(e)),
        };
        let (incident_id, key) = ids.get_value();
        // Done after the deadline: the reason for the delay is required (checked in the domain).
        let delay = match (mode, deadline.get_untracked()) {
            (Settle::Done, Some(d)) => match delay_reason_for(d, at, &delay_reason.get_untracked()) {
                Ok(reason) => reason,
                Err(e) => return error.set(Some(e)),
            },
            _ => String::new(),
        };
        let kind = match mode {
            Settle::Done => EventKind::ObligationDischarged {
                key,
                channel: channel.get_untracked(),
                recipients: plan_names.with_value(|names| stored_names(&recipients.get_untracked(), names)),
                reference: reference.get_untracked().trim().to_string(),
                note: note.get_untracked().trim().to_string(),
                delay_reason: delay,
            },
            Settle::NotApplicable => EventKind::ObligationNotApplicable { key, reason: note.get_untracked().trim().to_string() },
        };
        let done = match mode {
            Settle::Done => t("已记录完成情况"),
            Settle::NotApplicable => t("已标记为不适用"),
        };
        match Feedback::of(&incident_id, state.record(&incident_id, at, kind), done) {
            // Saving (IndexedDB confirms within milliseconds): the form closes as on a save;
            // should the engine refuse it, the banner names the incident and what is unsaved.
            Feedback::Saved(_) | Feedback::Saving { .. } => on_close.run(()),
            Feedback::Refused(e) => error.set(Some(e)),
            unsaved => kept.set(Some(unsaved)),
        }
    };

    let heading = match mode {
        Settle::Done => t("记录完成情况"),
        Settle::NotApplicable => t("标记为不适用"),
    };
    view! {
        {move || kept.get().map(|f| {
            let f = Signal::derive(move || state.settle_feedback(f.clone()));
            view! {
                <div class="record-form discharge-form">
                    <p class=move || f.get().class() role="status" data-testid="discharge-unsaved">{move || f.get().text()}</p>
                    <div class="actions"><button type="button" on:click=move |_| on_close.run(())>{t("关闭")}</button></div>
                </div>
            }
        })}
        <form class="record-form discharge-form" on:submit=submit aria-label=heading hidden=move || kept.with(Option::is_some)>
            <h3>{heading}</h3>
            <label for="discharge-when">{if ids.with_value(|(id, _)| state.is_drill(id)) { t("完成时间（演练时间）") } else { t("完成时间（北京时间）") }}</label>
            <input type="datetime-local" id="discharge-when" step="60" node_ref=first_field
                prop:value=move || when.get() on:input=move |ev| when.set(event_target_value(&ev))/>
            {move || (mode == Settle::Done).then(|| late.get()).flatten().map(|d| view! {
                <p class="late-warning" id="discharge-late" data-testid="discharge-late">
                    {crate::tf!("晚于时限（北京时间 {0}）：请写明延误原因，它会随完成记录保存。", format_beijing_minutes(d))}
                </p>
                <label for="discharge-delay">{t("延误原因 *")}</label>
                <textarea id="discharge-delay" rows="2" aria-required="true" aria-describedby="discharge-late" data-testid="discharge-delay"
                    prop:value=move || delay_reason.get() on:input=move |ev| delay_reason.set(event_target_value(&ev))></textarea>
            })}
            {(mode == Settle::Done).then(|| view! {
                <label for="discharge-channel">{t("channel\u{4}方式")}</label>
                <select id="discharge-channel" on:change=move |ev| {
                    if let Some(c) = Channel::from_code(&event_target_value(&ev)) { channel.set(c) }
                }>
                    {Channel::ALL.into_iter().map(|c| view! {
                        <option value=c.code() selected=move || channel.get() == c>{c.name()}</option>
                    }).collect_view()}
                </select>
                <label for="discharge-recipients">{t("对象（多个用顿号或逗号分隔）")}</label>
                <input type="text" id="discharge-recipients"
                    prop:value=move || recipients.get() on:input=move |ev| recipients.set(event_target_value(&ev))/>
                <label for="discharge-reference">{t("凭证或编号（传真回执、邮件主题、通话对象等）")}</label>
                <input type="text" id="discharge-reference"
                    prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
            })}
            <label for="discharge-note">{match mode { Settle::Done => t("备注"), Settle::NotApplicable => t("不适用的原因 *") }}</label>
            <textarea id="discharge-note" rows="2"
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="actions">
                <button type="submit" class="primary">{match mode { Settle::Done => t("保存完成记录"), Settle::NotApplicable => t("确认不适用") }}</button>
                <button type="button" on:click=move |_| on_close.run(())>{t("取消")}</button>
            </div>
        </form>
    }
}
