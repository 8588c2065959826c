//! A4 print views: hand-over lists (accounts in full, figures and capitals,
//! totals that equal the rows) and the reconciliation sheet with signature lines.

use super::reconciliation_panel::{latest_confirmations, ReconciliationTable};
use super::route::{PrintView, Route};
use super::state::AppState;
use crate::domain::exchange_funds::{movement_rows, MovementEntry, Movements, MOVEMENT_HEADER};
use crate::domain::ledger::{ledger_rows, Ledger, LedgerEntry, LEDGER_HEADER};
use crate::domain::money::capitals;
use crate::domain::reconcile::reconcile;
use crate::domain::time::format_beijing;
use leptos::prelude::*;

fn signatures(labels: &[&'static str]) -> impl IntoView {
    view! {
        <div class="signatures">
            {labels.iter().map(|l| view! { <div class="signature"><span>{*l}</span><span class="line"></span><span>"日期："</span><span class="line short"></span></div> }).collect_view()}
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
    let Some(incident) = state.incidents.with_untracked(|l| l.iter().find(|i| i.id() == id).cloned()) else {
        return view! { <section class="screen"><h1>"找不到该事件"</h1></section> }.into_any();
    };
    let title = incident.state().facts.title;
    let institution = state.plan_of(&id).institution;
    let printed_at = format_beijing(state.now.get_untracked());
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
        PrintView::TransferHandover => {
            let ledger = Ledger::from_events(incident.events());
            let entries: Vec<&LedgerEntry> = ledger.entries.iter().collect();
            let (_, by_direction) = ledger.totals();
            let totals: Vec<String> = by_direction.into_iter().map(|(d, t)| format!("{}合计（扣除冲正）：{} 笔，¥{}（{}）", d.name(), t.count, t.amount, capitals(t.amount))).collect();
            view! {
                <h1>"柜面应急转账交接清单"</h1>
                <p>{format!("{institution} · 事件：{title} · 打印时间 {printed_at}（北京时间）")}</p>
                {table(LEDGER_HEADER.iter().map(|s| s.to_string()).collect(), ledger_rows(&entries, &ledger, true))}
                <ul class="print-total" data-testid="print-total">{totals.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                {signatures(&["移交人：", "接收人：", "复核人："])}
            }
            .into_any()
        }
        PrintView::MovementHandover => {
            let m = Movements::from_events(incident.events());
            let entries: Vec<&MovementEntry> = m.entries.iter().collect();
            let totals: Vec<String> = m.totals().into_iter().map(|((x, d), (n, a))| format!("{}{}：{} 笔，¥{}（{}）", x.name(), d.name(), n, a, capitals(a))).collect();
            view! {
                <h1>"交易所出入金交接清单"</h1>
                <p>{format!("{institution} · 事件：{title} · 打印时间 {printed_at}（北京时间）")}</p>
                {table(MOVEMENT_HEADER.iter().map(|s| s.to_string()).collect(), movement_rows(&entries, true))}
                <ul class="print-total">{totals.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                {signatures(&["经办人：", "复核人：", "交易所核对人："])}
            }
            .into_any()
        }
        PrintView::Reconciliation(company) => {
            let ledger = Ledger::from_events(incident.events());
            match latest_confirmations(&incident, &company) {
                None => view! { <p>{format!("尚未导入{company}的对账清单。")}</p> }.into_any(),
                Some(rows) => {
                    let r = reconcile(&ledger, &company, &rows);
                    let summary = format!("不一致 {} 笔；本行合计 ¥{}，期货公司合计 ¥{}", r.mismatches(), r.our_total, r.their_total);
                    view! {
                        <h1>"银期转账应急业务对账单"</h1>
                        <p>{format!("{institution} — {company} · 事件：{title} · 打印时间 {printed_at}（北京时间）")}</p>
                        <p>{summary}</p>
                        <ReconciliationTable result=r/>
                        {signatures(&["本行经办：", "本行复核：", "期货公司经办：", "期货公司复核："])}
                    }
                    .into_any()
                }
            }
        }
    };
    view! {
        <section class="screen print-page">
            <div class="actions no-print">
                <a class="back" href=back.href()>"← 返回"</a>
                <button type="button" class="primary" on:click=print>"打印"</button>
            </div>
            {body}
        </section>
    }
    .into_any()
}
