//! All incidents on this workstation: open ones first, newest first.

use crate::domain::base::sort;
use super::deadline_board::DeadlineBoard;
use crate::ui::settings::backup_panel::BackupPanel;
use crate::ui::widgets::later::LaterPart;
use crate::ui::widgets::level_badge::LevelBadge;
use super::later_parts::{self, Tool};
use crate::ui::settings::backup_restore::placeholder as restore_placeholder;
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::ui::settings::storage_info::StorageInfo;
use crate::domain::base::time::{format_beijing_minutes, format_duration};
use crate::domain::Level;
use chrono::{DateTime, Utc};
use crate::domain::base::i18n::t;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn IncidentList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        // Whether the incident's plan grades by hand: its badge then says "not graded".
        let mut rows: Vec<Row> = state.incidents(|list| {
            list.iter()
                .map(|i| {
                    let s = i.state();
                    let manual = state.with_plan(i, |p| !p.grades_automatically());
                    Row { id: i.id().to_string(), title: s.facts.title.clone(), level: s.level, manual, started: s.facts.started_at, restored: s.restored_at, closed: s.closed, drill: s.drill.is_some() }
                })
                .collect()
        });
        // Incidents whose logs are not read yet: their summaries, for now.
        rows.extend(state.shelved(|list| {
            list.iter()
                .map(|s| Row {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    level: s.level,
                    manual: state.plans(|lib| !lib.resolve(&s.plan_id, &s.plan_version).0.grades_automatically()),
                    started: s.started_at.unwrap_or(s.opened_at),
                    restored: s.restored_at,
                    closed: s.closed,
                    drill: s.drill,
                })
                .collect::<Vec<_>>()
        }));
        sort::by(&mut rows, |a, b| b.restored.is_none().cmp(&a.restored.is_none()).then(b.started.cmp(&a.started)));
        rows
    };
    // Years of closed incidents make a list nobody reads and a start that waits for it:
    // every incident in progress, then the latest closed ones; the rest on request.
    let show_all = RwSignal::new(false);
    let listed = Memo::new(move |_| {
        let mut all = rows();
        let keep = if show_all.get() { all.len() } else { all.iter().filter(|r| r.restored.is_none()).count() + RECENT };
        let earlier = all.len().saturating_sub(keep);
        all.truncate(keep);
        (all, earlier)
    });

    view! {
        <section class="screen">
            <div class="screen-head">
                <h1>{t("事件列表")}</h1>
                <a class="button primary" href=Route::New.href() data-testid="new-incident">{t("登记新事件")}</a>
            </div>
            // First use: before any incident, the setup the reports sign with; once incidents
            // run, the board comes first and the setup waits below the list.
            // Decided once per visit, so the panel stays to show it saved.
            {(!state.workstation.with_untracked(|w| w.is_set_up()) && state.incidents_untracked(|l| l.iter().all(|i| !i.state().is_open())) && state.shelved(|l| l.iter().all(|s| s.restored_at.is_some())))
                .then(|| view! { <crate::ui::settings::setup_form::SetupPanel first_run=true/> })}
            <DeadlineBoard/>
            <super::dashboard::Dashboard/>
            <Show
                when=move || state.incidents(|l| !l.is_empty()) || state.shelved(|l| !l.is_empty())
                fallback=move || view! {
                    {move || if state.settling() {
                        view! { <p class="hint" aria-busy="true" data-testid="list-settling">{t("正在读取本机已结束的事件……")}</p> }.into_any()
                    } else {
                        view! { <p class="empty">{t("本机尚无事件记录。发生或发现突发事件时，点击“登记新事件”。")}</p> }.into_any()
                    }}
                }
            >
                <table class="incident-table">
                    <thead>
                        <tr><th scope="col">{t("级别")}</th><th scope="col">{t("col\u{4}事件")}</th><th scope="col">{t("状态")}</th>
                            <th scope="col">{t("开始时间（北京）")}</th><th scope="col">{t("已持续")}</th></tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || listed.with(|(rows, _)| rows.clone())
                            key=|r| (r.id.clone(), r.level, r.restored, r.closed, r.title.clone(), r.manual)
                            children=move |r| {
                                let (started, restored, drill, open) = (r.started, r.restored, r.drill, r.restored.is_none());
                                let row_id = r.id.clone();
                                view! {
                                    <tr class:closed=!open data-testid="incident-row">
                                        <td><LevelBadge level=r.level manual=r.manual/></td>
                                        <td>{drill.then(|| view! { <span class="tag drill-tag">{t("tag\u{4}演练")}</span> " " })}
                                            <a href=Route::Incident(r.id.clone()).href()>{r.title.clone()}</a></td>
                                        <td>{match (drill, r.closed, open) {
                                            (true, true, _) => t("演练已结束"),
                                            (true, false, _) => t("演练中"),
                                            (false, _, true) => t("处置中"),
                                            (false, true, false) => t("已关闭"),
                                            (false, false, false) => t("已恢复（后续处置中）"),
                                        }}</td>
                                        <td>{format_beijing_minutes(started)}</td>
                                        <td class="num">{move || {
                                            let end = restored.unwrap_or_else(|| state.now_for(&row_id));
                                            format_duration(end - started)
                                        }}</td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
                {move || state.settling().then(|| view! {
                    <p class="hint" aria-busy="true" data-testid="list-settling">{t("已结束的事件正在读取，稍后列出。")}</p>
                })}
                {move || {
                    let earlier = listed.with(|(_, n)| *n);
                    (earlier > 0).then(|| view! {
                        <p class="hint" data-testid="list-earlier">
                            {tf!("另有 {0} 个较早的已恢复或已关闭事件未列出。", earlier)} " "
                            <button type="button" data-testid="list-all" on:click=move |_| show_all.set(true)>{t("显示全部")}</button>
                        </p>
                    })
                }}
            </Show>
            // Backup stays in the first module: when storage is full it is how space is made,
            // and the page must not depend on a download for that.
            <BackupPanel>
                // Its button stands in its place until it comes, so nothing below moves.
                <LaterPart testid="backup-restore" what=t("从备份恢复") fallback=restore_placeholder
                    load=|| later_parts::tool(Tool::Restore)/>
            </BackupPanel>
            <StorageInfo/>
            // Last on the page: arriving a moment after the first screen, it moves nothing.
            <LaterPart testid="packet-import" what=t("事件包（工作站之间交换）") load=|| later_parts::tool(Tool::PacketImport)/>
        </section>
    }
}

/// Restored or closed incidents listed before 显示全部: the latest ones.
const RECENT: usize = 30;

/// One line of the list, from a log in memory or a summary on the shelf.
#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    title: String,
    level: Option<Level>,
    manual: bool,
    started: DateTime<Utc>,
    restored: Option<DateTime<Utc>>,
    closed: bool,
    drill: bool,
}
