//! Fund movements with the exchanges in fallback mode (第二十条): each
//! exchange's steps as a checklist, a ledger with totals, a tick per movement.

use super::company_picker::{counterparties_memo, CompanyPicker};
use crate::ui::widgets::field::Field as FormField;
use crate::ui::browser::route::{PrintView, Route};
use crate::ui::state::AppState;
use super::transfer_form::{capitals_cell, when_cell, AmountWords};
use crate::domain::business::account::mask;
use crate::domain::business::counterparty::Counterparties;
use crate::domain::base::csv;
use crate::domain::{business::exchange_funds::{movement_rows, MovementDraft, MovementEntry, MovementError, MovementField, Movements, MOVEMENT_HEADER}, events::movement::{MovementDirection, MovementMode}};
use crate::domain::events::facts::{AffectedBusiness, Exchange};
use crate::domain::base::money::capitals;
use crate::domain::base::i18n::{in_lang, t, tr, Lang};
use crate::domain::EventKind;
use crate::domain::files::saving::Feedback;
use crate::ui::browser::files;
use leptos::prelude::*;

pub fn movements_memo(state: AppState, incident_id: StoredValue<String>) -> Memo<Movements> {
    Memo::new(move |_| {
        state.incidents(|l| {
            incident_id.with_value(|id| l.iter().find(|i| i.id() == id).map(|i| Movements::from_events(i.events())).unwrap_or_default())
        })
    })
}

#[component]
pub fn ExchangePage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let incident_id = StoredValue::new(id);
    // A memo, so recording a movement does not rebuild the page (and its forms).
    let facts = Memo::new(move |_| state.incidents(|l| incident_id.with_value(|id| l.iter().find(|i| i.id() == id).map(|i| i.state().facts))));
    let movements = movements_memo(state, incident_id);
    let known = counterparties_memo(state, incident_id);
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
        None => crate::ui::incident::incident_page::not_here(incident_id.get_value()).into_any(),
        Some(f) => {
            // The exchanges the incident affects come first; both are listed so nothing is hidden.
            let mut exchanges: Vec<Exchange> = f.affected.iter().filter_map(|a| match a { AffectedBusiness::ExchangeFunds(x) => Some(*x), _ => None }).collect();
            for x in Exchange::ALL {
                if !exchanges.contains(&x) {
                    exchanges.push(x);
                }
            }
            view! {
                <section class="screen screen-wide exchange">
                    <a class="back" href=Route::Incident(incident_id.get_value()).href()>{t("← 返回事件")}</a>
                    <h1>{crate::tf!("交易所出入金 · {0}", f.title)}</h1>
                    <p class="hint">{t("通讯线路中断或系统故障时，按交易所要求的模式办理：大商所手工方式，郑商所首选磁盘导入（第二十条）。")}</p>
                    {exchanges.into_iter().map(|x| view! { <Checklist incident_id=incident_id exchange=x movements=movements/> }).collect_view()}
                    <MovementForm incident_id=incident_id movements=movements known=known/>
                    <section class="panel" aria-labelledby="movements-heading">
                        <h2 id="movements-heading">{t("出入金台账")}</h2>
                        <table class="ledger-table totals" data-testid="movement-totals">
                            <thead><tr><th scope="col">{t("交易所")}</th><th scope="col">{t("方向")}</th><th scope="col">{t("笔数")}</th><th scope="col">{t("金额")}</th></tr></thead>
                            <tbody>{move || movements.with(|m| m.totals().into_iter().map(|((x, d), (n, a))| view! {
                                <tr><td class="name">{tr(x.name())}</td><td class="nowrap">{tr(d.name())}</td><td class="num">{n}</td><td class="num">{a.to_string()}</td></tr>
                            }).collect_view())}</tbody>
                        </table>
                        <div class="actions">
                            <button type="button" on:click=export>{t("导出 CSV")}</button>
                            <a class="button" href=Route::Print(incident_id.get_value(), PrintView::MovementHandover).href()>{t("打印交接清单")}</a>
                            {move || message.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                        </div>
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="movements-heading">
                        <table class="ledger-table" data-testid="movement-table">
                            <thead><tr>
                                <th scope="col">{t("时间")}</th><th scope="col">{t("交易所")}</th><th scope="col">{t("方向")}</th><th scope="col">{t("会员")}</th>
                                <th scope="col">{t("付款账号 / 收款账号")}</th><th scope="col">{t("金额 / 大写")}</th><th scope="col">{t("指令编号")}</th>
                                <th scope="col">{t("方式")}</th><th scope="col">{t("经办")}</th><th scope="col">{t("复核")}</th><th scope="col">{t("核对")}</th>
                            </tr></thead>
                            <tbody>{move || movements.with(|m| m.entries.iter().rev().map(|e| {
                                let x = e.movement.clone();
                                let mid = x.id.clone();
                                let mid2 = mid.clone();
                                let (done, voided) = (e.reconciled, e.voided.clone());
                                let is_void = voided.is_some();
                                let unreviewed = x.reviewer.trim().is_empty();
                                view! {
                                    <tr class:reversed=is_void data-testid="movement-row">
                                        <td class="when">{when_cell(x.at)}</td>
                                        <td class="name">{tr(x.exchange.name())}</td>
                                        <td class="name">{tr(x.direction.name())}</td>
                                        <td class="name" translate="no">{x.member.clone()}</td>
                                        // One column, two lines: the pair is read together.
                                        <td class="accounts"><span>{t("付")}" "{mask(&x.from_account)}</span><span>{t("收")}" "{mask(&x.to_account)}</span></td>
                                        <td class="num">{x.amount.to_string()}{capitals_cell(x.amount)}</td>
                                        <td class="nowrap">{x.instruction.clone()}</td>
                                        <td class="name">{tr(x.mode.name())}</td>
                                        <td class="name">{x.operator.clone()}</td>
                                        // Older movements were recorded with one person only: said so, not left blank.
                                        <td class="name" class:unreviewed=unreviewed>{x.reviewer_shown()}</td>
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
                        </div>
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
fn MovementForm(incident_id: StoredValue<String>, movements: Memo<Movements>, known: Memo<Counterparties>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let exchange = RwSignal::new(Exchange::Dce);
    let direction = RwSignal::new(MovementDirection::Outflow);
    let mode = RwSignal::new(MovementMode::Manual);
    let texts: [RwSignal<String>; 9] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [member, from, to, amount, instruction, operator, reviewer, note, at] = texts;
    operator.set(state.operator.get_untracked().name);
    let errors = RwSignal::new(Vec::<MovementError>::new());
    let failed = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<Feedback>);
    let cap = state.plan_of(&incident_id.get_value()).limits.exchange_movement;
    let error_for = move |f: MovementField| Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == f).map(|e| e.message.clone())));
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
            reviewer: reviewer.get_untracked(),
            note: note.get_untracked(),
        };
        let now = state.clock_of(&incident_id.get_value(), crate::ui::browser::clock::now());
        failed.set(None);
        match movements.with_untracked(|m| known.with_untracked(|k| draft.validate(state.new_id(), m, k, cap, now))) {
            Err(e) => {
                saved.set(None);
                errors.set(e);
            }
            Ok(movement) => {
                errors.set(Vec::new());
                let text = crate::tf!("已登记：{0}{1} ¥{2}（{3}）", tr(movement.exchange.name()), tr(movement.direction.name()), movement.amount, capitals(movement.amount));
                match Feedback::of(&incident_id.get_value(), state.record(&incident_id.get_value(), movement.at, EventKind::MovementRecorded { movement }), text) {
                    Feedback::Refused(e) => failed.set(Some(e)),
                    recorded => {
                        saved.set(Some(recorded));
                        // Keep exchange, direction, mode, member and both people: the next slip is usually alike.
                        for s in [from, to, amount, instruction, note, at] {
                            s.set(String::new());
                        }
                    }
                }
            }
        }
    };
    let input = move |id: &'static str, value: RwSignal<String>, field: MovementField, mode: &'static str| view! {
        <input type="text" id=id inputmode=mode aria-describedby=format!("{id}-error")
            aria-invalid=move || errors.with(|es| es.iter().any(|e| e.field == field)).to_string()
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    };
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
                <FormField id="mv-mode" label=t("方式") error=error_for(MovementField::Mode)>
                    <select id="mv-mode" aria-describedby="mv-mode-error" on:change=move |ev| mode.set(if event_target_value(&ev) == "disk" { MovementMode::DiskImport } else { MovementMode::Manual })>
                        <option value="manual">{t("手工")}</option><option value="disk">{t("磁盘导入")}</option>
                    </select>
                </FormField>
                <CompanyPicker id="mv-member" label=t("会员（期货公司）") value=member known=known incident_id=incident_id error=error_for(MovementField::Member)/>
                <FormField id="mv-from" label=t("付款账号") required=true error=error_for(MovementField::FromAccount)>{input("mv-from", from, MovementField::FromAccount, "numeric")}</FormField>
                <FormField id="mv-to" label=t("收款账号") required=true error=error_for(MovementField::ToAccount)>{input("mv-to", to, MovementField::ToAccount, "numeric")}</FormField>
                <FormField id="mv-amount" label=t("金额（元）") required=true error=error_for(MovementField::Amount)>
                    {input("mv-amount", amount, MovementField::Amount, "decimal")}
                    <AmountWords id="mv-amount-words" text=amount cap=cap error=error_for(MovementField::Amount)/>
                </FormField>
                <FormField id="mv-instruction" label=t("交易所指令编号") required=true error=error_for(MovementField::Instruction)>{input("mv-instruction", instruction, MovementField::Instruction, "text")}</FormField>
                <FormField id="mv-operator" label=t("经办人") required=true error=error_for(MovementField::Operator)>{input("mv-operator", operator, MovementField::Operator, "text")}</FormField>
                <FormField id="mv-reviewer" label=t("复核人") required=true error=error_for(MovementField::Reviewer)>{input("mv-reviewer", reviewer, MovementField::Reviewer, "text")}</FormField>
                <FormField id="mv-at" label=t("办理时间（留空为现在）") error=error_for(MovementField::At)>
                    <input type="datetime-local" id="mv-at" step="60" aria-describedby="mv-at-error" prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                </FormField>
                <div class="field"><label for="mv-note">{t("备注")}</label>
                    <input type="text" id="mv-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/></div>
            </div>
            {move || { let e = errors.get(); (!e.is_empty()).then(|| view! {
                // The summary names every problem; each is also beside its field.
                <div class="notice notice-error" role="alert" data-testid="movement-errors">
                    <p>{crate::tf!("有 {0} 处需要修改，未登记。", e.len())}</p>
                    <ul>{e.into_iter().map(|x| view! { <li>{x.message}</li> }).collect_view()}</ul>
                </div>
            }) }}
            {move || failed.get().map(|m| view! { <div class="notice notice-error" role="alert">{m}</div> })}
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-movement">{t("登记")}</button>
                {move || saved.get().map(|f| {
                    let f = Signal::derive(move || state.settle_feedback(f.clone()));
                    view! { <span class=move || f.get().class() role="status" data-testid="movement-saved">{move || f.get().text()}</span> }
                })}
            </div>
        </form>
    }
}
