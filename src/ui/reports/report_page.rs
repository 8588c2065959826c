//! A report draft: preview, edit the free-text sections (each edit an event),
//! print on A4, download a real .docx, copy as text; review by a second person
//! before it is marked sent.

use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::reports::docx::report_docx;
use crate::domain::{reports::report::{draft, ReportDraft, Section, DRAFT_MARK}, events::report_kind::ReportKind};
use crate::domain::base::i18n::{lang, t, tr};
use crate::domain::base::time::{format_countdown, format_deadline};
use crate::tf;
use crate::domain::EventKind;
use crate::ui::browser::files;
use leptos::prelude::*;

#[component]
pub fn ReportPage(id: String, kind: ReportKind, duty: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let incident_id = StoredValue::new(id);
    // Opened from a duty card: that duty, live (its countdown keeps running here).
    let duty_key = StoredValue::new(duty);
    let duty = Memo::new(move |_| {
        let key = duty_key.get_value()?;
        state.incidents(|l| {
            let i = incident_id.with_value(|id| l.iter().find(|i| i.id() == id))?;
            state.obligations_of(i).into_iter().find(|o| o.key == key)
        })
    });
    // Redrafted when the log changes, not every second: a section being edited keeps its cursor.
    let report: Memo<Option<ReportDraft>> = Memo::new(move |_| {
        let now = state.clock_of(&incident_id.get_value(), crate::ui::browser::clock::now());
        state.incidents(|l| {
            let i = incident_id.with_value(|id| l.iter().find(|i| i.id() == id))?;
            let from = state.sender_for(i.id());
            Some(state.with_plan(i, |p| state.calendar(|c| draft(kind, i, p, c, now, false, &from))))
        })
    });
    let editing = RwSignal::new(None::<(String, String)>);
    let message = RwSignal::new(None::<(bool, String)>);
    // A drill report stays inside: it goes to the groups that decide, never to the regulators.
    let plan = state.plan_of(&incident_id.get_value());
    let default_to = if kind == ReportKind::DrillSummary {
        let mut to: Vec<String> = [crate::domain::Level::I, crate::domain::Level::III].into_iter().filter_map(|l| plan.authority_for(l)).collect();
        to.dedup();
        to.join("、") // zh-only: the recipients are stored in the log as sent (ReportSent.to), in the plan's words
    } else {
        plan.recipient_names.regulators.join("、") // zh-only: the recipients are stored in the log as sent (ReportSent.to), in the plan's words
    };
    // For a duty, its own recipients (the plan's names, as the log keeps them).
    let duty_recipients = duty.get_untracked().and_then(|o| {
        let names = state.incidents_untracked(|l| {
            l.iter().find(|i| incident_id.with_value(|id| i.id() == id)).map(|i| state.with_plan(i, |p| crate::domain::incidents::recipients::recipient_names(&o.rule.recipients, &i.state(), p)))
        })?;
        (!names.is_empty()).then(|| names.join("、")) // zh-only: stored in the log as sent (ReportSent.to), in the plan's words
    });
    let send_to = duty_recipients.unwrap_or(default_to);
    let show_text = RwSignal::new(false);
    // Shown beside the review and send buttons, where the user is looking.
    let status_message = RwSignal::new(None::<crate::domain::files::saving::Feedback>);
    let record = move |kind: EventKind, ok: &str| {
        let outcome = state.record_now(&incident_id.get_value(), kind);
        status_message.set(Some(crate::domain::files::saving::Feedback::of(&incident_id.get_value(), outcome, ok)));
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let docx = move |_| {
        let Some(r) = report.get_untracked() else { return };
        let day = crate::domain::base::time::to_beijing(r.generated_at).format("%Y%m%d");
        let name = format!("{}{}-{day}.docx", if r.drill { "【演练】" } else { "" }, r.title); // zh-only: the Chinese .docx is named after its Chinese title
        if let Err(e) = files::download_bytes(&name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &report_docx(&r)) {
            message.set(Some((false, e)));
        }
    };

    // The sender's details the report would print blank: said here, with the form to fill them.
    // A memo: the form below keeps what is typed in it while the incident changes.
    let missing = Memo::new(move |_| state.sender_for(&incident_id.get_value()).missing());
    let fill_setup = RwSignal::new(false);

    // The document is redrawn when the draft changes; the page around it (and what is
    // typed in the send panel) only when the incident appears or goes.
    let document = move |r: ReportDraft| {
        let provenance = r.provenance();
        // The article is the Chinese document; the controls inside it speak the screen's language.
        let ui_lang = lang().code();
        let cell = move |s: Section| section_body(s, kind, editing, record, ui_lang);
        let form = r.kind == ReportKind::IncidentForm;
        let sections = if form {
            let rows = r.form_rows();
            view! {
                <table class="report-form" data-testid="report-form">
                    <colgroup><col class="label"/><col class="value"/><col class="label"/><col class="value"/></colgroup>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let cells = row.iter().map(|i| r.sections[*i].clone()).collect::<Vec<_>>();
                            let wide = cells.len() == 1;
                            view! {
                                <tr>
                                    {cells.into_iter().map(|s| {
                                        let heading = s.heading.clone();
                                        let key = s.key.clone();
                                        let blank = s.body.trim().is_empty();
                                        view! {
                                            <th scope="row">{heading}</th>
                                            <td colspan=if wide { "3" } else { "1" } class:blank=blank class:wide=wide data-section=key>{cell(s)}</td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                        <tr class="seal-row">
                            <th scope="row">"负责人（签章）"</th><td class="seal"></td> // zh-only: seal box of the Chinese document
                            <th scope="row">"单位（盖章）"</th><td class="seal"></td> // zh-only: seal box of the Chinese document
                        </tr>
                    </tbody>
                </table>
            }.into_any()
        } else {
            view! {
                <ol class="report-sections">
                    {r.sections.clone().into_iter().enumerate().map(|(i, s)| {
                        let heading = r.numbered_heading(i);
                        let edited = s.edited;
                        let key = s.key.clone();
                        view! {
                            <li class="report-section" data-section=key>
                                <h2>{heading}{edited.then_some(view! { <span class="edited no-print" lang=ui_lang>{t("（已修改）")}</span> })}</h2>
                                {cell(s)}
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <div class="seal-boxes">
                    <div class="seal-box">"负责人（签章）"</div> // zh-only: seal box of the Chinese document
                    <div class="seal-box">"单位（盖章）"</div> // zh-only: seal box of the Chinese document
                </div>
            }.into_any()
        };
        view! {
                <article class="report" class:report-is-form=form class:unreviewed=!r.reviewed() data-testid="report" lang="zh-CN">
                {(!r.reviewed()).then(|| view! { <p class="draft-mark" data-testid="draft-mark">{DRAFT_MARK}</p> })}
                {r.drill.then(|| view! { <p class="drill-banner" data-testid="report-drill">"【演练】"</p> })} // zh-only: the drill mark of the Chinese document
                <h1 class="report-title">{r.title.clone()}</h1>
                {(!r.institution.is_empty()).then(|| view! { <p class="report-institution">{r.institution.clone()}</p> })}
                {sections}
                <p class="provenance" data-testid="provenance">{provenance}</p>
            </article>
        }
        .into_any()
    };

    let found = Memo::new(move |_| report.with(Option::is_some));
    move || {
        if !found.get() {
            return crate::ui::incident::incident_page::not_here(incident_id.get_value()).into_any();
        }
        view! {
            <section class="screen report-page">
                <div class="actions no-print">
                    <a class="back" data-testid="back-to-incident" href=Route::Incident(incident_id.get_value()).href()>{t("← 返回事件")}</a>
                    <button type="button" class="primary" on:click=print>{t("打印")}</button>
                    <button type="button" data-testid="download-docx" on:click=docx>{t("下载 Word（.docx）")}</button>
                    <button type="button" on:click=move |_| show_text.update(|s| *s = !*s)>{t("纯文本")}</button>
                </div>
                {move || duty.get().map(|o| {
                    let remaining = move || duty.with(|o| o.as_ref().map(|o| o.deadline - state.now_for(&incident_id.get_value()))).unwrap_or_default();
                    view! {
                        <div class=move || format!("duty-for no-print urgency-{}", crate::domain::incidents::obligation::Urgency::of(remaining()).code()) data-testid="report-duty">
                            <span>{t("此稿用于：")} <strong>{tr(&o.rule.title)}</strong>{tf!("（{0}）", tr(&o.rule.article))}</span>
                            <span>{tf!("时限 {0}", format_deadline(o.deadline))}</span>
                            <span class="span"><span class="num countdown-inline">{move || format_countdown(remaining())}</span>
                                {move || crate::domain::base::time::span_unit(remaining()).map(|u| view! { <span class="unit">{u}</span> })}</span>
                            {move || duty.with(|o| o.as_ref().is_some_and(|o| !o.status.is_open())).then(|| view! { <span>{t("（此项已办结）")}</span> })}
                        </div>
                    }
                })}
                {move || {
                    let gaps = missing.get();
                    (!gaps.is_empty()).then(|| view! {
                        <div class="notice notice-warn no-print" role="status" data-testid="sender-missing">
                            <p>{tf!("本机尚未填写：{0}。打印件上这些栏目将留空。", gaps.join(t("、")))}
                                " " <button type="button" class="link" data-testid="fill-setup" on:click=move |_| fill_setup.update(|v| *v = !*v)>{t("现在填写")}</button></p>
                            {move || fill_setup.get().then(|| view! { <crate::ui::settings::setup_form::SetupPanel/> })}
                        </div>
                    })
                }}
                {move || message.get().map(|(ok, m)| view! { <div class=if ok { "notice notice-ok no-print" } else { "notice notice-error no-print" } role="status" data-testid="report-message">{m}</div> })}
                {move || show_text.get().then(|| view! {
                    <textarea class="no-print plain-text" readonly rows="12" aria-label=t("纯文本（可全选复制）")
                        prop:value=move || report.with(|r| r.as_ref().map(ReportDraft::to_text).unwrap_or_default())></textarea>
                })}
                {move || report.get().map(document)}
                <super::report_send::SendPanel incident_id=incident_id.get_value() kind=kind report=report send_to=send_to.clone() status=status_message duty_key=duty_key.get_value()/>
            </section>
        }
        .into_any()
    }
}

/// A section's text, with its edit control (the edit form when it is being edited).
/// An empty field shows as blank space to write in, and its edit starts empty.
fn section_body(s: Section, kind: ReportKind, editing: RwSignal<Option<(String, String)>>, record: impl Fn(EventKind, &str) + Copy + Send + Sync + 'static, ui_lang: &'static str) -> impl IntoView {
    let key = StoredValue::new(s.key.clone());
    let is_editing = move || editing.with(|e| e.as_ref().is_some_and(|(k, _)| key.with_value(|key| k == key)));
    let heading = s.heading.clone();
    move || if is_editing() {
        view! {
            <form class="no-print" lang=ui_lang on:submit=move |ev| {
                ev.prevent_default();
                let Some((_, text)) = editing.get_untracked() else { return };
                record(EventKind::ReportEdited { report: kind, section: key.get_value(), text }, t("已保存修改（需重新复核）"));
                editing.set(None);
            }>
                <textarea rows="6" aria-label=crate::tf!("修改：{0}", heading) data-testid=format!("edit-{}", key.get_value())
                    prop:value=move || editing.with(|e| e.as_ref().map(|(_, t)| t.clone()).unwrap_or_default())
                    on:input=move |ev| editing.set(Some((key.get_value(), event_target_value(&ev))))></textarea>
                <div class="actions">
                    <button type="submit" class="primary">{t("保存修改")}</button>
                    <button type="button" on:click=move |_| editing.set(None)>{t("取消")}</button>
                </div>
            </form>
        }.into_any()
    } else {
        let body = s.body.clone();
        let for_edit = body.clone();
        view! {
            <div class="report-body">{body}</div>
            {s.editable.then(|| view! {
                <button type="button" class="link no-print" lang=ui_lang data-testid=format!("edit-button-{}", key.get_value())
                    on:click=move |_| editing.set(Some((key.get_value(), for_edit.clone())))>{if s.body.trim().is_empty() { t("填写") } else { t("修改") }}</button>
            })}
        }.into_any()
    }
}
