//! After service is restored: the other party's termination notice, the
//! information release log, the special-monitoring days, and closing.

use crate::ui::state::AppState;
use crate::domain::incidents::closeout::{closeout, Closeout};
use crate::domain::events::facts::Answer;
use crate::domain::base::calendar::provisional_note;
use crate::domain::base::time::{beijing_date, format_beijing, format_day, format_day_short};
use crate::domain::{EventKind, Incident};
use chrono::NaiveDate;
use crate::ui::widgets::field::labelled_text;
use crate::domain::base::i18n::t;
use crate::domain::files::saving::Feedback;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn CloseoutPanel(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let info: Memo<Option<(String, Closeout, Answer, Vec<(String, String, String, String)>)>> = Memo::new(move |_| {
        incident.with(|i| {
            let i = i.as_ref()?;
            let now = state.now_for(i.id());
            let c = state.with_plan(i, |p| state.calendar(|cal| closeout(i, p, cal, now)))?;
            let releases = i
                .events()
                .iter()
                .filter_map(|e| match &e.kind {
                    EventKind::InformationReleased { department, audience, content } => {
                        Some((format_beijing(e.occurred_at), department.clone(), audience.clone(), content.clone()))
                    }
                    _ => None,
                })
                .collect();
            Some((i.id().to_string(), c, i.state().facts.bank_caused, releases))
        })
    });
    let error = RwSignal::new(None::<String>);
    // An entry kept only in this page (storage refused it): said in amber under the forms.
    let kept = RwSignal::new(None::<Feedback>);
    let record = move |kind: EventKind| {
        let Some(id) = info.with_untracked(|x| x.as_ref().map(|x| x.0.clone())) else { return false };
        match Feedback::of(&id, state.record_now(&id, kind), t("已记录")) {
            Feedback::Refused(e) => {
                error.set(Some(e));
                false
            }
            outcome => {
                error.set(None);
                kept.set(matches!(outcome, Feedback::Unsaved { .. }).then_some(outcome));
                true
            }
        }
    };
    let notice_from = RwSignal::new(String::new());
    let (department, audience, content) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let day_note = RwSignal::new(String::new());
    let day_normal = RwSignal::new(true);

    move || {
        let (id, c, bank_caused, releases) = info.get()?;
        let now = state.now_for(&id);
        let blockers = c.blockers(now);
        let ends = state.calendar(|cal| c.monitoring_ends(cal));
        let next_day: Option<NaiveDate> = c.recordable_day(now);
        Some(view! {
            <section class="panel closeout" aria-labelledby="closeout-heading" data-testid="closeout">
                <h2 id="closeout-heading">{t("应急结束与后续处置")}</h2>
                <p>{tf!("应急结束（系统恢复正常服务）：{0}（第十六条）", format_beijing(c.ended_at))}</p>
                {(bank_caused == Answer::No).then(|| view! {
                    <form class="inline-form" on:submit=move |ev| {
                        ev.prevent_default();
                        let from = notice_from.get_untracked().trim().to_string();
                        if from.is_empty() { return error.set(Some(t("请填写发出终止通知的单位").into())); }
                        if record(EventKind::TerminationNoticeReceived { from, note: String::new() }) { notice_from.set(String::new()); }
                    }>
                        <div class="field">{labelled_text("notice-from", t("非本机构原因：登记对方应急终止通知（发出单位）"), notice_from)}</div>
                        <button type="submit">{t("登记终止通知")}</button>
                    </form>
                })}
                <h3>{t("特别监控（第十八条）")}</h3>
                <p data-testid="monitoring-period">{tf!(
                    "至少 {0} 个工作日：{1}；监控期至 {2} 结束",
                    c.days.len(),
                    c.days.iter().map(|d| format_day_short(*d)).collect::<Vec<_>>().join(t("、")),
                    ends.map(format_beijing).unwrap_or_default()
                )}
                    // Monitoring days counted into a year without a published holiday schedule.
                    {state.calendar(|cal| c.days.last().is_some_and(|last| cal.is_provisional_span(beijing_date(c.ended_at), *last)))
                        .then(|| view! { " " <span class="provisional-note" data-testid="provisional">{provisional_note()}</span> })}
                </p>
                <ul class="monitoring-days">
                    {c.days.iter().map(|d| {
                        let rec = c.records.get(d).cloned();
                        view! { <li>{match rec {
                            Some((normal, note)) => {
                                let word = if normal { t("正常") } else { t("异常") };
                                if note.is_empty() { tf!("{0}：{1}", format_day(*d), word) } else { tf!("{0}：{1}，{2}", format_day(*d), word, note) }
                            }
                            None => tf!("{0}：未记录", format_day(*d)),
                        }}</li> }
                    }).collect_view()}
                </ul>
                {next_day.map(|d| view! {
                    <form class="inline-form" aria-label=t("监控记录") on:submit=move |ev| {
                        ev.prevent_default();
                        let note = day_note.get_untracked().trim().to_string();
                        if record(EventKind::MonitoringRecorded { day: d, normal: day_normal.get_untracked(), note }) { day_note.set(String::new()); }
                    }>
                        <label class="choice"><input type="checkbox" prop:checked=move || day_normal.get() on:change=move |ev| day_normal.set(event_target_checked(&ev))/>{tf!("{0} 运行正常", format_day(d))}</label>
                        <div class="field">{labelled_text("monitor-note", t("监控情况"), day_note)}</div>
                        <button type="submit" data-testid="record-monitoring">{tf!("记录 {0}", format_day(d))}</button>
                    </form>
                })}
                <h3>{t("信息发布（第十七条）")}</h3>
                <ul>{releases.into_iter().map(|(at, d, a, x)| view! { <li>{tf!("{0} {1} → {2}：{3}", at, d, a, x)}</li> }).collect_view()}</ul>
                // Each label sits on its own input (a field per column), so at any width they wrap together.
                <form class="inline-form release-form" aria-label=t("信息发布") on:submit=move |ev| {
                    ev.prevent_default();
                    let (d, a, x) = (department.get_untracked().trim().to_string(), audience.get_untracked().trim().to_string(), content.get_untracked().trim().to_string());
                    if d.is_empty() || x.is_empty() { return error.set(Some(t("请填写发布部门和发布内容").into())); }
                    if record(EventKind::InformationReleased { department: d, audience: a, content: x }) { content.set(String::new()); }
                }>
                    <div class="field">{labelled_text("release-dept", t("发布部门（经工作小组授权）"), department)}</div>
                    <div class="field">{labelled_text("release-audience", t("发布对象"), audience)}</div>
                    <div class="field">{labelled_text("release-content", t("发布内容"), content)}</div>
                    <button type="submit">{t("登记发布")}</button>
                </form>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {move || kept.get().map(|f| {
                    let f = Signal::derive(move || state.settle_feedback(f.clone()));
                    view! { <p class=move || f.get().class() role="status" data-testid="closeout-unsaved">{move || f.get().text()}</p> }
                })}
                <h3>{t("关闭事件")}</h3>
                {if c.closed {
                    view! { <p data-testid="closed">{t("事件已关闭。")}</p> }.into_any()
                } else if blockers.is_empty() {
                    view! { <button type="button" class="primary" data-testid="close-incident" on:click=move |_| { record(EventKind::Closed { note: String::new() }); }>{t("关闭事件")}</button> }.into_any()
                } else {
                    view! { <ul class="blockers" data-testid="close-blockers">{blockers.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        })
    }
}
