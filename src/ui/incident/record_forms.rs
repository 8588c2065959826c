//! What can be recorded on an open incident: a handling note (the primary
//! action), the restoration of service, or a reasoned manual level change.
//! Each is one event; a time earlier than now makes it a late entry.

use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::incidents::draft::entry_time;
use crate::domain::base::level::{level_label, Level};
use crate::domain::base::time::to_datetime_local;
use crate::domain::{EventKind, IncidentState};
use crate::domain::base::i18n::t;
use crate::domain::files::saving::Feedback;
use crate::tf;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Note,
    Restore,
    Reclassify,
    DataSubmission,
}

#[component]
pub fn RecordForms(incident_id: String, st: Memo<IncidentState>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = move || st.with(|s| s.is_open());
    let level = st.with_untracked(|s| s.level);
    let incident_id = StoredValue::new(incident_id);
    let mode = RwSignal::new(None::<Mode>);
    let text = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let prefilled = RwSignal::new(String::new());
    let new_level = RwSignal::new(level.map_or("none".to_string(), |l| l.code().to_string()));
    let major = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Green only when storage took the entry; amber while it is only in this page.
    let saved = RwSignal::new(None::<Feedback>);

    let begin = move |m: Mode| {
        mode.set(Some(m));
        new_level.set(st.with_untracked(|s| s.level).map_or("none".to_string(), |l| l.code().to_string()));
        text.set(String::new());
        major.set(false);
        let now_text = to_datetime_local(state.clock_of(&incident_id.get_value(), crate::ui::browser::clock::now()));
        prefilled.set(now_text.clone());
        when.set(now_text);
        error.set(None);
        saved.set(None);
    };
    // Straight to the text once the form is on screen: the time is prefilled
    // and rarely changes. And to the confirmation once saved.
    let text_ref = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move || {
        if let Some(el) = text_ref.get() {
            let _ = el.focus();
        }
    });
    let saved_ref = NodeRef::<leptos::html::Span>::new();
    Effect::new(move || {
        if let Some(el) = saved_ref.get() {
            let _ = el.focus();
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(m) = mode.get_untracked() else { return };
        let now = state.clock_of(&incident_id.get_value(), crate::ui::browser::clock::now());
        let started_at = st.with_untracked(|s| s.facts.started_at);
        let at = match entry_time(&when.get_untracked(), &prefilled.get_untracked(), started_at, now) {
            Ok(at) => at,
            Err(e) => return error.set(Some(e)),
        };
        // Cleaned once here (domain::base::text): a stray right-to-left override cannot reverse the note.
        let body = crate::domain::base::text::clean(&text.get_untracked());
        let kind = match m {
            Mode::Note if body.is_empty() => return error.set(Some(t("请填写处置情况").into())),
            Mode::Note => EventKind::Note { text: body, major: major.get_untracked() },
            Mode::Restore => EventKind::ServiceRestored { note: body },
            Mode::Reclassify => EventKind::Reclassified { level: Level::from_code(&new_level.get_untracked()), reason: body },
            // The time field holds when the submission was due; it is recorded now.
            Mode::DataSubmission => EventKind::DataSubmissionDelayed { due_at: at, note: body },
        };
        let at = if m == Mode::DataSubmission { now } else { at };
        match Feedback::of(&incident_id.get_value(), state.record(&incident_id.get_value(), at, kind), t("已记录")) {
            Feedback::Refused(e) => error.set(Some(e)),
            recorded => {
                mode.set(None);
                saved.set(Some(recorded));
            }
        }
    };

    let form = move || {
        let m = mode.get()?;
        let (heading, text_label, button) = match m {
            Mode::Note => (t("记录处置情况"), t("处置情况 *"), t("保存记录")),
            Mode::Restore => (t("系统已恢复正常服务"), t("恢复情况说明"), t("确认已恢复")),
            Mode::Reclassify => (t("人工调整级别"), t("调整原因 *"), t("确认调整")),
            Mode::DataSubmission => (t("监控中心数据报送延迟"), t("情况说明"), t("记录延迟")),
        };
        let when_label = if m == Mode::DataSubmission { t("应报送时间（北京时间）；超过一小时即成为工作小组的待办（第二十一条）") } else { t("发生时间（北京时间；早于现在即为补录）") };
        Some(view! {
            <form class="record-form" on:submit=submit aria-label=heading>
                <h3>{heading}</h3>
                {(m == Mode::Reclassify).then(|| view! {
                    <label for="new-level">{t("调整为")}</label>
                    <select id="new-level" on:change=move |ev| new_level.set(event_target_value(&ev))>
                        {Level::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=move || new_level.get() == l.code()>{tf!("{0}（{1}）", l.label(), l.name())}</option>
                        }).collect_view()}
                        <option value="none" selected=move || new_level.get() == "none">{level_label(None)}</option>
                    </select>
                    <p class="hint">{t("调整自所填时间生效；录入时已越过的分级标准不再自动升级，此后新越过的仍会自动升级。")}</p>
                })}
                <label for="record-when">{when_label}</label>
                <input type="datetime-local" id="record-when" step="60"
                    prop:value=move || when.get() on:input=move |ev| when.set(event_target_value(&ev))/>
                <label for="record-text">{text_label}</label>
                <textarea id="record-text" rows="3" node_ref=text_ref
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {(m == Mode::Note).then(|| view! {
                    <label class="choice">
                        <input type="checkbox" data-testid="major-progress" prop:checked=move || major.get()
                            on:change=move |ev| major.set(event_target_checked(&ev))/>
                        {t("这是重大进展（Ⅱ级、Ⅰ级事件须及时上报监管机构，第十五条）")}
                    </label>
                })}
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="actions">
                    <button type="submit" class="primary">{button}</button>
                    <button type="button" on:click=move |_| mode.set(None)>{t("取消")}</button>
                </div>
            </form>
        })
    };

    view! {
        <section class="record" aria-label=t("记录")>
            {move || (!open()).then_some(view! { <p class="hint">{t("事件已恢复，仍可补记处置情况。")}</p> })}
            <div class="actions">
                <button type="button" class="primary" data-testid="add-note" on:click=move |_| begin(Mode::Note)>{t("记录处置情况")}</button>
                {move || open().then(|| view! {
                    <button type="button" data-testid="restore" on:click=move |_| begin(Mode::Restore)>{t("系统已恢复…")}</button>
                })}
                <button type="button" data-testid="reclassify" on:click=move |_| begin(Mode::Reclassify)>{t("人工调整级别…")}</button>
                <button type="button" data-testid="data-submission" on:click=move |_| begin(Mode::DataSubmission)>{t("数据报送延迟…")}</button>
                <button type="button" data-testid="export-packet" on:click=move |_| {
                    let Some((text, title)) = state.incidents_untracked(|l| l.iter().find(|i| i.id() == incident_id.get_value()).map(|i| {
                        {
                            // Only a local version travels, and only the incident's own (never a stand-in).
                            let (id, version) = i.plan_ref();
                            let plan = state.plans_untracked(|l| l.get(id, version).filter(|p| !p.is_builtin()).cloned());
                            (crate::domain::files::packet::export(i, plan.as_ref(), &state.author().name, crate::ui::browser::clock::now()), i.state().facts.title)
                        }
                    })) else { return };
                    if let Err(e) = crate::ui::browser::files::download(&tf!("事件包-{0}.json", title), "application/json", &text) {
                        error.set(Some(e));
                    }
                }>{t("导出事件包")}</button>
                <a class="button" data-testid="correct" href=Route::Correct(incident_id.get_value()).href()>{t("更正事件信息…")}</a>
                {move || saved.get().map(|f| {
                    // Redrawn in place when a retry saves it: the focus stays where it is.
                    let f = Signal::derive(move || state.settle_feedback(f.clone()));
                    view! { <span class=move || f.get().class() role="status" id="record-saved" data-testid="record-saved" tabindex="-1" node_ref=saved_ref>{move || f.get().text()}</span> }
                })}
            </div>
            {form}
        </section>
    }
}
