//! What must happen next on an incident: the level confirmation, then every
//! obligation with a large countdown, its basis on demand, and one action.

use super::discharge_form::{DischargeForm, Settle};
use super::state::AppState;
use crate::domain::contacts::{contacts_for, reach};
use crate::domain::obligation::{recipient_names, Obligation, Status};
use crate::domain::time::{format_beijing, format_clock, format_countdown};
use crate::domain::Incident;
use crate::domain::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

/// Open duties first (mine before others), each group by deadline; settled ones last.
fn ordered(mut list: Vec<Obligation>, mine: Option<String>) -> Vec<Obligation> {
    list.sort_by_key(|o| (!o.status.is_open(), Some(o.responsible()) != mine.as_deref(), o.deadline));
    list
}

fn incident_id_of(incident: Memo<Option<Incident>>) -> String {
    incident.with(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default()
}

#[component]
pub fn ObligationsPanel(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open_form = RwSignal::new(None::<(String, Settle)>);
    let confirm_error = RwSignal::new(None::<String>);

    let unconfirmed = move || incident.with(|i| i.as_ref().and_then(|i| i.state().unconfirmed.map(|u| (i.id().to_string(), u))));
    let confirm = move |_| {
        let Some((id, (level, _))) = unconfirmed() else { return };
        let now = state.clock_of(&id, super::clock::now());
        match state.record(&id, now, crate::domain::EventKind::LevelConfirmed { level }) {
            Ok(()) => confirm_error.set(None),
            Err(e) => confirm_error.set(Some(e)),
        }
    };

    let rows: Memo<Vec<Obligation>> = Memo::new(move |_| {
        incident.with(|i| i.as_ref().map(|i| ordered(state.obligations_of(i), state.my_role.get()))).unwrap_or_default()
    });

    // Who confirms a level is plan data (第十四条 for the bank plan).
    let decider = move |level| state.plan_of(&incident_id_of(incident)).authority_for(level).unwrap_or_default();
    view! {
        <section class="panel obligations" aria-labelledby="duties-heading">
            <h2 id="duties-heading">{t("待办与时限")}</h2>
            {move || unconfirmed().map(|(_, (level, since))| view! {
                <div class="confirm-prompt" data-testid="confirm-prompt">
                    // Only the title is announced; the ticking counter is not re-read every second.
                    <p class="confirm-title" role="alert">{tf!("{0}待{1}确认", level.label(), tr(&decider(level)))}</p>
                    <p>{t("已 ")} <span class="num" aria-live="off">{move || format_clock(state.now_for(&incident_id_of(incident)) - since)}</span>
                       {t(" 未确认。预案规定的通知和报告时限自确认时起算。")}</p>
                    <button type="button" class="primary" data-testid="confirm-level" on:click=confirm>
                        {tf!("确认为{0}（{1}）", level.label(), level.name())}
                    </button>
                    {move || confirm_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
            })}
            <ol class="obligation-list" data-testid="obligations">
                // Keyed by obligation only: a row (and a form open in it) survives
                // its status changing from pending to due soon to overdue.
                <For
                    each=move || rows.with(|r| r.iter().map(|o| o.key.clone()).collect::<Vec<_>>())
                    key=|k| k.clone()
                    children=move |k| view! { <ObligationRow key=k rows=rows incident=incident open_form=open_form/> }
                />
            </ol>
        </section>
    }
}

#[component]
fn ObligationRow(
    key: String,
    rows: Memo<Vec<Obligation>>,
    incident: Memo<Option<Incident>>,
    open_form: RwSignal<Option<(String, Settle)>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = StoredValue::new(key);
    let Some(first) = rows.with_untracked(|r| key.with_value(|k| r.iter().find(|o| &o.key == k).cloned())) else {
        return ().into_any();
    };
    let current = Memo::new(move |_| {
        rows.with(|r| key.with_value(|k| r.iter().find(|o| &o.key == k).cloned())).unwrap_or_else(|| first.clone())
    });
    let rule = current.with_untracked(|o| o.rule.clone());
    let deadline = move || current.with(|o| o.deadline);
    let status = Memo::new(move |_| current.with(|o| o.status.clone()));
    let is_open = move || status.with(Status::is_open);
    // An ended drill is scored as it stood: its duties take no more entries (the log refuses them).
    let drill_ended = move || incident.with(|i| i.as_ref().is_some_and(|i| i.drill_setup().is_some() && i.state().closed));
    let responsible_id = rule.responsible.clone();
    let mine = Signal::derive(move || state.my_role.get().as_deref() == Some(responsible_id.as_str()));
    let recipients = incident
        .with_untracked(|i| i.as_ref().map(|i| state.with_plan(i, |p| recipient_names(&rule.recipients, &i.state(), p))))
        .unwrap_or_default();
    let responsible = incident.with_untracked(|i| i.as_ref().map(|i| state.with_plan(i, |p| p.role_name(&rule.responsible)))).unwrap_or_default();
    let numbers: Vec<String> = state.directory.with_untracked(|d| {
        contacts_for(&rule.recipients, &recipients, d).into_iter().map(|c| tf!("{0} {1} {2}：{3}", c.unit, c.role, c.name, reach(c))).collect()
    });
    // The plan's names are stored as they are; the screen shows them in its language.
    let recipients_text = recipients.iter().map(|r| tr(r)).collect::<Vec<_>>().join(t("、"));
    let incident_id = incident.with_untracked(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default();
    let started_at = incident.with_untracked(|i| i.as_ref().map(|i| i.state().facts.started_at)).unwrap_or_else(|| deadline());
    let showing = move |s: Settle| open_form.with(|f| f.as_ref().is_some_and(|(k, m)| key.with_value(|key| k == key) && *m == s));
    let channel = rule.channel;
    let who = tf!("责任：{0}{1}", tr(&responsible), if recipients_text.is_empty() { String::new() } else { format!(" → {recipients_text}") });

    view! {
        <li class=move || format!("obligation status-{}", status.with(Status::code)) class:mine=mine
            data-testid="obligation" data-key=key.get_value() id=format!("duty-{}", key.get_value()) tabindex="-1">
            <div class="countdown">
                {move || if is_open() {
                    view! { <span class="big-countdown" data-testid="countdown">{move || format_countdown(deadline() - state.now_for(&incident_id_of(incident)))}</span> }.into_any()
                } else {
                    view! { <span class="settled">{status.with(Status::name)}</span> }.into_any()
                }}
            </div>
            <div class="what">
                <p class="duty-title"><strong>{tr(&rule.title)}</strong>
                    " " <span class=move || format!("state state-{}", status.with(Status::code)) data-testid="obligation-status">{move || status.with(Status::name)}</span>
                    {move || mine.get().then_some(view! { <span class="mine-tag">{t("我的")}</span> })}
                </p>
                <p>{who}</p>
                {(!numbers.is_empty()).then(|| view! {
                    <ul class="numbers" aria-label=t("联系方式")>{numbers.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                })}
                <p>{move || tf!("时限：{0}（{1}）", format_beijing(deadline()), tr(&rule.article))}</p>
                {move || current.with(|o| match &o.status {
                    Status::NotApplicable { reason } => Some(tf!("不适用：{0}", reason)),
                    _ => o.discharge.as_ref().map(|d| tf!("{0} 由{1}以{2}完成{3}{4}{5}", format_beijing(d.at), tr(&d.by), d.channel.name(),
                        if d.recipients.is_empty() { String::new() } else { tf!("，对象：{0}", d.recipients.iter().map(|r| tr(r)).collect::<Vec<_>>().join(t("、"))) },
                        if d.reference.is_empty() { String::new() } else { tf!("，凭证：{0}", d.reference) },
                        // A time typed earlier than the entry: say when it was entered.
                        if (d.recorded_at - d.at).num_seconds() > 60 { tf!("（补录：记录于 {0}）", format_beijing(d.recorded_at)) } else { String::new() })),
                }).map(|text| view! { <p class="discharged">{text}</p> })}
                <details><summary>{t("依据")}</summary><p>{tr(&rule.basis)}</p></details>
            </div>
            {move || (is_open() && !drill_ended()).then(|| view! {
                <div class="duty-actions">
                    <button type="button" class="primary" data-testid="discharge" on:click=move |_| open_form.set(Some((key.get_value(), Settle::Done)))>{t("已完成")}</button>
                    <button type="button" data-testid="not-applicable" on:click=move |_| open_form.set(Some((key.get_value(), Settle::NotApplicable)))>{t("不适用")}</button>
                </div>
            })}
            {move || [Settle::Done, Settle::NotApplicable].into_iter().find(|s| showing(*s)).map(|mode| view! {
                <DischargeForm
                    incident_id=incident_id.clone()
                    key=key.get_value()
                    mode=mode
                    channel=channel
                    recipients=recipients.clone()
                    started_at=started_at
                    on_close=Callback::new(move |_| {
                        open_form.set(None);
                        // The form (and its focused button) is gone: keep keyboard users on this duty,
                        // once the list has redrawn (a settled duty moves to the end).
                        let id = format!("duty-{}", key.get_value());
                        request_animation_frame(move || {
                            if let Some(el) = document().get_element_by_id(&id) {
                                use wasm_bindgen::JsCast;
                                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                            }
                        });
                    })
                />
            })}
        </li>
    }
    .into_any()
}
