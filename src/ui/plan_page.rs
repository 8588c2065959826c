//! The plan viewer: the whole plan readable offline and searchable, each
//! article with what the app does with it and the rules that cite it.

use super::plan_picker::PlanPicker;
use super::route::Route;
use super::state::AppState;
use crate::domain::plan::{Article, Plan};
use leptos::prelude::*;

/// Whether `text` contains every word of the query (blank query: everything).
/// People type levels many ways: 二级, II级, 2级 all find Ⅱ级.
fn matches(query: &str, text: &str) -> bool {
    let text = text.to_lowercase();
    query.split_whitespace().all(|w| {
        let w = w.to_lowercase();
        let level = [("一级", "Ⅰ级"), ("二级", "Ⅱ级"), ("三级", "Ⅲ级"), ("iii级", "Ⅲ级"), ("ii级", "Ⅱ级"), ("i级", "Ⅰ级"), ("1级", "Ⅰ级"), ("2级", "Ⅱ级"), ("3级", "Ⅲ级")]
            .iter()
            .find(|(typed, _)| w == *typed)
            .map(|(_, canonical)| canonical.to_lowercase());
        text.contains(&w) || level.is_some_and(|l| text.contains(&l))
    })
}

/// What in the plan cites an article: levels, duties, checklists, roles.
fn cited(plan: &Plan, a: &Article) -> Vec<String> {
    let mut out = Vec::new();
    for r in &plan.levels {
        if a.cited_by(&r.article) || a.cited_by(&r.authority_article) {
            let how = r.daytime_minutes.map_or("人工定级".to_string(), |m| format!("日间业务受影响满 {m} 分钟自动定级"));
            out.push(format!("分级：{}（{how}）", r.level.label()));
        }
    }
    for r in plan.obligations.iter().filter(|r| a.cited_by(&r.article)) {
        out.push(format!("义务：{}（{}，{}）", r.title, plan.role_name(&r.responsible), r.when()));
    }
    for c in plan.checklists.iter().filter(|c| a.cited_by(&c.article)) {
        out.push(format!("检查清单：{}（{} 步）", c.title, c.steps.len()));
    }
    for s in plan.fallback.iter().filter(|s| a.cited_by(&s.article)) {
        out.push(format!("出入金应急步骤：{}", s.title));
    }
    for r in plan.roles.iter().filter(|r| a.cited_by(&r.article)) {
        out.push(format!("职责：{}", r.name));
    }
    out
}

#[component]
pub fn PlanPage(plan_id: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // "id@version" from an incident's link shows that exact version; a bare id, the current one.
    let (id, pinned) = match plan_id.as_deref().and_then(|k| k.split_once('@')) {
        Some((id, version)) => (id.to_string(), Some((id.to_string(), version.to_string()))),
        None => (plan_id.unwrap_or_else(|| state.home_plan().id), None),
    };
    let chosen = RwSignal::new(id);
    let plan = Memo::new(move |_| {
        let id = chosen.get();
        state.plans.with(|lib| match &pinned {
            Some((pid, version)) if *pid == id => lib.get(pid, version).or_else(|| lib.current(&id)).cloned(),
            _ => lib.current(&id).cloned(),
        })
        .unwrap_or_else(|| state.home_plan())
    });
    let query = RwSignal::new(String::new());
    let q = move || query.get();

    let articles = move || {
        let p = plan.get();
        let query = q();
        p.articles
            .iter()
            .map(|a| (a.clone(), cited(&p, a)))
            .filter(|(a, links)| matches(&query, &format!("{} {} {} {} {} {}", a.id, a.chapter, a.heading, a.summary, a.app, links.join(" "))))
            .collect::<Vec<_>>()
    };
    let count = move || articles().len();

    view! {
        <section class="screen plan-page printable" data-testid="plan-page">
            <div class="screen-head">
                <h1>"预案"</h1>
                <a class="button no-print" href=Route::PlanEdit.href()>"修改、导入或导出预案…"</a>
            </div>
            <PlanPicker chosen=chosen/>
            {move || plan.with(|p| view! {
                <div class="panel">
                    <h2 data-testid="plan-title">{format!("《{}》", p.title)}</h2>
                    <p>{format!("版本 {}；机构：{}", p.version, p.institution)}
                        {p.based_on.clone().map(|b| format!("；在 {b} 基础上修改"))}</p>
                    <p>{format!("服务时间 {}–{}（交易日）", p.service_hours.open.format("%H:%M"), p.service_hours.close.format("%H:%M"))}
                        {if p.grades_automatically() { "；按日间业务受影响时长自动定级".to_string() } else { "；不设时长阈值，由指定角色人工定级".to_string() }}
                        {if p.manual_business { "；含柜面转账和交易所出入金应急业务" } else { "" }}</p>
                    <h3>"分级"</h3>
                    <ul class="plan-levels">
                        {p.levels.iter().rev().map(|r| view! {
                            <li><strong>{r.level.label()}</strong>" "
                                {r.daytime_minutes.map_or("人工定级".to_string(), |m| format!("日间业务受影响满 {m} 分钟"))}
                                {format!("；决策：{}（{}）；{}", p.role_name(&r.authority), r.authority_article, r.description)}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <div class="panel no-print">
                <label for="plan-search">"搜索条款和规则"</label>
                <input type="search" id="plan-search" data-testid="plan-search" placeholder="如：传真、10 分钟、第十五条、监控中心"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <p class="hint" role="status" data-testid="plan-search-count">{move || format!("共 {} 条", count())}</p>
            </div>
            <ol class="plan-articles" data-testid="plan-articles">
                {move || articles().into_iter().map(|(a, links)| view! {
                    <li class="plan-article" data-testid="plan-article">
                        <h3><span class="chapter">{a.chapter.clone()}</span>{format!("{} {}", a.id, a.heading)}</h3>
                        <p>{a.summary.clone()}</p>
                        <p class="app-does"><strong>"应用中："</strong>{a.app.clone()}</p>
                        {(!links.is_empty()).then(|| view! {
                            <ul class="cited">{links.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
            {move || plan.with(|p| view! {
                <div class="panel">
                    <h2>"角色与职责"</h2>
                    <dl class="org-duties">
                        {p.roles.iter().filter(|r| matches(&q(), &format!("{} {}", r.name, r.duties.join(" ")))).map(|r| view! {
                            <dt>{format!("{}（{}）", r.name, r.article)}</dt>
                            <dd><ul>{r.duties.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul></dd>
                        }).collect_view()}
                    </dl>
                    <h2>"检查清单（按阶段）"</h2>
                    {p.phases.iter().map(|ph| {
                        let lists: Vec<_> = p.checklists.iter().filter(|c| c.phase == ph.id)
                            .filter(|c| matches(&q(), &format!("{} {}", c.title, c.steps.join(" ")))).cloned().collect();
                        (!lists.is_empty()).then(|| view! {
                            <h3>{format!("{}（{}）", ph.name, ph.article)}</h3>
                            {lists.into_iter().map(|c| view! {
                                <p><strong>{format!("{} · {}", p.role_name(&c.role), c.title)}</strong>{format!("（{}）", c.article)}</p>
                                <ol>{c.steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                            }).collect_view()}
                        })
                    }).collect_view()}
                </div>
            })}
        </section>
    }
}
