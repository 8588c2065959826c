//! What must happen next on an incident, led by the one duty that can still be
//! met soonest (the biggest countdown on the page, its recipients' numbers and
//! the action that discharges it), then the few after it. Overdue, later and
//! settled duties fold into one line each that opens.
//!
//! One keyed list holds every duty and the fold lines, in the order shown: a duty
//! moving from "next" to "overdue" keeps its row, and a form being typed in it.

use super::discharge_form::{DischargeForm, Settle};
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::incidents::agenda::Agenda;
use crate::domain::business::contacts::{contacts_for, reach};
use crate::domain::incidents::obligation::{Obligation, Status, Urgency};
use crate::domain::incidents::recipients::recipient_names;
use crate::domain::plans::playbook::Schedule;
use crate::domain::events::report_kind::ReportKind;
use crate::domain::base::time::{format_beijing, format_countdown, format_deadline, span_unit};
use crate::domain::Incident;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

fn incident_id_of(incident: Memo<Option<Incident>>) -> String {
    incident.with(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default()
}

/// Where a duty stands in the agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Place {
    Next,
    Upcoming,
    Later,
    Overdue,
    Settled,
}

/// The groups that fold, in the order their lines appear.
const FOLDS: [Place; 3] = [Place::Overdue, Place::Later, Place::Settled];

fn place_of(agenda: &Agenda, key: &str) -> Place {
    let has = |l: &[Obligation]| l.iter().any(|o| o.key == key);
    if agenda.next.as_ref().is_some_and(|o| o.key == key) {
        Place::Next
    } else if has(&agenda.upcoming) {
        Place::Upcoming
    } else if has(&agenda.later) {
        Place::Later
    } else if has(&agenda.overdue) {
        Place::Overdue
    } else {
        Place::Settled
    }
}

fn members(agenda: &Agenda, place: Place) -> &[Obligation] {
    match place {
        Place::Overdue => &agenda.overdue,
        Place::Later => &agenda.later,
        Place::Settled => &agenda.settled,
        Place::Next | Place::Upcoming => &[],
    }
}

/// The list's entries in order: `d:<key>` for a duty, `f:<n>` for a fold line.
/// The overdue line comes straight after the next duty, so that it is in the first screen too.
fn entries(agenda: &Agenda) -> Vec<String> {
    let duty = |o: &Obligation| format!("d:{}", o.key);
    let mut out: Vec<String> = agenda.next.iter().map(duty).collect();
    let fold = |out: &mut Vec<String>, n: usize| {
        let list = members(agenda, FOLDS[n]);
        if !list.is_empty() {
            out.push(format!("f:{n}"));
            out.extend(list.iter().map(duty));
        }
    };
    fold(&mut out, 0);
    out.extend(agenda.upcoming.iter().map(duty));
    fold(&mut out, 1);
    fold(&mut out, 2);
    out
}

#[component]
pub fn ObligationsPanel(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open_form = RwSignal::new(None::<(String, Settle)>);
    let unfolded = RwSignal::new(Vec::<Place>::new());

    let rows: Memo<Vec<Obligation>> = Memo::new(move |_| incident.with(|i| i.as_ref().map(|i| state.obligations_of(i))).unwrap_or_default());
    let agenda: Memo<Agenda> = Memo::new(move |_| {
        let now = state.now_for(&incident_id_of(incident));
        Agenda::of(rows.get(), now, state.my_role.get().as_deref())
    });
    // With nothing left to meet in time, the overdue duties are the next actions: shown open.
    let is_open = move |place: Place| unfolded.with(|u| u.contains(&place)) || (place == Place::Overdue && agenda.with(|a| a.next.is_none()));
    let shown = move |key: &str| {
        let place = agenda.with(|a| place_of(a, key));
        !FOLDS.contains(&place) || is_open(place) || open_form.with(|f| f.as_ref().is_some_and(|(k, _)| k == key))
    };
    view! {
        <section class="panel obligations" aria-labelledby="duties-heading">
            <h2 id="duties-heading" class="visually-hidden">{t("待办与时限")}</h2>
            {move || agenda.with(|a| a.next.is_none() && a.overdue.is_empty() && a.upcoming.is_empty()).then(|| view! {
                <p class="hint" data-testid="no-open-duty">{t("目前没有待办的通知或报告。")}</p>
            })}
            <ol class="obligation-list" data-testid="obligations">
                <For
                    each=move || agenda.with(entries)
                    key=|k| k.clone()
                    children=move |entry| {
                        if let Some(n) = entry.strip_prefix("f:") {
                            let place = FOLDS[n.parse::<usize>().unwrap_or(0)];
                            view! { <FoldLine place=place agenda=agenda is_open=Signal::derive(move || is_open(place)) unfolded=unfolded/> }.into_any()
                        } else {
                            let key = entry.trim_start_matches("d:").to_string();
                            let place = Signal::derive({ let key = key.clone(); move || agenda.with(|a| place_of(a, &key)) });
                            let visible = Signal::derive({ let key = key.clone(); move || shown(&key) });
                            view! { <ObligationRow key=key rows=rows incident=incident open_form=open_form place=place visible=visible/> }.into_any()
                        }
                    }
                />
            </ol>
        </section>
    }
}

/// "7 项已超时，仍需补办" and the like: one line that opens its group.
#[component]
fn FoldLine(place: Place, agenda: Memo<Agenda>, is_open: Signal<bool>, unfolded: RwSignal<Vec<Place>>) -> impl IntoView {
    let count = move || agenda.with(|a| members(a, place).len());
    let label = move || match place {
        Place::Overdue => tf!("{0} 项已超时，仍需补办", count()),
        Place::Later => tf!("其后还有 {0} 项待办", count()),
        _ => tf!("已办结 {0} 项", count()),
    };
    let toggle = move |_| {
        unfolded.update(|u| {
            if let Some(i) = u.iter().position(|p| *p == place) {
                u.remove(i);
            } else {
                u.push(place);
            }
        })
    };
    let code = match place {
        Place::Overdue => "overdue",
        Place::Later => "later",
        _ => "settled",
    };
    view! {
        <li class=format!("fold-line fold-{code}") data-testid=format!("fold-{code}")>
            <button type="button" class="fold-toggle" aria-expanded=move || is_open.get().to_string() on:click=toggle>
                <span aria-hidden="true">{move || if is_open.get() { "▾ " } else { "▸ " }}</span>
                {label}
                <span class="fold-hint">{move || if is_open.get() { t("（收起）") } else { t("（展开）") }}</span>
            </button>
        </li>
    }
}

#[component]
fn ObligationRow(
    key: String,
    rows: Memo<Vec<Obligation>>,
    incident: Memo<Option<Incident>>,
    open_form: RwSignal<Option<(String, Settle)>>,
    place: Signal<Place>,
    visible: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = StoredValue::new(key);
    let Some(first) = rows.with_untracked(|r| key.with_value(|k| r.iter().find(|o| &o.key == k).cloned())) else {
        return ().into_any();
    };
    let current = Memo::new(move |_| {
        rows.with(|r| key.with_value(|k| r.iter().find(|o| &o.key == k).cloned())).unwrap_or_else(|| first.clone())
    });
    let rule = current.with_untracked(|o| (*o.rule).clone());
    let deadline = move || current.with(|o| o.deadline);
    let status = Memo::new(move |_| current.with(|o| o.status.clone()));
    let is_open = move || status.with(Status::is_open);
    let remaining = move || deadline() - state.now_for(&incident_id_of(incident));
    let urgency = move || if is_open() { Urgency::of(remaining()).code() } else { "settled" };
    // An ended drill is scored as it stood: its duties take no more entries (the log refuses them).
    let drill_ended = move || incident.with(|i| i.as_ref().is_some_and(|i| i.drill_setup().is_some() && i.state().closed));
    let responsible_id = rule.responsible.clone();
    let mine = Signal::derive(move || state.my_role.get().as_deref() == Some(responsible_id.as_str()));
    let recipients = incident
        .with_untracked(|i| i.as_ref().map(|i| state.with_plan(i, |p| recipient_names(&rule.recipients, &i.state(), p))))
        .unwrap_or_default();
    let responsible = incident.with_untracked(|i| i.as_ref().map(|i| state.with_plan(i, |p| p.role_name(&rule.responsible)))).unwrap_or_default();
    let numbers: Vec<String> = state.directory_untracked(|d| {
        contacts_for(&rule.recipients, &recipients, d).into_iter().map(|c| tf!("{0} {1} {2}：{3}", c.unit, c.role, c.name, reach(c))).collect()
    });
    // The plan's names are stored as they are; the screen shows them in its language.
    let recipients_text = recipients.iter().map(|r| tr(r)).collect::<Vec<_>>().join(t("、"));
    let incident_id = incident.with_untracked(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default();
    let started_at = incident.with_untracked(|i| i.as_ref().map(|i| i.state().facts.started_at)).unwrap_or_else(|| deadline());
    let showing = move |s: Settle| open_form.with(|f| f.as_ref().is_some_and(|(k, m)| key.with_value(|key| k == key) && *m == s));
    let channel = rule.channel;
    let who = tf!("责任：{0}{1}", tr(&responsible), if recipients_text.is_empty() { String::new() } else { format!(" → {recipients_text}") });
    // A written report is discharged with its draft: open it with this duty named.
    let draft = rule.report.map(|k| {
        let kind = ReportKind::from(k);
        let href = Route::Report(incident_id.clone(), kind, Some(key.get_value())).href();
        (href, tf!("打开{0}草稿", kind_name(kind)))
    });
    let basis = rule.basis.clone();
    let when = rule.when();
    let immediate = rule.immediate.then(|| match rule.schedule {
        Schedule::Within { minutes } => tf!("预案要求“立即”办理，未写明分钟数；本应用按{0}分钟计时提醒。", minutes),
        _ => t("预案要求“立即”办理，未写明时限。").to_string(),
    });

    view! {
        <li class=move || format!("obligation status-{} urgency-{} place-{}", status.with(Status::code), urgency(), place_code(place.get()))
            class:mine=mine hidden=move || !visible.get()
            data-testid="obligation" data-key=key.get_value() id=format!("duty-{}", key.get_value()) tabindex="-1">
            <div class="countdown">
                {move || (place.get() == Place::Next).then(|| view! { <span class="next-tag">{t("下一项")}</span> })}
                {move || if is_open() {
                    view! {
                        // An hour or more reads in words ("4天7小时55分"): smaller, and free to wrap in its column.
                        <span class="big-countdown" class:long=move || span_unit(remaining()).is_none() data-testid="countdown">{move || format_countdown(remaining())}</span>
                        {move || span_unit(remaining()).map(|u| view! { <span class="unit">{u}</span> })}
                    }.into_any()
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

                {move || current.with(|o| match &o.status {
                    Status::NotApplicable { reason } => Some(tf!("不适用：{0}", reason)),
                    _ => o.discharge.as_ref().map(|d| tf!("{0} 由{1}以{2}完成{3}{4}{5}{6}", format_beijing(d.at), tr(&d.by), d.channel.name(),
                        if d.recipients.is_empty() { String::new() } else { tf!("，对象：{0}", d.recipients.iter().map(|r| tr(r)).collect::<Vec<_>>().join(t("、"))) },
                        if d.reference.is_empty() { String::new() } else { tf!("，凭证：{0}", d.reference) },
                        if d.delay_reason.is_empty() { String::new() } else { tf!("，延误原因：{0}", d.delay_reason) },
                        // A time typed earlier than the entry: say when it was entered.
                        if (d.recorded_at - d.at).num_seconds() > 60 { tf!("（补录：记录于 {0}）", format_beijing(d.recorded_at)) } else { String::new() })),
                }).map(|text| view! { <p class="discharged">{text}</p> })}
                // The deadline and, on the same line, its basis on demand: one line less per card.
                <div class="when-line">
                    <p>{move || tf!("时限：{0}（{1}）", format_deadline(deadline()), tr(&rule.article))}
                        // Counted in a year without a published holiday schedule: said next to the deadline.
                        {move || current.with(|o| state.calendar(|c| c.deadline_is_provisional(&o.rule.schedule, o.started_at)))
                            .then(|| view! { " " <span class="provisional-note" data-testid="provisional">{crate::domain::base::calendar::provisional_note()}</span> })}
                    </p>
                    <details><summary>{t("依据")}</summary>
                        <p>{tr(&basis)}</p>
                        <p>{tf!("时限：{0}", when)}</p>
                        {immediate.map(|n| view! { <p data-testid="immediate-note">{n}</p> })}
                    </details>
                </div>
            </div>
            {move || (is_open() && !drill_ended()).then(|| {
                let draft = draft.clone();
                view! {
                    <div class="duty-actions">
                        {draft.map(|(href, label)| view! { <a class="button primary" data-testid="open-draft" href=href>{label}</a> })}
                        <button type="button" class=if rule.report.is_some() { "" } else { "primary" } data-testid="discharge"
                            on:click=move |_| open_form.set(Some((key.get_value(), Settle::Done)))>{t("已完成")}</button>
                        <button type="button" data-testid="not-applicable" on:click=move |_| open_form.set(Some((key.get_value(), Settle::NotApplicable)))>{t("不适用")}</button>
                    </div>
                }
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
                        // Settled, it folds away: then the cockpit (and the new next duty) takes focus.
                        request_animation_frame(move || {
                            let doc = document();
                            let target = doc.get_element_by_id(&id).filter(|el| !el.has_attribute("hidden")).or_else(|| doc.get_element_by_id("cockpit"));
                            if let Some(el) = target {
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

fn place_code(place: Place) -> &'static str {
    match place {
        Place::Next => "next",
        Place::Upcoming => "upcoming",
        Place::Later => "later",
        Place::Overdue => "overdue",
        Place::Settled => "settled",
    }
}

/// The draft's short name on a button ("报告单", "进展报告", "总结报告").
fn kind_name(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::IncidentForm => t("报告单"),
        ReportKind::Progress => t("进展报告"),
        ReportKind::Summary => t("总结报告"),
        ReportKind::DrillSummary => t("演练总结报告"),
    }
}
