//! Fund movements with the exchanges in fallback mode (第二十条): each
//! exchange's steps as a checklist, a ledger with totals, a tick per movement.

use super::route::{PrintView, Route};
use super::state::AppState;
use crate::domain::csv;
use crate::domain::exchange_funds::{movement_rows, MovementDirection, MovementDraft, MovementEntry, MovementMode, Movements, MOVEMENT_HEADER};
use crate::domain::facts::{AffectedBusiness, Exchange};
use crate::domain::money::{capitals, parse_amount};
use crate::domain::i18n::{in_lang, t, tr, Lang};
use crate::domain::EventKind;
use crate::store::{files, ids::new_id};
use super::field::labelled_text;
use leptos::prelude::*;

pub fn movements_memo(state: AppState, incident_id: StoredValue<String>) -> Memo<Movements> {
    Memo::new(move |_| {
        state.incidents.with(|l| {
            incident_id.with_value(|id| l.iter().find(|i| i.id() == id).map(|i| Movements::from_events(i.events())).unwrap_or_default())
        })
    })
}

#[component]
pub fn ExchangePage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let incident_id = StoredValue::new(id);
    // A memo, so recording a movement does not rebuild the page (and its forms).
    let facts = Memo::new(move |_| state.incidents.with(|l| incident_id.with_value(|id| l.iter().find(|i| i.id() == id).map(|i| i.state().facts))));
    let movements = movements_memo(state, incident_id);
    let message = RwSignal::new(None::<String>);
    let export = move |_| {
        // The export is a Chinese document, like the report drafts: Chinese columns, values and dates.
        let text = in_lang(Lang::Zh, || movements.with_untracked(|m| {
            let entries: Vec<&MovementEntry> = m.entries.iter().collect();
            let mut rows = vec![MOVEMENT_HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
            rows.extend(movement_rows(&entries, false));
            csv::write(&rows)
        }));
        if let Err(e) = files::download(t("交易所出入金台账.csv"), "text/csv;charset=utf-8", &text) {
            message.set(Some(e));
        }
    };

    move || match facts.get() {
        None => view! { <section class="screen"><h1>{t("找不到该事件")}</h1></section> }.into_any(),
        Some(f) => {
            // The exchanges the incident affects come first; both are listed so nothing is hidden.
            let mut exchanges: Vec<Exchange> = f.affected.iter().filter_map(|a| match a { AffectedBusiness::ExchangeFunds(x) => Some(*x), _ => None }).collect();
            for x in Exchange::ALL {
                if !exchanges.contains(&x) {
                    exchanges.push(x);
                }
            }
            view! {
                <section class="screen exchange">
                    <a class="back" href=Route::Incident(incident_id.get_value()).href()>{t("← 返回事件")}</a>
                    <h1>{crate::tf!("交易所出入金 · {0}", f.title)}</h1>
                    <p class="hint">{t("通讯线路中断或系统故障时，按交易所要求的模式办理：大商所手工方式，郑商所首选磁盘导入（第二十条）。")}</p>
                    {exchanges.into_iter().map(|x| view! { <Checklist incident_id=incident_id exchange=x movements=movements/> }).collect_view()}
                    <MovementForm incident_id=incident_id movements=movements/>
                    <section class="panel" aria-labelledby="movements-heading">
                        <h2 id="movements-heading">{t("出入金台账")}</h2>
                        <table class="ledger-table totals" data-testid="movement-totals">
                            <thead><tr><th scope="col">{t("交易所")}</th><th scope="col">{t("方向")}</th><th scope="col">{t("笔数")}</th><th scope="col">{t("金额")}</th></tr></thead>
                            <tbody>{move || movements.with(|m| m.totals().into_iter().map(|((x, d), (n, a))| view! {
                                <tr><td>{tr(x.name())}</td><td>{tr(d.name())}</td><td class="num">{n}</td><td class="num">{a.to_string()}</td></tr>
                            }).collect_view())}</tbody>
                        </table>
                        <div class="actions">
                            <button type="button" on:click=export>{t("导出 CSV")}</button>
                            <a class="button" href=Route::Print(incident_id.get_value(), PrintView::MovementHandover).href()>{t("打印交接清单")}</a>
                            {move || message.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                        </div>
                        <table class="ledger-table" data-testid="movement-table">
                            <thead><tr>{MOVEMENT_HEADER.iter().filter(|h| **h != "金额大写").map(|h| view! { <th scope="col">{tr(h)}</th> }).collect_view()}</tr></thead> // zh-only: compares with the domain's Chinese column name
                            <tbody>{move || movements.with(|m| m.entries.iter().rev().map(|e| {
                                let row = movement_rows(&[e], false).remove(0);
                                let mid = e.movement.id.clone();
                                let mid2 = mid.clone();
                                let (done, voided) = (e.reconciled, e.voided.clone());
                                let is_void = voided.is_some();
                                view! {
                                    <tr class:reversed=is_void>
                                        // Exchange, direction and mode are the domain's Chinese names.
                                        {row.into_iter().enumerate().filter(|(i, _)| *i != 7 && *i != 11).map(|(i, c)| view! { <td>{if matches!(i, 1 | 2 | 9) { tr(&c) } else { c }}</td> }).collect_view()}
                                        <td class="row-actions">{match (voided, done) {
                                            (Some(why), _) => view! { <span>{crate::tf!("已作废：{0}", why)}</span> }.into_any(),
                                            (None, true) => view! { <span>{t("已核对")}</span> }.into_any(),
                                            (None, false) => view! {
                                                <button type="button" class="link" on:click=move |_| {
                                                    let kind = EventKind::MovementReconciled { movement_id: mid.clone() };
                                                    if let Err(e) = state.record_now(&incident_id.get_value(), kind) { message.set(Some(e)); }
                                                }>{t("核对无误")}</button>
                                                <button type="button" class="link" on:click=move |_| {
                                                    let reason = web_sys::window().and_then(|w| w.prompt_with_message(t("作废原因（记录保留，不计入合计）：")).ok().flatten()).unwrap_or_default();
                                                    if reason.trim().is_empty() { return message.set(Some(t("作废须填写原因，未作废").into())); }
                                                    let kind = EventKind::MovementVoided { movement_id: mid2.clone(), reason: reason.trim().to_string() };
                                                    if let Err(e) = state.record_now(&incident_id.get_value(), kind) { message.set(Some(e)); }
                                                }>{t("作废…")}</button>
                                            }.into_any(),
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view())}</tbody>
                        </table>
                    </section>
                </section>
            }
            .into_any()
        }
    }
}

#[component]
fn Checklist(incident_id: StoredValue<String>, exchange: Exchange, movements: Memo<Movements>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let steps = state.plan_of(&incident_id.get_value()).fallback.into_iter().filter(|s| s.exchange == exchange).collect::<Vec<_>>();
    view! {
        <section class="panel checklist" aria-label=crate::tf!("{0}应急步骤", tr(exchange.name()))>
            <h2>{crate::tf!("{0}（{1}）", tr(exchange.name()), if exchange == Exchange::Dce { t("手工方式") } else { t("磁盘导入优先") })}</h2>
            <ol>
                {steps.into_iter().map(|s| {
                    let sid = s.id.clone();
                    let done = Memo::new(move |_| movements.with(|m| m.steps_done.contains_key(&sid)));
                    let sid2 = s.id.clone();
                    view! {
                        <li>
                            <label class="choice">
                                <input type="checkbox" data-testid=format!("step-{}", s.id) prop:checked=move || done.get()
                                    prop:disabled=move || done.get()
                                    on:change=move |_| {
                                        let kind = EventKind::ChecklistStepDone { step_id: sid2.clone(), note: String::new() };
                                        if let Err(e) = state.record_now(&incident_id.get_value(), kind) {
                                            let _ = web_sys::window().map(|w| w.alert_with_message(&crate::tf!("未能记录：{0}", e)));
                                        }
                                    }/>
                                {crate::tf!("{0}（{1}）", tr(&s.title), tr(&s.article))}
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn MovementForm(incident_id: StoredValue<String>, movements: Memo<Movements>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let exchange = RwSignal::new(Exchange::Dce);
    let direction = RwSignal::new(MovementDirection::Outflow);
    let mode = RwSignal::new(MovementMode::Manual);
    let texts: [RwSignal<String>; 8] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [member, from, to, amount, instruction, operator, note, at] = texts;
    operator.set(state.operator.get_untracked().name);
    let errors = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = MovementDraft {
            at: at.get_untracked(),
            exchange: exchange.get_untracked(),
            direction: direction.get_untracked(),
            member: member.get_untracked(),
            from_account: from.get_untracked(),
            to_account: to.get_untracked(),
            amount: amount.get_untracked(),
            instruction: instruction.get_untracked(),
            mode: mode.get_untracked(),
            operator: operator.get_untracked(),
            note: note.get_untracked(),
        };
        let cap = state.plan_of(&incident_id.get_value()).limits.exchange_movement;
        let now = state.clock_of(&incident_id.get_value(), super::clock::now());
        match movements.with_untracked(|m| draft.validate(new_id(), m, cap, now)) {
            Err(e) => errors.set(e),
            Ok(movement) => {
                errors.set(Vec::new());
                let text = crate::tf!("已登记：{0}{1} ¥{2}", tr(movement.exchange.name()), tr(movement.direction.name()), movement.amount);
                match state.record(&incident_id.get_value(), movement.at, EventKind::MovementRecorded { movement }) {
                    Ok(()) => {
                        saved.set(Some(text));
                        for s in [from, to, amount, instruction, note, at] {
                            s.set(String::new());
                        }
                    }
                    Err(e) => errors.set(vec![e]),
                }
            }
        }
    };
    let text = |id, label, s| view! { <div class="field">{labelled_text(id, label, s)}</div> };
    view! {
        <form class="panel" on:submit=submit novalidate aria-label=t("登记出入金")>
            <h2>{t("登记出入金")}</h2>
            <div class="row">
                <div class="field"><label for="mv-exchange">{t("交易所")}</label>
                    <select id="mv-exchange" on:change=move |ev| exchange.set(if event_target_value(&ev) == "zce" { Exchange::Zce } else { Exchange::Dce })>
                        <option value="dce">{tr(Exchange::Dce.name())}</option><option value="zce">{tr(Exchange::Zce.name())}</option>
                    </select></div>
                <div class="field"><label for="mv-direction">{t("方向")}</label>
                    <select id="mv-direction" on:change=move |ev| direction.set(if event_target_value(&ev) == "in" { MovementDirection::Inflow } else { MovementDirection::Outflow })>
                        <option value="out">{t("出金")}</option><option value="in">{t("入金")}</option>
                    </select></div>
                <div class="field"><label for="mv-mode">{t("方式")}</label>
                    <select id="mv-mode" on:change=move |ev| mode.set(if event_target_value(&ev) == "disk" { MovementMode::DiskImport } else { MovementMode::Manual })>
                        <option value="manual">{t("手工")}</option><option value="disk">{t("磁盘导入")}</option>
                    </select></div>
                {text("mv-member", t("会员（期货公司）"), member)}
                {text("mv-from", t("付款账号"), from)}
                {text("mv-to", t("收款账号"), to)}
                <div class="field"><label for="mv-amount">{t("金额（元）")}</label>
                    <input type="text" id="mv-amount" inputmode="decimal" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                    <p class="hint">{move || parse_amount(&amount.get(), None).ok().map(|a| view! { {t("大写：")}<span lang="zh-CN">{capitals(a)}</span> })}</p></div>
                {text("mv-instruction", t("交易所指令编号"), instruction)}
                {text("mv-operator", t("经办人"), operator)}
                {text("mv-note", t("备注"), note)}
                <div class="field"><label for="mv-at">{t("办理时间（留空为现在）")}</label>
                    <input type="datetime-local" id="mv-at" step="60" prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/></div>
            </div>
            {move || { let e = errors.get(); (!e.is_empty()).then(|| view! {
                <ul class="notice notice-error" role="alert" data-testid="movement-errors">{e.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
            }) }}
            <div class="actions">
                <button type="submit" class="primary">{t("登记")}</button>
                {move || saved.get().map(|s| view! { <span class="saved" role="status">{s}</span> })}
            </div>
        </form>
    }
}
