//! End-of-day reconciliation with one futures company (第十九条（二））: import
//! its list (kept in the log as received), see every difference, mark the
//! agreeing entries reconciled, print the sheet for both sides to sign.

use crate::ui::browser::route::{PrintView, Route};
use crate::ui::state::AppState;
use crate::domain::{business::ledger::Ledger, events::transfer::Stage};
use crate::domain::{business::reconcile::{parse_confirmations, reconcile, Reconciliation, CONFIRMATION_COLUMNS}, events::transfer::Confirmation};
use crate::domain::base::i18n::{in_lang, t, tr, Lang};
use crate::domain::{EventKind, Incident};
use crate::domain::files::saving::{chars_shown, stored_chars, Feedback, Recorded, Room, Stored, RESERVE_CHARS};
use crate::ui::browser::files;
use leptos::prelude::*;
use crate::ui::browser::file_pick::read_picked;

/// The latest list imported for `company`, from the log.
pub fn latest_confirmations(incident: &Incident, company: &str) -> Option<Vec<Confirmation>> {
    incident.events().iter().rev().find_map(|e| match &e.kind {
        EventKind::ConfirmationImported { futures_company, rows } if futures_company == company => Some(rows.clone()),
        _ => None,
    })
}

#[component]
pub fn ReconciliationTable(result: Reconciliation) -> impl IntoView {
    view! {
        <table class="ledger-table recon-table" data-testid="recon-table">
            <thead><tr><th scope="col">{t("凭证号")}</th><th scope="col">{t("本行金额")}</th><th scope="col">{t("对方金额")}</th><th scope="col">{t("对方行号")}</th><th scope="col">{t("结果")}</th></tr></thead>
            <tbody>
                {result.lines.into_iter().map(|l| view! {
                    <tr class:mismatch=!l.outcome.is_ok() data-testid="recon-line">
                        <td>{l.voucher}</td>
                        <td class="num">{l.our_amount.map(|a| a.to_string())}</td>
                        <td class="num">{l.their_amount.map(|a| a.to_string())}</td>
                        <td class="num">{l.their_line.map(|n| n.to_string())}</td>
                        <td>{tr(&l.outcome.describe())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th scope="row">{t("合计")}</th><td class="num">{result.our_total.to_string()}</td><td class="num">{result.their_total.to_string()}</td><td></td><td></td></tr></tfoot>
        </table>
    }
}

#[component]
pub fn ReconciliationPanel(incident_id: String, ledger: Memo<Ledger>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let incident_id = StoredValue::new(incident_id);
    let company = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    // What became of the last import or marking: green only once storage took it.
    let outcome = RwSignal::new(None::<Feedback>);
    // A large list waits here for a yes (the question, and the entry to record).
    let question = RwSignal::new(None::<String>);
    let waiting = StoredValue::new(None::<(String, usize, EventKind)>);
    let import_errors = RwSignal::new(Vec::<String>::new());
    let companies = Memo::new(move |_| ledger.with(|l| l.futures_companies()));
    // The differences are written as text in the current language, so the export
    // (a Chinese document) compares again inside `in_lang(Zh)`: `untrack` gives that
    // second run the same inputs without subscribing the click handler to them.
    let compute = move || {
        let c = company.get();
        if c.is_empty() {
            return None;
        }
        let theirs = state.incidents(|l| l.iter().find(|i| incident_id.with_value(|id| i.id() == id)).and_then(|i| latest_confirmations(i, &c)))?;
        Some(ledger.with(|l| reconcile(l, &c, &theirs)))
    };
    let result = Memo::new(move |_| compute());

    let commit = move |c: String, n: usize, kind: EventKind| {
        let id = incident_id.get_value();
        outcome.set(Some(Feedback::of(&id, state.record_now(&id, kind), crate::tf!("已导入{0}对账清单 {1} 行。", c, n))));
    };
    let import = move |ev: leptos::ev::Event| {
        let c = company.get_untracked();
        if c.is_empty() {
            return message.set(Some((false, t("请先选择期货公司").into())));
        }
        import_errors.set(Vec::new());
        message.set(None);
        outcome.set(None);
        question.set(None);
        waiting.set_value(None);
        read_picked(&ev, files::MAX_IMPORT_BYTES, message, move |text| {
            match parse_confirmations(&text) {
                Err(errors) => {
                    message.set(Some((false, crate::tf!("对账清单未导入：发现 {0} 处问题，请修正后重新导入。", errors.len()))));
                    import_errors.set(errors.into_iter().map(|e| crate::tf!("第 {0} 行：{1}", e.line, e.message)).collect());
                }
                Ok(rows) => {
                    let n = rows.len();
                    let kind = EventKind::ConfirmationImported { futures_company: c.clone(), rows };
                    // The list is kept whole in the incident's log: judge its size against the room left first.
                    let json = serde_json::to_string(&kind).map(|s| s.chars().count()).unwrap_or(0);
                    let needed = stored_chars(json, state.is_sealed());
                    match state.room_for_chars(needed) {
                        Room::Fits => commit(c, n, kind),
                        Room::Ask { share, left } => {
                            question.set(Some(crate::tf!(
                                "这份清单有 {0} 行，保存需{1}，约占本机存储的 {2}%，导入后约剩 {3}%。存储用尽后新的记录将无法保存。确定导入吗？",
                                n, chars_shown(needed), share, left
                            )));
                            waiting.set_value(Some((c, n, kind)));
                        }
                        Room::TooBig { needed, free } => message.set(Some((false, crate::tf!(
                            "对账清单未导入：这份清单有 {0} 行，保存需{1}；本机存储只剩{2}，还要为之后的记录留出{3}，放不下。请先在事件列表页“备份与恢复”中导出备份、归档已关闭的事件，或只导入本次需要核对的部分。",
                            n, chars_shown(needed), chars_shown(free), chars_shown(RESERVE_CHARS)
                        )))),
                    }
                }
            }
        });
    };
    let import_anyway = move |_| {
        question.set(None);
        if let Some((c, n, kind)) = waiting.try_update_value(Option::take).flatten() {
            commit(c, n, kind);
        }
    };
    let cancel_import = move |_| {
        question.set(None);
        waiting.set_value(None);
        message.set(Some((true, t("已取消，对账清单未导入。").into())));
    };

    let mark_reconciled = move |_| {
        let Some(r) = result.get_untracked() else { return };
        let ids: Vec<String> = ledger.with_untracked(|l| {
            r.matched_ids().into_iter().filter(|id| l.get(id).is_some_and(|e| e.stage < Stage::Reconciled)).collect()
        });
        let now = state.clock_of(&incident_id.get_value(), crate::ui::browser::clock::now());
        let mut result: Recorded = Ok(Stored::Saved);
        for id in &ids {
            let kind = EventKind::TransferAdvanced { transfer_id: id.clone(), stage: Stage::Reconciled, note: "日终对账一致".into() }; // zh-only: a note stored in the incident log
            match state.record(&incident_id.get_value(), now, kind) {
                Err(e) => {
                    result = Err(e);
                    break;
                }
                // One left unsaved: the whole marking is said to be.
                Ok(Stored::KeptUnsaved(why)) => result = Ok(Stored::KeptUnsaved(why)),
                // One still waiting for the engine: so is the marking, unless one failed.
                Ok(Stored::Queued) if result == Ok(Stored::Saved) => result = Ok(Stored::Queued),
                Ok(Stored::Queued | Stored::Saved) => {}
            }
        }
        message.set(None);
        outcome.set(Some(Feedback::of(&incident_id.get_value(), result, crate::tf!("已将 {0} 笔核对一致的记录记为已对账。", ids.len()))));
    };

    view! {
        <section class="panel" aria-labelledby="recon-heading">
            <h2 id="recon-heading">{t("日终对账（第十九条（二））")}</h2>
            // The column names are what the CSV must carry, in Chinese whatever the screen language.
            // The column names are the file's own, so they show in Chinese in every language.
            <p class="hint">{t("导入期货公司的确认清单（CSV），按凭证号、金额和账号逐笔核对。")}" "{t("须有的列：")}
                <code lang="zh-CN">{CONFIRMATION_COLUMNS.join("、")}</code>{t("；可选的列：")}<code lang="zh-CN">"业务类型"</code></p> // zh-only: the file's column names
            <div class="actions">
                <label for="recon-company">{t("期货公司")}</label>
                <select id="recon-company" data-testid="recon-company" on:change=move |ev| company.set(event_target_value(&ev))>
                    <option value="" selected=move || company.get().is_empty()>{t("（请选择）")}</option>
                    {move || companies.get().into_iter().map(|c| {
                        let value = c.clone();
                        let label = c.clone();
                        view! { <option value=c selected=move || company.get() == value>{label}</option> }
                    }).collect_view()}
                </select>
                <label class="button file-button">{t("导入对账清单…")}
                    <input type="file" accept=".csv,text/csv" class="visually-hidden" data-testid="import-confirmations" on:change=import/>
                </label>
            </div>
            {move || message.get().map(|(ok, m)| view! { <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="recon-message">{m}</div> })}
            {move || outcome.get().map(|f| {
                let f = Signal::derive(move || state.settle_feedback(f.clone()));
                let class = move || match f.get().class() { "saved" => "notice notice-ok", "unsaved" => "notice notice-warn unsaved", _ => "notice notice-error" };
                view! { <div class=class role="status" data-testid="recon-message">{move || f.get().text()}</div> }
            })}
            {move || question.get().map(|q| view! {
                <div class="notice notice-warn" role="alert" data-testid="recon-size-warning">
                    <p>{q}</p>
                    <div class="actions">
                        <button type="button" data-testid="recon-import-anyway" on:click=import_anyway>{t("仍然导入")}</button>
                        <button type="button" class="primary" on:click=cancel_import>{t("取消导入")}</button>
                    </div>
                </div>
            })}
            {move || { let e = import_errors.get(); (!e.is_empty()).then(|| view! {
                <ul class="import-errors" data-testid="recon-import-errors">{e.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
            }) }}
            {move || result.get().map(|r| {
                let mismatches = r.mismatches();
                let print = Route::Print(incident_id.get_value(), PrintView::Reconciliation(company.get_untracked()));
                view! {
                    <p class="recon-summary" data-testid="recon-summary">
                        {if mismatches == 0 { t("全部一致。").to_string() } else { crate::tf!("有 {0} 笔不一致，请逐笔核实。", mismatches) }}
                    </p>
                    <ReconciliationTable result=r/>
                    <div class="actions">
                        <button type="button" on:click=mark_reconciled>{t("将一致的记为已对账")}</button>
                        <button type="button" data-testid="export-recon" on:click=move |_| {
                            let name = crate::tf!("对账单-{0}.csv", company.get_untracked());
                            // The export is a Chinese document, like the report drafts: compared again in Chinese.
                            let Some(text) = in_lang(Lang::Zh, || untrack(compute).map(|r| crate::domain::base::csv::write(&crate::domain::business::reconcile::rows(&r)))) else { return };
                            if let Err(e) = files::download(&name, "text/csv;charset=utf-8", &text) {
                                message.set(Some((false, e)));
                            }
                        }>{t("导出对账单 CSV")}</button>
                        <a class="button" href=print.href()>{t("打印对账单")}</a>
                    </div>
                }
            })}
        </section>
    }
}
