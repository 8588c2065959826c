//! The working-day calendar: which years are known, what is assumed for a
//! year without a published schedule, and importing the next year's schedule
//! (published each November) so deadlines stay right.

use crate::domain::base::sort;
use crate::ui::state::AppState;
use crate::domain::base::holidays::assumed_lines;
use crate::domain::base::time::beijing_date;
use crate::domain::base::i18n::t;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let result = RwSignal::new(None::<(bool, Vec<String>)>);
    // Implausible years the user ticked to import all the same.
    let confirmed = RwSignal::new(Vec::<i32>::new());
    // The undo of the last import (stored, so it survives a reload), refreshed after each change.
    let undo = RwSignal::new(state.calendar_undo());
    // What the text would change, before anything changes; redrawn as it is typed.
    let preview = Memo::new(move |_| {
        result.track();
        let typed = text.get();
        (!typed.trim().is_empty()).then(|| state.preview_calendar(&typed))
    });
    let years = move || {
        // The calendar is not a signal: an import (its result) or the clock's tick redraws what it says.
        state.now.track();
        result.track();
        state.calendar(|c| {
            let mut ys: Vec<i32> = c.holidays.iter().chain(&c.makeup_working_days).map(|d| chrono::Datelike::year(d)).collect();
            sort::natural(&mut ys);
            ys.dedup();
            ys.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(t("、"))
        })
    };
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match state.import_calendar(&text.get_untracked(), &confirmed.get_untracked()) {
            Ok(p) if p.no_change() => result.set(Some((true, vec![t("没有变化：这些日期已在日历中，未做改动。").to_string()]))),
            Ok(p) => {
                text.set(String::new());
                confirmed.set(Vec::new());
                undo.set(state.calendar_undo());
                result.set(Some((true, vec![tf!("已导入 {0} 个日期。", p.dates)])));
            }
            Err(errors) => result.set(Some((false, errors))),
        }
    };
    let undo_last = move |_| match state.undo_calendar() {
        Ok(u) => {
            undo.set(state.calendar_undo());
            result.set(Some((true, vec![tf!("已撤销上次导入（{0}），日历恢复为导入前的样子。", u.describe())])));
        }
        Err(e) => result.set(Some((false, vec![e]))),
    };
    let (off, work) = match crate::domain::base::i18n::lang() {
        crate::domain::base::i18n::Lang::Zh => ("休", "班"), // zh-only: the import file's markers
        crate::domain::base::i18n::Lang::En => ("off", "work"),
    };
    view! {
        <section class="screen">
            <h1>{t("工作日历")}</h1>
            <p>{t("已知节假日安排的年份：")} <strong data-testid="calendar-years">{years}</strong></p>
            // The one place the missing year is warned of (deadlines carry their own mark): what is
            // assumed for it, day by day, and the way to the import just below.
            {move || {
                result.track();
                let today = beijing_date(state.now.get());
                let (year, warning) = state.calendar(|c| Some((c.missing_year(today)?, c.coverage_warning(today)?)))?;
                Some(view! {
                    <div class="notice notice-warn" role="status" data-testid="calendar-coverage">
                        <p>{warning}</p>
                        <p>{tf!("{0}年按以下日期休息（不交易）推算：", year)}</p>
                        <ul data-testid="calendar-assumed">{assumed_lines(year).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        <button type="button" data-testid="go-import" on:click=move |_| focus_import()>{tf!("导入{0}年安排", year)}</button>
                    </div>
                })
            }}
            // The import reads 休/班 and off/work alike; each language shows its own markers.
            <p class="hint">{tf!("工作日用于总结报告时限和特别监控期；交易日（不含调休上班的周末）用于日间业务时间。每年11月国务院公布下一年安排后，在此导入：每行一个日期，“{0}”为放假，“{1}”为调休上班，例如：", off, work)}</p>
            <pre class="example">{format!("2027-01-01,{off}\n2027-02-06,{work}")}</pre>
            <form on:submit=import aria-label=t("导入节假日安排")>
                <label for="calendar-text">{t("节假日安排")}</label>
                <textarea id="calendar-text" rows="8" data-testid="calendar-text"
                    prop:value=move || text.get() on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        // A refusal was about the text before this edit: the preview speaks now.
                        if result.with_untracked(|r| r.as_ref().is_some_and(|(ok, _)| !ok)) {
                            result.set(None);
                        }
                    }></textarea>
                // After a refused import the result below lists the same problems: not twice.
                {move || preview.get().filter(|p| p.is_ok() || !result.with(|r| r.as_ref().is_some_and(|(ok, _)| !ok))).map(|p| match p {
                    Err(errors) => view! {
                        <div class="notice notice-error" role="status" data-testid="calendar-preview">
                            {t("这段文字还不能导入：")}
                            <ul>{errors.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any(),
                    Ok(p) => {
                        let counted = p.counted();
                        let no_change = p.no_change();
                        let years = p.years.clone();
                        view! {
                            <div class="notice notice-warn" role="status" data-testid="calendar-preview">
                                <p><strong>{t("导入前预览：")}</strong>{counted}{no_change.then(|| t("；与日历现有内容相同，导入不会改变任何日期。"))}</p>
                                <ul>{years.into_iter().map(|y| {
                                    let note = p.year_note(&y);
                                    let year = y.year;
                                    view! {
                                        <li data-testid="calendar-preview-year">
                                            {crate::domain::base::calendar_import::ImportPreview::year_line(&y)}
                                            {note.map(|n| view! { <span class="hint">{tf!("（{0}）", n)}</span> })}
                                            {(!y.plausible).then(|| view! {
                                                <label class="choice" data-testid="confirm-year">
                                                    <input type="checkbox" prop:checked=move || confirmed.with(|c| c.contains(&year))
                                                        on:change=move |ev| {
                                                            let on = event_target_checked(&ev);
                                                            confirmed.update(|c| { c.retain(|x| *x != year); if on { c.push(year); } });
                                                        }/>
                                                    {tf!("我已核对，确实要导入 {0} 年", year)}
                                                </label>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    }
                })}
                <div class="actions">
                    <button type="submit" class="primary" data-testid="import-calendar">{t("导入")}</button>
                    {move || undo.get().map(|u| view! {
                        <button type="button" data-testid="undo-calendar" on:click=undo_last>{tf!("撤销上次导入（{0}）", u.describe())}</button>
                    })}
                </div>
            </form>
            {move || result.get().map(|(ok, lines)| view! {
                <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="calendar-result">
                    {(!ok).then_some(t("未导入，日历未做改动："))}
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                </div>
            })}
        </section>
    }
}

/// Takes the user to the import box below the warning.
fn focus_import() {
    use wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id("calendar-text") {
        el.scroll_into_view();
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
