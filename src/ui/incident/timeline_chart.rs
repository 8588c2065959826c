//! The incident on one time axis, drawn as inline SVG: level bands, each
//! obligation's deadline and when it was met, restoration, the monitoring
//! days. Words and shapes carry the meaning, so it reads printed in grey.

use crate::ui::state::AppState;
use crate::domain::base::level::Level;
use crate::domain::base::time::{format_beijing_minutes, to_beijing};
use crate::domain::base::text_fit;
use crate::domain::reports::timeline_chart::{chart, Chart, Mark, MarkStatus};
use crate::domain::Incident;
use chrono::{DateTime, Utc};
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

const W: f64 = 1000.0;
/// The left column holds the lane and obligation names.
const LEFT: f64 = 230.0;
const PLOT: f64 = W - LEFT - 20.0;
const ROW: f64 = 22.0;
const FIRST_ROW: f64 = 96.0;
const LATE: &str = "#b91c1c";

/// (fill, text) per level: light tints of the badge colours, dark text.
fn colours(level: Level) -> (&'static str, &'static str) {
    match level {
        Level::I => ("#fecaca", "#7f1d1d"),
        Level::II => ("#fde68a", "#78350f"),
        Level::III => ("#bfdbfe", "#1e3a8a"),
    }
}

/// An SVG title (tooltip and accessible name), built by hand: the view macro
/// makes a bare `title` tag an HTML element even inside an SVG.
fn tip(text: String) -> impl IntoView {
    leptos::tachys::svg::title().child(text)
}

fn hm(t: DateTime<Utc>) -> String {
    to_beijing(t).format("%m-%d %H:%M").to_string()
}

/// What the picture shows, in words, for screen readers.
fn summary(c: &Chart) -> String {
    let levels: Vec<String> = c.bands.iter().map(|b| tf!("{0}自{1}起", b.level.label(), hm(b.from))).collect();
    let late = c.marks.iter().filter(|m| m.status == MarkStatus::Late).count();
    let mut out = tf!("事件时间图。级别：{0}", if levels.is_empty() { crate::domain::base::level::level_label(None).to_string() } else { levels.join(t("，")) });
    if let Some(r) = c.restored_at {
        out += &tf!("；{0}恢复", hm(r));
    }
    out += &tf!("；义务{0}项，其中超时{1}项", c.marks.len(), late);
    if !c.monitoring.is_empty() {
        out += &tf!("；特别监控{0}天", c.monitoring.len());
    }
    out
}

/// A name cut to fit the left column (the full name is in the row's tooltip).
fn short(title: &str) -> String {
    text_fit::fit(title, 12.0, false, LEFT - 14.0)
}

/// One obligation: its window as a thin line, the deadline as a tall tick, a
/// filled dot when it was met, and the status in words where it matters.
fn mark_row(c: &Chart, n: usize, m: &Mark) -> impl IntoView {
    let y = FIRST_ROW + ROW * n as f64 + ROW / 2.0;
    let x = |t| LEFT + c.x(t, PLOT);
    let late = m.status == MarkStatus::Late;
    let ink = if late { LATE } else { "#111" };
    let (word, word_ink) = match m.status {
        MarkStatus::Late => (t("done-late\u{4}超时"), LATE),
        MarkStatus::NotApplicable => (t("不适用"), "#555"),
        MarkStatus::OnTime => (t("按时"), "#111"),
        MarkStatus::Open => (t("待办"), "#555"),
    };
    let last = x(m.done_at.map_or(m.deadline, |d| d.max(m.deadline)));
    let first = x(m.started_at).min(x(m.deadline)).min(m.done_at.map_or(f64::MAX, x));
    // After the marks when the word fits there, else before them; never past the picture's edge.
    let (wx, anchor) = text_fit::beside(first, last, text_fit::width(word, 11.0, late), 8.0, LEFT, W - 4.0);
    let title = tr(&m.title);
    let text = tf!("{0}：时限 {1}{2}（{3}）", title, format_beijing_minutes(m.deadline),
        m.done_at.map(|d| tf!("，完成 {0}", format_beijing_minutes(d))).unwrap_or_default(), word);
    view! {
        <g data-testid="chart-obligation">
            {tip(text)}
            <text x=LEFT - 8.0 y=y + 4.0 font-size="12" text-anchor="end" fill=ink>{short(&title)}</text>
            <line x1=x(m.started_at) y1=y x2=x(m.deadline) y2=y stroke="#888" stroke-width="2" stroke-dasharray={if m.status == MarkStatus::NotApplicable { "3 3" } else { "none" }}/>
            <line x1=x(m.deadline) y1=y - 7.0 x2=x(m.deadline) y2=y + 7.0 stroke=ink stroke-width="2.5"/>
            {m.done_at.map(|d| view! { <circle cx=x(d) cy=y r="4.5" fill=ink stroke="#111" stroke-width="1"/> })}
            <text x=wx y=y + 4.0 font-size="11" text-anchor=anchor.svg() fill=word_ink font-weight={if late { "bold" } else { "normal" }}>{word}</text>
        </g>
    }
}

/// A vertical line across every lane, labelled at the top.
/// At the right end (now, mostly) the label slides left to stay whole.
fn marker(c: &Chart, at: DateTime<Utc>, label: &'static str, bottom: f64, dash: &'static str) -> impl IntoView {
    let x = LEFT + c.x(at, PLOT);
    let text = format!("{label} {}", to_beijing(at).format("%H:%M"));
    let tx = text_fit::centre_within(x, text_fit::width(&text, 12.0, true), 2.0, W - 2.0);
    view! {
        <g data-testid="chart-marker">
            <line x1=x y1="22" x2=x y2=bottom stroke="#111" stroke-width="1.5" stroke-dasharray=dash/>
            <text x=tx y="16" font-size="12" text-anchor="middle" font-weight="bold">{text}</text>
        </g>
    }
}

fn drawing(c: &Chart) -> impl IntoView {
    let axis = FIRST_ROW + ROW * c.marks.len() as f64 + 8.0;
    let height = axis + 40.0;
    let x = |t| LEFT + c.x(t, PLOT);
    let open = c.restored_at.is_none();
    view! {
        <svg viewBox=format!("0 0 {W} {height}") width="100%" role="img" aria-label=summary(c) font-size="12" data-testid="timeline-chart-svg">
            {tip(summary(c))}
            {c.ticks(9).into_iter().map(|k| view! {
                <g>
                    <line x1=x(k.at) y1="26" x2=x(k.at) y2=axis stroke="#ccc" stroke-width="1" stroke-dasharray="2 3"/>
                    <line x1=x(k.at) y1=axis x2=x(k.at) y2=axis + 5.0 stroke="#111"/>
                    <text x=x(k.at) y=axis + 18.0 text-anchor="middle" font-size="11">{k.label}</text>
                </g>
            }).collect_view()}
            <line x1=LEFT y1=axis x2=LEFT + PLOT y2=axis stroke="#111"/>
            <text x=LEFT - 8.0 y="48" text-anchor="end" font-weight="bold">{t("级别")}</text>
            {c.bands.iter().map(|b| {
                let (fill, ink) = colours(b.level);
                let (x0, x1) = (x(b.from), x(b.to));
                view! {
                    <g data-testid="chart-level">
                        {tip(tf!("{0}：{1} 至 {2}", b.level.label(), format_beijing_minutes(b.from), format_beijing_minutes(b.to)))}
                        <rect x=x0 y="30" width=(x1 - x0).max(1.0) height="28" fill=fill stroke=ink stroke-width="1"/>
                        // Named inside the band only where the name fits: the tooltip and summary say it anyway.
                        {(x1 - x0 >= text_fit::width(b.level.label(), 12.0, true) + 6.0).then(|| view! { <text x=(x0 + x1) / 2.0 y="49" text-anchor="middle" font-weight="bold" fill=ink>{b.level.label()}</text> })}
                    </g>
                }
            }).collect_view()}
            <text x=LEFT - 8.0 y="79" text-anchor="end" font-weight="bold">{t("特别监控")}</text>
            {c.monitoring.iter().map(|d| {
                let (x0, x1) = (x(d.from), x(d.to));
                view! {
                    <g data-testid="chart-monitoring">
                        {tip(tf!("特别监控 {0}", d.date))}
                        <rect x=x0 y="66" width=(x1 - x0 - 1.0).max(1.0) height="20" fill="#f1f5f9" stroke="#555" stroke-dasharray="3 2"/>
                        {(x1 - x0 - 1.0 >= text_fit::width(t("监控"), 11.0, false) + 6.0).then(|| view! { <text x=(x0 + x1) / 2.0 y="80" text-anchor="middle" font-size="11">{t("监控")}</text> })}
                    </g>
                }
            }).collect_view()}
            {c.marks.iter().enumerate().map(|(n, m)| mark_row(c, n, m)).collect_view()}
            {c.restored_at.map(|r| marker(c, r, t("恢复"), axis, "6 3"))}
            {open.then(|| marker(c, c.until, t("现在"), axis, "1 3"))}
            // After the emergency the axis counts days, so the hours stay readable.
            {c.split.map(|s| view! { <text x=x(s) y=axis + 32.0 text-anchor="middle" font-size="14" font-weight="bold">"≈"</text> })}
        </svg>
        // The legend is HTML under the picture: it wraps in any language instead of running off the edge.
        <p class="hint chart-legend" data-testid="chart-legend">{tf!(
            "图例：竖线＝时限；实心圆点＝完成时间；灰线＝办理期间；“超时”以红色标出；虚线框＝特别监控日{0}",
            if c.split.is_some() { t("；“≈”之后时间刻度压缩") } else { "" })}</p>
    }
}

#[component]
pub fn TimelineChart(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let data: Memo<Option<Chart>> = Memo::new(move |_| {
        incident.with(|i| {
            let i = i.as_ref()?;
            let now = state.now_for(i.id());
            // Whole minutes: the picture is redrawn once a minute, not on every tick.
            let now = DateTime::from_timestamp(now.timestamp().div_euclid(60) * 60, 0).unwrap_or(now);
            Some(state.with_plan(i, |p| state.calendar(|cal| chart(i, p, cal, now))))
        })
    });
    view! {
        <section class="panel timeline-chart" aria-labelledby="timeline-chart-heading" data-testid="timeline-chart">
            <h2 id="timeline-chart-heading">{t("事件时间图")}</h2>
            {move || data.with(|c| c.as_ref().map(drawing))}
        </section>
    }
}
