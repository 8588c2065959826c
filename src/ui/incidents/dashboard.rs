//! The situation at a glance (drills left out): open incidents by level, duties
//! met on time, mean time to recovery, and incidents per month, level and
//! phenomenon as bar pictures with their numbers written out.

use crate::ui::state::AppState;
use crate::domain::base::level::level_label;
use crate::desk::port::Summary;
use crate::domain::reports::stats::{line_counted, stats_of_lines, Line, Stats};
use crate::domain::base::text_fit;
use crate::domain::base::time::format_duration;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

/// Horizontal bars with the count written beside each: the number carries the meaning.
/// The name column is as wide as the longest name (up to half the picture, longer
/// names cut with "…"), so no name runs under its bar in either language.
fn bars(label: &'static str, testid: &'static str, rows: Vec<(String, usize)>) -> impl IntoView {
    const WIDTH: f64 = 320.0;
    const COUNT: f64 = 40.0;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let height = 22 * rows.len().max(1);
    let names = rows.iter().map(|(k, _)| text_fit::width(k, 12.0, false)).fold(0.0, f64::max).min(WIDTH / 2.0);
    let bar_x = names + 8.0;
    let room = WIDTH - bar_x - COUNT;
    let spoken = tf!("{0}：{1}", label, rows.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(t("，")));
    view! {
        <figure class="bars" data-testid=testid>
            <figcaption>{label}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-label=spoken>
                {rows.into_iter().enumerate().map(|(i, (name, n))| {
                    let y = i * 22;
                    let w = room * n as f64 / max as f64;
                    view! {
                        <text x="0" y=y + 15 font-size="12">{text_fit::fit(&name, 12.0, false, names)}</text>
                        <rect x=bar_x y=y + 4 width=w.max(1.0) height="14" fill="#9b1c1c"/>
                        <text x=bar_x + w + 6.0 y=y + 15 font-size="12">{n}</text>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

/// "2026-11" (how stats key a month) as the screen's language writes a month.
fn month_label(key: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d").map_or_else(|_| key.to_string(), crate::domain::base::time::format_month)
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Figures move with the log, not with every tick: a minute's resolution is plenty here.
    let minute = Memo::new(move |_| state.now.get().timestamp() / 60);
    let figures: Memo<Stats> = Memo::new(move |_| {
        // Read, not just tracked: a memo never read is never run, so it would never hear
        // the clock, and the figures would stay as of the last entry (overdue duties uncounted).
        let _ = minute.get();
        let now = crate::ui::browser::clock::now();
        // Closed incidents left on the shelf count by the figures kept with their summaries.
        let shelved: Vec<Line> = state.shelved(|list| list.iter().filter_map(Summary::line).collect());
        // Each incident's duties counted once and kept until one could turn (`desk::duty_watch`):
        // working out every round of a hundred open incidents for each entry that came in kept
        // the page busy for seconds after the start.
        state.incidents(|list| stats_of_lines(list.iter().map(|i| line_counted(i, state.duty_glance_at(i, now).counts)).chain(shelved)))
    });
    // Incidents in progress still on the shelf (read just after the first screen) have no
    // figures yet: said, not silently left out; 处置中 counts them from their summaries.
    let shelved = Memo::new(move |_| state.open_shelved());
    // Settled incidents arrive just after the first screen: their figures are said to be coming.
    let settling = Memo::new(move |_| state.settling());
    move || {
        let s = figures.get();
        let (reading, reading_open) = shelved.get();
        let settling = settling.get();
        if settling && s.real == 0 && reading == 0 {
            // Nothing counted yet: zeros would read as "no incidents", so only the hint.
            return Some(view! {
                <section class="panel dashboard" aria-labelledby="dashboard-heading" data-testid="dashboard">
                    <h2 id="dashboard-heading">{t("总体情况")}</h2>
                    <p class="hint" aria-busy="true" data-testid="dashboard-settling">{t("已结束事件的统计正在读取，读入后计入。")}</p>
                </section>
            }.into_any());
        }
        (s.real > 0 || reading > 0 || settling).then(|| {
            let open: Vec<(String, usize)> = s.open_by_level.iter().rev().map(|(l, n)| (level_label(*l).to_string(), *n)).collect();
            let months: Vec<(String, usize)> = s.by_month.iter().rev().take(12).rev().map(|(m, n)| (month_label(m), *n)).collect();
            let levels: Vec<(String, usize)> = s.by_level.iter().rev().map(|(l, n)| (level_label(*l).to_string(), *n)).collect();
            let kinds: Vec<(String, usize)> = s.by_phenomenon.iter().map(|(k, n)| (tr(k), *n)).collect();
            let rate = s.on_time_percent().map_or("—".to_string(), |p| format!("{p}%"));
            let mttr = s.mean_recovery.map_or("—".to_string(), format_duration);
            view! {
                <section class="panel dashboard" aria-labelledby="dashboard-heading" data-testid="dashboard">
                    <h2 id="dashboard-heading">{t("总体情况")}</h2>
                    {(reading > 0).then(|| view! { <p class="hint" data-testid="dashboard-reading">{tf!("另有 {0} 个处置中事件的记录正在读取，读入后计入。", reading)}</p> })}
                    {settling.then(|| view! { <p class="hint" aria-busy="true" data-testid="dashboard-settling">{t("已结束事件的统计正在读取，读入后计入。")}</p> })}
                    <dl class="kpis">
                        <div><dt>{t("处置中")}</dt><dd data-testid="kpi-open">{s.open_by_level.values().sum::<usize>() + reading_open}</dd></div>
                        <div><dt>{t("义务按时率")}</dt><dd data-testid="kpi-on-time">{rate}</dd>
                            <dd class="hint">{tf!("按时 {0}，超时 {1}，未完成 {2}", s.on_time, s.late, s.missed)}</dd></div>
                        <div><dt>{t("平均恢复时间")}</dt><dd data-testid="kpi-mttr">{mttr}</dd>
                            <dd class="hint">{tf!("{0} 个已恢复事件", s.restored)}</dd></div>
                    </dl>
                    <div class="bar-grid">
                        {(!open.is_empty()).then(|| bars(t("处置中（按级别）"), "bars-open", open))}
                        {bars(t("按月份（事件开始）"), "bars-month", months)}
                        {bars(t("按级别"), "bars-level", levels)}
                        {bars(t("按事件现象"), "bars-phenomenon", kinds)}
                    </div>
                    <p class="hint" data-testid="drills-left-out">{tf!("共 {0} 个真实事件；{1} 个演练不计入统计。", s.real, s.drills_left_out)}</p>
                </section>
            }
            .into_any()
        })
    }
}
