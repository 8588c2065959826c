//! The plan's checklists for this incident, by phase: each step ticked off is
//! an entry in the log (who, when). My role's lists come first in each phase.

use crate::domain::base::sort;
use crate::ui::state::AppState;
use crate::domain::{EventKind, Incident};
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn ChecklistsPanel(incident: Memo<Option<Incident>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = move || incident.with(|i| i.as_ref().map(|i| i.id().to_string())).unwrap_or_default();
    let plan = Memo::new(move |_| state.plan_of(&id()));
    // step id → who ticked it, when.
    let done = Memo::new(move |_| {
        incident.with(|i| {
            i.as_ref().map_or_else(BTreeMap::new, |i| {
                i.events()
                    .iter()
                    .filter_map(|e| match &e.kind {
                        EventKind::ChecklistStepDone { step_id, .. } => {
                            Some((step_id.clone(), format!("{} {}", tr(&e.author.name), crate::domain::base::time::format_beijing(e.occurred_at))))
                        }
                        _ => None,
                    })
                    .collect::<BTreeMap<_, _>>()
            })
        })
    });
    let error = RwSignal::new(None::<String>);
    let tick = move |step_id: String| {
        let kind = EventKind::ChecklistStepDone { step_id, note: String::new() };
        error.set(state.record_now(&id(), kind).err());
    };
    move || {
        let p = plan.get();
        if p.checklists.is_empty() {
            return None;
        }
        let mine = state.my_role.get();
        Some(view! {
            <section class="panel checklists" aria-labelledby="checklists-heading" data-testid="checklists">
                <h2 id="checklists-heading">{t("处置检查清单")}</h2>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {p.phases.iter().map(|ph| {
                    let mut lists: Vec<_> = p.checklists.iter().filter(|c| c.phase == ph.id).cloned().collect();
                    sort::by_key(&mut lists, |c| Some(&c.role) != mine.as_ref());
                    let total: usize = lists.iter().map(|c| c.steps.len()).sum();
                    let ids: Vec<String> = lists.iter().flat_map(|c| (0..c.steps.len()).map(|n| c.step_id(n))).collect();
                    let finished = move || done.with(|d| ids.iter().filter(|s| d.contains_key(*s)).count());
                    let open = lists.iter().any(|c| Some(&c.role) == mine.as_ref());
                    (!lists.is_empty()).then(|| view! {
                        <details open=open>
                            <summary>{tf!("{0}（{1}）", tr(&ph.name), tr(&ph.article))}" " <span class="hint">{move || tf!("{0}/{1} 步", finished(), total)}</span></summary>
                            {lists.into_iter().map(|c| {
                                let role = tr(&p.role_name(&c.role));
                                let is_mine = Some(&c.role) == mine.as_ref();
                                view! {
                                    <div class="checklist" class:mine=is_mine>
                                        <h3>{format!("{role} · {}", tr(&c.title))}<span class="hint">{tf!("（{0}）", tr(&c.article))}</span>
                                            {is_mine.then(|| view! { <span class="mine-tag">{t("我的")}</span> })}</h3>
                                        <ol>
                                            {c.steps.iter().enumerate().map(|(n, text)| {
                                                let sid = c.step_id(n);
                                                let (s1, s2, s3) = (sid.clone(), sid.clone(), sid.clone());
                                                view! {
                                                    <li>
                                                        <label class="choice">
                                                            <input type="checkbox" data-testid=format!("check-{sid}")
                                                                prop:checked=move || done.with(|d| d.contains_key(&s1))
                                                                prop:disabled=move || done.with(|d| d.contains_key(&s2))
                                                                on:change=move |_| tick(s3.clone())/>
                                                            {tr(text)}
                                                        </label>
                                                        {move || done.with(|d| d.get(&sid).cloned()).map(|who| view! { <span class="hint">{tf!("（{0}）", who)}</span> })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ol>
                                    </div>
                                }
                            }).collect_view()}
                        </details>
                    })
                }).collect_view()}
            </section>
        })
    }
}
