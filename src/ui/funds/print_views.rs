//! A4 print views: hand-over lists (accounts in full, figures and capitals,
//! totals that equal the rows) and the reconciliation sheet with signature lines.

use super::reconciliation_panel::{latest_confirmations, ReconciliationTable};
use crate::ui::browser::route::{PrintView, Route};
use crate::ui::state::AppState;
use crate::domain::business::exchange_funds::{movement_rows, MovementEntry, Movements, MOVEMENT_HEADER};
use crate::domain::business::ledger::{ledger_rows, Ledger, LedgerEntry, LEDGER_HEADER};
use crate::domain::base::money::capitals;
use crate::domain::business::reconcile::reconcile;
use crate::domain::base::i18n::{in_lang, t, Lang};
use crate::domain::base::time::format_beijing;
use leptos::prelude::*;

fn signatures(labels: &[&'static str]) -> impl IntoView {
    view! {
        <div class="signatures">
            {labels.iter().map(|l| view! {
                <div class="signature"><span>{*l}</span><span class="line"></span>
                    <span>"日期："</span> // zh-only: signature line of a printed Chinese document
                    <span class="line short"></span></div>
            }).collect_view()}
        </div>
    }
}

fn table(header: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <table class="ledger-table print-table" data-testid="print-table">
            <thead><tr>{header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
            <tbody>{rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
        </table>
    }
}

#[component]
pub fn PrintPage(id: String, view: PrintView) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Drawn once the incident is in memory (a closed one may still be coming off the shelf).
    let here = Memo::new({
        let id = id.clone();
        move |_| state.incidents(|l| l.iter().any(|i| i.id() == id))
    });
    move || match here.get() {
        true => print_page(state, id.clone(), view.clone()).into_any(),
        false => crate::ui::incident::incident_page::not_here(id.clone()).into_any(),
    }
}

fn print_page(state: AppState, id: String, view: PrintView) -> AnyView {
    let Some(incident) = state.incidents_untracked(|l| l.iter().find(|i| i.id() == id).cloned()) else {
        return crate::ui::incident::incident_page::not_here(id).into_any();
    };
    let title = incident.state().facts.title;
    // The institution as named in setup; blank, never "本行", until it is.
    let institution = state.sender_for(&id).institution.unwrap_or_default();
    let named = |rest: String| if institution.is_empty() { rest } else { format!("{institution} · {rest}") };
    // The printed lists are signed records for the bank's files and its Chinese counterparties
    // (futures company, exchange), like the CSV exports: built in Chinese whatever the screen language.
    let printed_at = in_lang(Lang::Zh, || format_beijing(state.now.get_untracked()));
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let back = match &view {
        PrintView::MovementHandover => Route::Exchange(id.clone()),
        _ => Route::Transfers(id.clone()),
    };
    let body = match view {
        PrintView::TransferHandover => in_lang(Lang::Zh, || {
            let ledger = Ledger::from_events(incident.events());
            let entries: Vec<&LedgerEntry> = ledger.entries.iter().collect();
            let (_, by_direction) = ledger.totals();
            let totals: Vec<String> = by_direction.into_iter().map(|(d, sum)| format!("{}合计（扣除冲正）：{} 笔，¥{}（{}）", d.name(), sum.count, sum.amount, capitals(sum.amount))).collect(); // zh-only: printed Chinese document
            view! {
                <div class="print-document" lang="zh-CN">
                    <h1>"柜面应急转账交接清单"</h1> // zh-only: printed Chinese document
                    <p>{named(format!("事件：{title} · 打印时间 {printed_at}（北京时间）"))}</p> // zh-only: printed Chinese document
                    {table(LEDGER_HEADER.iter().map(|s| s.to_string()).collect(), ledger_rows(&entries, &ledger, true))}
                    <ul class="print-total" data-testid="print-total">{totals.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    {signatures(&["移交人：", "接收人：", "复核人："])} // zh-only: printed Chinese document
                </div>
            }
            .into_any()
        }),
        PrintView::MovementHandover => in_lang(Lang::Zh, || {
            let m = Movements::from_events(incident.events());
            let entries: Vec<&MovementEntry> = m.entries.iter().collect();
            let totals: Vec<String> = m.totals().into_iter().map(|((x, d), (n, a))| format!("{}{}：{} 笔，¥{}（{}）", x.name(), d.name(), n, a, capitals(a))).collect(); // zh-only: printed Chinese document
            view! {
                <div class="print-document" lang="zh-CN">
                    <h1>"交易所出入金交接清单"</h1> // zh-only: printed Chinese document
                    <p>{named(format!("事件：{title} · 打印时间 {printed_at}（北京时间）"))}</p> // zh-only: printed Chinese document
                    {table(MOVEMENT_HEADER.iter().map(|s| s.to_string()).collect(), movement_rows(&entries, true))}
                    <ul class="print-total">{totals.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    {signatures(&["经办人：", "复核人：", "交易所核对人："])} // zh-only: printed Chinese document
                </div>
            }
            .into_any()
        }),
        PrintView::Reconciliation(company) => {
            let ledger = Ledger::from_events(incident.events());
            match latest_confirmations(&incident, &company) {
                None => view! { <p>{crate::tf!("尚未导入{0}的对账清单。", company)}</p> }.into_any(),
                Some(rows) => in_lang(Lang::Zh, || {
                    let r = reconcile(&ledger, &company, &rows);
                    let summary = format!("不一致 {} 笔；本行合计 ¥{}，期货公司合计 ¥{}", r.mismatches(), r.our_total, r.their_total); // zh-only: printed Chinese document
                    view! {
                        <div class="print-document" lang="zh-CN">
                            <h1>"银期转账应急业务对账单"</h1> // zh-only: printed Chinese document
                            <p>{named(format!("{company} · 事件：{title} · 打印时间 {printed_at}（北京时间）"))}</p> // zh-only: printed Chinese document
                            <p>{summary}</p>
                            <ReconciliationTable result=r/>
                            {signatures(&["本行经办：", "本行复核：", "期货公司经办：", "期货公司复核："])} // zh-only: printed Chinese document
                        </div>
                    }
                    .into_any()
                }),
            }
        }
    };
    view! {
        <section class="screen print-page">
            <div class="actions no-print">
                <a class="back" href=back.href()>{t("← 返回")}</a>
                <button type="button" class="primary" on:click=print>{t("打印")}</button>
            </div>
            {body}
        </section>
    }
    .into_any()
}
