//! All incidents on this workstation: open ones first, newest first.

use super::deadline_board::DeadlineBoard;
use crate::ui::settings::backup_panel::BackupPanel;
use crate::ui::widgets::level_badge::LevelBadge;
use super::packet_import::PacketImport;
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::ui::settings::storage_info::StorageInfo;
use crate::domain::base::time::{format_beijing_minutes, format_duration};
use crate::domain::IncidentState;
use crate::domain::base::i18n::t;
use leptos::prelude::*;

#[component]
pub fn IncidentList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        // Whether the incident's plan grades by hand: its badge then says "not graded".
        let mut rows: Vec<(String, IncidentState, bool)> = state.incidents(|list| {
            list.iter().map(|i| (i.id().to_string(), i.state(), state.with_plan(i, |p| !p.grades_automatically()))).collect()
        });
        rows.sort_by(|a, b| {
            b.1.is_open().cmp(&a.1.is_open()).then(b.1.facts.started_at.cmp(&a.1.facts.started_at))
        });
        rows
    };

    view! {
        <section class="screen">
            <div class="screen-head">
                <h1>{t("事件列表")}</h1>
                <a class="button primary" href=Route::New.href() data-testid="new-incident">{t("登记新事件")}</a>
            </div>
            // First use: before any incident, the setup the reports sign with; once incidents
            // run, the board comes first and the setup waits below the list.
            // Decided once per visit, so the panel stays to show it saved.
            {(!state.workstation.with_untracked(|w| w.is_set_up()) && state.incidents_untracked(|l| l.iter().all(|i| !i.state().is_open())))
                .then(|| view! { <crate::ui::settings::setup_form::SetupPanel first_run=true/> })}
            <DeadlineBoard/>
            <super::dashboard::Dashboard/>
            <Show
                when=move || state.incidents(|l| !l.is_empty())
                fallback=|| view! {
                    <p class="empty">{t("本机尚无事件记录。发生或发现突发事件时，点击“登记新事件”。")}</p>
                }
            >
                <table class="incident-table">
                    <thead>
                        <tr><th scope="col">{t("级别")}</th><th scope="col">{t("col\u{4}事件")}</th><th scope="col">{t("状态")}</th>
                            <th scope="col">{t("开始时间（北京）")}</th><th scope="col">{t("已持续")}</th></tr>
                    </thead>
                    <tbody>
                        <For
                            each=rows
                            key=|(id, s, manual)| (id.clone(), s.level, s.restored_at, s.closed, s.facts.title.clone(), *manual)
                            children=move |(id, s, manual)| {
                                let started = s.facts.started_at;
                                let restored = s.restored_at;
                                let drill = s.drill.is_some();
                                let row_id = id.clone();
                                view! {
                                    <tr class:closed=!s.is_open() data-testid="incident-row">
                                        <td><LevelBadge level=s.level manual=manual/></td>
                                        <td>{drill.then(|| view! { <span class="tag drill-tag">{t("tag\u{4}演练")}</span> " " })}
                                            <a href=Route::Incident(id).href()>{s.facts.title.clone()}</a></td>
                                        <td>{match (drill, s.closed, s.is_open()) {
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
            </Show>
            <PacketImport/>
            <BackupPanel/>
            <StorageInfo/>
        </section>
    }
}
