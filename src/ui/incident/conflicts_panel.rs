//! Entries that came in from another workstation under a known id with other
//! content (`EventKind::EventConflict`): our copy beside every other one, so a
//! person can settle which is right. Nothing is dropped or chosen automatically.

use crate::ui::state::AppState;
use super::timeline::{author_text, detail, plan_of_log};
use crate::domain::events::event::Event;
use crate::domain::base::i18n::t;
use crate::domain::base::time::format_beijing;
use crate::domain::Incident;
use crate::tf;
use leptos::prelude::*;

/// The rows compared: label, then the value for each copy.
fn rows(copies: &[Option<&Event>], plan: &crate::domain::Plan) -> Vec<(&'static str, Vec<String>)> {
    let each = |f: &dyn Fn(&Event) -> String| copies.iter().map(|c| c.map_or_else(|| t("（本机无此编号）").to_string(), f)).collect::<Vec<_>>();
    vec![
        (t("类型"), each(&|e| e.kind.title())),
        (t("发生时间"), each(&|e| format_beijing(e.occurred_at))),
        (t("记录时间"), each(&|e| format_beijing(e.recorded_at))),
        (t("记录人"), each(&|e| author_text(&e.author))),
        (t("内容"), each(&|e| detail(&e.kind, plan))),
    ]
}

#[component]
pub fn ConflictsPanel(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let conflicts = Memo::new(move |_| incident.with(|i| i.as_ref().map(Incident::conflicts).unwrap_or_default()));
    move || {
        let list = conflicts.get();
        if list.is_empty() {
            return ().into_any();
        }
        let plan = incident.with_untracked(|i| i.as_ref().map(|i| plan_of_log(&state, i.events()))).unwrap_or_else(|| state.home_plan());
        view! {
            <section class="panel conflicts" aria-labelledby="conflicts-heading" data-testid="conflicts">
                <h2 id="conflicts-heading">{t("记录冲突")}</h2>
                <p role="status">{tf!("另一台工作站的副本中有 {0} 条记录与本机同号而内容不同。本机记录未被改动，另一份内容完整保留如下，请核实哪一份正确，并在处置记录中说明。", list.len())}</p>
                {list.into_iter().map(|c| {
                    let mut copies: Vec<Option<&Event>> = vec![c.ours.as_ref()];
                    copies.extend(c.others.iter().map(Some));
                    let many = c.others.len() > 1;
                    let heads: Vec<String> = std::iter::once(t("本机").to_string())
                        .chain((1..=c.others.len()).map(|n| if many { tf!("另一副本 {0}", n) } else { t("另一副本").to_string() }))
                        .collect();
                    view! {
                        <table class="ledger-table conflict" data-testid="conflict">
                            <caption>{tf!("记录编号 {0}", c.event_id.clone())}</caption>
                            <thead><tr><th scope="col">{t("项目")}</th>{heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                            <tbody>{rows(&copies, &plan).into_iter().map(|(label, values)| view! {
                                <tr><th scope="row">{label}</th>{values.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}</tr>
                            }).collect_view()}</tbody>
                        </table>
                    }
                }).collect_view()}
            </section>
        }
        .into_any()
    }
}
