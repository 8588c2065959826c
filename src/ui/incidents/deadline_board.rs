//! Across all open incidents: unconfirmed levels and the next deadlines first.

use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::base::calendar::provisional_note;
use crate::domain::base::first_n::FirstN;
use crate::domain::incidents::obligation::Urgency;
use crate::domain::base::time::{format_countdown, format_deadline, format_span};
use chrono::{DateTime, Utc};
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
struct Row {
    incident_id: String,
    incident: String,
    what: String,
    mine: bool,
    deadline: Option<DateTime<Utc>>,
    since: Option<DateTime<Utc>>,
    status: &'static str,
    /// The deadline was counted in a year without a published holiday schedule.
    provisional: bool,
    /// Already past on the incident's own clock (drill time for a drill).
    late: bool,
}

/// Rows the board shows; the rest are counted. Each incident's glance keeps as many.
const SHOWN: usize = crate::desk::duty_watch::FIRST;

/// What a row will say, before its words are made.
enum Pending {
    Level(crate::domain::Level, DateTime<Utc>),
    Duty(crate::domain::incidents::obligation::Obligation),
}

#[component]
pub fn DeadlineBoard() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo: the view reads the rows three times, and each tick needs them once. Only
    // the twelve shown are written out: an incident left open for months has thousands
    // of overdue rounds, and the board is redrawn every second.
    let board = Memo::new(move |_| {
        let mine = state.my_role.get();
        let now = state.now.get();
        state.incidents(|list| {
            // (sort key, incident, what): unconfirmed levels first (every duty waits on them),
            // then what can still be met, nearest first, then what is already late, so an
            // overdue duty does not bury one still in time.
            let mut found = FirstN::new(SHOWN, |(key, _, _): &((bool, bool, Option<DateTime<Utc>>), usize, Pending)| *key);
            // Open duties beyond each incident's first few: counted, never candidates for a row.
            let mut beyond = 0;
            for (n, i) in list.iter().enumerate() {
                let s = i.state();
                if s.closed {
                    continue;
                }
                let clock = crate::desk::incident_clock(i, now);
                if let Some((level, since)) = s.unconfirmed {
                    found.push(((false, false, None), n, Pending::Level(level, since)));
                }
                let glance = state.duty_glance(i);
                beyond += glance.open - glance.first.len();
                for o in glance.first.iter().cloned() {
                    found.push(((true, o.deadline < clock, Some(o.deadline)), n, Pending::Duty(o)));
                }
            }
            let (found, shown_or_not) = found.finish();
            let total = shown_or_not + beyond;
            let rows: Vec<Row> = found.into_iter().map(|((_, late, _), n, what)| {
                let i = &list[n];
                let s = i.state();
                let incident = if s.drill.is_some() { tf!("【演练】{0}", s.facts.title) } else { s.facts.title.clone() };
                match what {
                    Pending::Level(level, since) => Row {
                        incident_id: i.id().into(),
                        incident,
                        what: tf!("{0}待{1}确认", level.label(), tr(&state.with_plan(i, |p| p.authority_for(level)).unwrap_or_default())),
                        mine: mine.as_deref() == Some(state.with_plan(i, |p| p.rule_for(level).map(|r| r.authority.clone())).unwrap_or_default().as_str()),
                        deadline: None,
                        since: Some(since),
                        status: "unconfirmed",
                        provisional: false,
                        late: false,
                    },
                    Pending::Duty(o) => Row {
                        incident_id: i.id().into(),
                        incident,
                        what: tr(&o.rule.title),
                        mine: mine.as_deref() == Some(o.responsible()),
                        deadline: Some(o.deadline),
                        since: None,
                        status: o.status.code(),
                        provisional: state.calendar(|c| c.deadline_is_provisional(&o.rule.schedule, o.started_at)),
                        late,
                    },
                }
            }).collect();
            (rows, total)
        })
    });
    let rows = Memo::new(move |_| board.with(|(rows, _)| rows.clone()));
    // Incidents in progress whose logs are read just after the first screen.
    let reading = Memo::new(move |_| state.open_shelved().0);

    view! {
        <Show when=move || rows.with(|r| !r.is_empty()) || reading.get() != 0>
            <section class="panel board" aria-labelledby="board-heading">
                <h2 id="board-heading">{t("下一个时限")}</h2>
                {move || (reading.get() > 0).then(|| view! {
                    <p class="hint" data-testid="board-reading">{tf!("正在读取 {0} 个处置中事件的记录，其时限读入后即列出……", reading.get())}</p>
                })}
                <ol class="board-list" data-testid="deadline-board">
                    {move || rows.get().into_iter().map(|r| view! {
                        // The same colour scale by time left as the incident's own cards.
                        <li class={let id = r.incident_id.clone(); move || format!("board-row status-{} urgency-{}", r.status,
                                r.deadline.map_or("unconfirmed", |d| Urgency::of(d - state.now_for(&id)).code()))} class:mine=r.mine>
                            <span class="big-countdown" class:long={let id = r.incident_id.clone(); move || r.deadline.is_some_and(|d| crate::domain::base::time::span_unit(d - state.now_for(&id)).is_none())}>{let id = r.incident_id.clone(); move || match (r.deadline, r.since) {
                                (Some(d), _) => format_countdown(d - state.now_for(&id)),
                                (None, Some(s)) => tf!("已 {0}", format_span(state.now_for(&id) - s)),
                                _ => String::new(),
                            }}</span>
                            <span class="board-what">
                                <strong>{r.what.clone()}</strong>
                                {r.mine.then_some(view! { <span class="mine-tag">{t("我的")}</span> })}
                                <br/>
                                <a href=Route::Incident(r.incident_id.clone()).href()>{r.incident.clone()}</a>
                                {r.deadline.map(|d| tf!(" · 时限 {0}", format_deadline(d)))}
                                {r.provisional.then(|| view! { " " <span class="provisional-note" data-testid="provisional">{provisional_note()}</span> })}
                            </span>
                        </li>
                    }).collect_view()}
                </ol>
                {move || { let n = board.with(|(_, total)| *total); (n > SHOWN).then(|| view! { <p class="hint" data-testid="board-more">{tf!("另有 {0} 项，请到各事件页面查看。", n - SHOWN)}</p> }) }}
            </section>
        </Show>
    }
}
