//! Printed before an outage, for when even the workstation is gone: a blank
//! report form, the duties with their deadlines, a blank counter-transfer
//! sheet and the fallback steps. Paper notes are entered later as late entries.

use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::business::ledger::LEDGER_HEADER;
use crate::domain::plans::playbook::{Schedule, Trigger};
use crate::domain::{reports::report::draft, events::report_kind::ReportKind};
use crate::domain::base::i18n::{t, tr};
use leptos::prelude::*;

#[component]
pub fn PaperPack() -> impl IntoView {
    let state = expect_context::<AppState>();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    // The report form's headings, from the same source as the live drafts.
    let form_fields: Vec<String> = {
        use crate::domain::events::facts::{Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
        let now = state.now.get_untracked();
        let facts = IncidentFacts {
            title: String::new(), description: String::new(), discovered_at: now, started_at: now, period: Period::Daytime,
            phenomenon: Phenomenon { kind: PhenomenonKind::System, subcategory: String::new() }, affected: vec![], parties: String::new(),
            bank_caused: Answer::Unknown, reporting_unit: String::new(), reporter: String::new(), next_start_affected: Answer::Unknown,
        };
        let opened = crate::domain::Event { id: "blank".into(), occurred_at: now, recorded_at: now, author: crate::domain::Author::system(),
            kind: crate::domain::EventKind::Opened { facts, plan_id: String::new(), plan_version: String::new(), drill: None } };
        let blank = crate::domain::Incident::open("blank".into(), opened).expect("valid");
        {
            let home = state.home_plan();
            let from = state.workstation.with_untracked(|w| crate::domain::reports::report::Sender::of(&home, None, w));
            state.calendar(|c| draft(ReportKind::IncidentForm, &blank, &home, c, now, false, &from))
        }
            .sections.into_iter().map(|s| s.heading).collect()
    };
    let home = state.home_plan();
    let duties = home.obligations.clone();
    let steps = home.fallback.clone();
    view! {
        <section class="screen paper-pack printable" data-testid="paper-pack">
            <div class="screen-head">
                <h1>{t("纸质应急包")}</h1>
                <button type="button" class="primary no-print" on:click=print>{t("打印")}</button>
            </div>
            <p class="hint no-print">{t("平时打印，与报告路线和附件1一起存放。断电断网时在纸上记录，恢复后按实际时间补录（系统会标为补录）。")}
                <a href=Route::CallTree.href()>{t("打印报告路线与附件1")}</a></p>
            <h2>{t("一、突发事件报告单（空白）")}</h2>
            // The report form goes to the regulators: it stays Chinese, like the drafts it mirrors.
            <div class="paper-document" lang="zh-CN">
                <table class="ledger-table blank-form">
                    <tbody>{form_fields.into_iter().map(|f| view! { <tr><th scope="row">{f}</th><td class="blank"></td></tr> }).collect_view()}</tbody>
                </table>
                <div class="seal-boxes">
                    <div class="seal-box">"负责人（签章）"</div> // zh-only: seal box of the Chinese report form
                    <div class="seal-box">"单位（盖章）"</div> // zh-only: seal box of the Chinese report form
                </div>
            </div>
            <h2 class="page-break">{t("二、报告与通知时限核对表")}</h2>
            <table class="ledger-table">
                <thead><tr><th scope="col">{t("事项")}</th><th scope="col">{t("责任")}</th><th scope="col">{t("时限")}</th><th scope="col">{t("依据")}</th><th scope="col">{t("完成时间/方式/凭证")}</th></tr></thead>
                <tbody>{duties.into_iter().map(|r| {
                    let when = match (&r.trigger, &r.schedule) {
                        (Trigger::Confirmed(l), Schedule::Within { minutes }) => crate::tf!("确认{0}后{1}分钟内", tr(l.label()), minutes),
                        (_, Schedule::Within { minutes }) => crate::tf!("{0}分钟内", minutes),
                        (_, Schedule::Every { minutes }) => crate::tf!("每{0}分钟", minutes),
                        (_, Schedule::WorkingDays { days }) => crate::tf!("结束后{0}个工作日内", days),
                    };
                    view! { <tr><td>{tr(&r.title)}</td><td>{tr(&home.role_name(&r.responsible))}</td><td>{when}</td><td>{tr(&r.article)}</td><td class="blank"></td></tr> }
                }).collect_view()}</tbody>
            </table>
            <h2 class="page-break">{t("三、柜面应急转账登记表（空白）")}</h2>
            // Filled in by hand at the counter and kept with the bank's records, in the ledger's Chinese columns.
            <table class="ledger-table blank-sheet" lang="zh-CN">
                <thead><tr>{LEDGER_HEADER.iter().filter(|h| !matches!(**h, "状态" | "冲正")).map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead> // zh-only: the domain's Chinese column names, left out by name
                <tbody>{(0..15).map(|_| view! { <tr>{(0..12).map(|_| view! { <td class="blank"></td> }).collect_view()}</tr> }).collect_view()}</tbody>
            </table>
            <h2>{t("四、交易所出入金应急步骤（第二十条）")}</h2>
            <ol>{steps.into_iter().map(|s| view! { <li>{crate::tf!("☐ {0}：{1}（{2}）", tr(s.exchange.name()), tr(&s.title), tr(&s.article))}</li> }).collect_view()}</ol>
        </section>
    }
}
