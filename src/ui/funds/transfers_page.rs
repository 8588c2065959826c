//! The counter-transfer ledger of an incident (第十九条): record, find, move
//! each entry on, reverse mistakes, total, export, print, reconcile.

use super::company_picker::counterparties_memo;
use super::reconciliation_panel::ReconciliationPanel;
use crate::ui::browser::route::{PrintView, Route};
use crate::ui::state::AppState;
use super::transfer_form::{capitals_cell, when_cell, TransferForm};
use crate::domain::business::account::mask;
use crate::domain::base::csv;
use crate::domain::{business::ledger::{ledger_rows, reversal, Ledger, LedgerEntry, LEDGER_HEADER}, events::transfer::TransferDirection};
use crate::domain::base::i18n::{in_lang, t, tr, Lang};
use crate::domain::EventKind;
use crate::ui::browser::files;
use leptos::prelude::*;

/// Rows drawn at once: enough to work with, few enough to stay instant with 10,000 entries.
const SHOWN: usize = 200;

/// The incident's ledger, folded from its log. A log that only grew since (its last
/// folded entry still in place) is folded on from there: refolding 10,000 entries
/// for each new one held up the engine's answer to it.
pub fn ledger_memo(state: AppState, incident_id: StoredValue<String>) -> Memo<Ledger> {
    // How many entries the ledger holds folded, and the id of the last of them.
    let folded = StoredValue::new((0usize, String::new()));
    Memo::new_owning(move |before: Option<Ledger>| {
        state.incidents(|l| {
            incident_id.with_value(|id| {
                let Some(incident) = l.iter().find(|i| i.id() == id) else {
                    folded.set_value((0, String::new()));
                    return (Ledger::default(), true);
                };
                let events = incident.events();
                let (n, last) = folded.get_value();
                let grew = n > 0 && n <= events.len() && events[n - 1].id == last;
                let (ledger, changed) = match before {
                    Some(mut ledger) if grew => {
                        let changed = ledger.extend(&events[n..]);
                        (ledger, changed)
                    }
                    _ => (Ledger::from_events(events), true),
                };
                folded.set_value((events.len(), events.last().map(|e| e.id.clone()).unwrap_or_default()));
                (ledger, changed)
            })
        })
    })
}

#[component]
pub fn TransfersPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let incident_id = StoredValue::new(id);
    // A memo, so the page is rebuilt only if the title changes, not on every entry.
    let title = Memo::new(move |_| state.incidents(|l| incident_id.with_value(|id| l.iter().find(|i| i.id() == id).map(|i| i.state().facts.title))));
    let ledger = ledger_memo(state, incident_id);
    let known = counterparties_memo(state, incident_id);
    let query = RwSignal::new(String::new());
    let direction = RwSignal::new(None::<TransferDirection>);
    let message = RwSignal::new(None::<String>);
    // How many entries match, and the ids of the newest `SHOWN` of them: all 10,000
    // ids copied and compared on every entry booked held up the engine's answer.
    let found = Memo::new(move |_| {
        let q = query.get();
        let d = direction.get();
        ledger.with(|l| {
            let hits = l.filter(&q, d);
            (hits.len(), hits.into_iter().take(SHOWN).map(|e| e.transfer.id.clone()).collect::<Vec<_>>())
        })
    });

    let export = move |_| {
        let hash = state.incidents_untracked(|l| incident_id.with_value(|id| l.iter().find(|i| i.id() == id).map(crate::domain::incidents::integrity::final_hash))).unwrap_or_default();
        // The export is a Chinese document, like the report drafts: Chinese columns, values and dates.
        let text = in_lang(Lang::Zh, || ledger.with_untracked(|l| {
            let entries: Vec<&LedgerEntry> = l.entries.iter().collect();
            let mut rows = vec![LEDGER_HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
            rows.extend(ledger_rows(&entries, l, false));
            // The export names the exact log it came from.
            rows.push(vec!["记录校验值".into(), hash]); // zh-only: a row of the Chinese CSV export, under its Chinese columns
            csv::write(&rows)
        }));
        if let Err(e) = files::download(t("柜面转账台账.csv"), "text/csv;charset=utf-8", &text) {
            message.set(Some(e));
        }
    };

    view! {
        {move || match title.get() {
            None => crate::ui::incident::incident_page::not_here(incident_id.get_value()).into_any(),
            Some(incident_title) => view! {
                <section class="screen screen-wide transfers">
                    <a class="back" href=Route::Incident(incident_id.get_value()).href()>{t("← 返回事件")}</a>
                    <h1>{crate::tf!("柜面转账台账 · {0}", incident_title)}</h1>
                    <p class="hint">{t("系统中断期间客户坚持或确需办理的银转期、期转银，在柜面办理后逐笔登记；告知期货公司、对方确认、日终对账后依次推进。登记有误时用冲正更正，原记录保留。")}</p>
                    <Totals ledger=ledger/>
                    <div class="actions">
                        <button type="button" data-testid="export-transfers" on:click=export>{t("导出 CSV")}</button>
                        <a class="button" href=Route::Print(incident_id.get_value(), PrintView::TransferHandover).href()>{t("打印交接清单")}</a>
                        {move || message.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                    </div>
                    <TransferForm incident_id=incident_id.get_value() ledger=ledger known=known/>
                    <section class="panel" aria-labelledby="ledger-heading">
                        <h2 id="ledger-heading">{t("台账")}</h2>
                        <div class="actions">
                            <label for="ledger-query">{t("查找")}</label>
                            <input type="search" id="ledger-query" data-testid="ledger-query" placeholder=t("客户、凭证号、账号或期货公司")
                                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                            <select aria-label=t("业务类型") on:change=move |ev| direction.set(TransferDirection::from_name(&event_target_value(&ev)))>
                                <option value="">{t("全部")}</option>
                                {TransferDirection::ALL.into_iter().map(|d| view! { <option value=d.name()>{tr(d.name())}</option> }).collect_view()}
                            </select>
                        </div>
                        <p class="hint" data-testid="ledger-count">{move || {
                            let n = found.with(|f| f.0);
                            if n > SHOWN { crate::tf!("共 {0} 笔，显示最新 {1} 笔；请用查找缩小范围。", n, SHOWN) } else { crate::tf!("共 {0} 笔。", n) }
                        }}</p>
                        // Scrolls sideways, by keyboard too, if a narrow window cannot hold every column.
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="ledger-heading">
                        <table class="ledger-table" data-testid="ledger-table">
                            <thead><tr>
                                <th scope="col">{t("时间")}</th><th scope="col">{t("类型")}</th><th scope="col">{t("客户")}</th><th scope="col">{t("银行账号")}</th>
                                <th scope="col">{t("期货公司")}</th><th scope="col">{t("资金账号")}</th><th scope="col">{t("金额")}</th><th scope="col">{t("凭证号")}</th>
                                <th scope="col">{t("状态")}</th><th scope="col">{t("操作")}</th>
                            </tr></thead>
                            <tbody>
                                <For
                                    each=move || found.with(|f| f.1.clone())
                                    key=|id| id.clone()
                                    children=move |tid| view! { <EntryRow incident_id=incident_id tid=tid ledger=ledger/> }
                                />
                            </tbody>
                        </table>
                        </div>
                    </section>
                    <ReconciliationPanel incident_id=incident_id.get_value() ledger=ledger/>
                </section>
            }.into_any(),
        }}
    }
}

#[component]
fn Totals(ledger: Memo<Ledger>) -> impl IntoView {
    view! {
        <table class="ledger-table totals" data-testid="ledger-totals">
            <caption>{t("合计（已扣除冲正）")}</caption>
            <thead><tr><th scope="col">{t("期货公司")}</th><th scope="col">{t("类型")}</th><th scope="col">{t("笔数")}</th><th scope="col">{t("金额")}</th></tr></thead>
            <tbody>
                {move || ledger.with(|l| l.totals().0.into_iter().map(|((company, d), sum)| view! {
                    <tr><td class="name" translate="no">{company}</td><td class="nowrap">{tr(d.name())}</td><td class="num">{sum.count}</td><td class="num">{sum.amount.to_string()}</td></tr>
                }).collect_view())}
            </tbody>
            <tfoot>
                // Per direction: 银转期 and 期转银 added together would be no flow of money.
                {move || ledger.with(|l| l.totals().1.into_iter().map(|(d, sum)| view! {
                    <tr class="grand-total"><th scope="row" colspan="2">{crate::tf!("{0}合计", tr(d.name()))}</th><td class="num">{sum.count}</td>
                        <td class="num" data-testid=format!("total-{}", crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::Zh, || d.name()))>{sum.amount.to_string()}</td></tr>
                }).collect_view())}
            </tfoot>
        </table>
    }
}

#[component]
fn EntryRow(incident_id: StoredValue<String>, tid: String, ledger: Memo<Ledger>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tid = StoredValue::new(tid);
    let entry = Memo::new(move |_| ledger.with(|l| tid.with_value(|id| l.get(id).cloned())));
    let reversing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let (voucher, operator, reviewer, reason) = (RwSignal::new(String::new()), RwSignal::new(state.operator.get_untracked().name), RwSignal::new(String::new()), RwSignal::new(String::new()));

    let advance = move |_| {
        let Some(e) = entry.get_untracked() else { return };
        let Some(next) = e.stage.next() else { return };
        let kind = EventKind::TransferAdvanced { transfer_id: e.transfer.id.clone(), stage: next, note: String::new() };
        if let Err(err) = state.record_now(&incident_id.get_value(), kind) {
            error.set(Some(err));
        }
    };
    let reverse = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(e) = entry.get_untracked() else { return };
        let now = state.clock_of(&incident_id.get_value(), crate::ui::browser::clock::now());
        let taken = ledger.with_untracked(|l| l.voucher_taken(voucher.get_untracked().trim()));
        if taken {
            return error.set(Some(t("冲正凭证号已被使用").into()));
        }
        match reversal(&e, state.new_id(), &voucher.get_untracked(), &operator.get_untracked(), &reviewer.get_untracked(), &reason.get_untracked(), now) {
            Err(m) => error.set(Some(m)),
            Ok(transfer) => match state.record(&incident_id.get_value(), now, EventKind::TransferRecorded { transfer }) {
                Ok(_) => {
                    reversing.set(false);
                    error.set(None);
                }
                Err(m) => error.set(Some(m)),
            },
        }
    };

    move || entry.get().map(|e| {
        let x = e.transfer.clone();
        let next = e.stage.next().filter(|_| e.is_effective());
        let can_reverse = e.is_effective();
        view! {
            <tr class:reversed=!e.is_effective() data-testid="ledger-row">
                <td class="when">{when_cell(x.at)}</td>
                <td class="name">{if e.is_reversal() { crate::tf!("{0}冲正", tr(x.direction.name())) } else { tr(x.direction.name()) }}</td>
                <td class="name">{x.customer.clone()}</td>
                <td class="nowrap">{mask(&x.bank_account)}</td>
                <td class="name" translate="no">{x.futures_company.clone()}</td>
                <td class="nowrap">{mask(&x.futures_account)}</td>
                <td class="num">{e.signed_amount().to_string()}{capitals_cell(e.signed_amount())}</td>
                <td class="nowrap">{x.voucher.clone()}</td>
                <td class="name">{if e.reversed_by.is_some() { t("已冲正").to_string() } else { tr(e.stage.name()) }}</td>
                <td class="row-actions">
                    {next.map(|s| view! { <button type="button" class="link" on:click=advance>{crate::tf!("记为{0}", tr(s.name()))}</button> })}
                    {can_reverse.then(|| view! { <button type="button" class="link" on:click=move |_| reversing.set(true)>{t("冲正…")}</button> })}
                </td>
            </tr>
            {move || error.get().map(|m| view! { <tr><td colspan="10" class="field-error" role="alert">{m}</td></tr> })}
            {move || reversing.get().then(|| view! {
                <tr><td colspan="10">
                    <form class="reverse-form" on:submit=reverse aria-label=t("冲正")>
                        <label>{t("冲正凭证号")}<input type="text" prop:value=move || voucher.get() on:input=move |ev| voucher.set(event_target_value(&ev))/></label>
                        <label>{t("经办人")}<input type="text" prop:value=move || operator.get() on:input=move |ev| operator.set(event_target_value(&ev))/></label>
                        <label>{t("复核人")}<input type="text" prop:value=move || reviewer.get() on:input=move |ev| reviewer.set(event_target_value(&ev))/></label>
                        <label>{t("原因")}<input type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                        <button type="submit" class="primary">{t("确认冲正")}</button>
                        <button type="button" on:click=move |_| reversing.set(false)>{t("取消")}</button>
                    </form>
                </td></tr>
            })}
        }
    })
}
