//! The plan viewer: the whole plan readable offline and searchable, each
//! article with what the app does with it and the rules that cite it.

use super::plan_picker::PlanPicker;
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::base::i18n::{lang, t, tr, Lang};
use crate::domain::plans::plan::{Article, Plan};
use crate::tf;
use leptos::prelude::*;

/// Whether `text` contains every word of the query (blank query: everything).
/// People type levels many ways: 二级, II级, 2级 all find Ⅱ级, and in English
/// "level 2" or "level II" finds "Level Ⅱ".
fn matches(query: &str, text: &str) -> bool {
    let text = text.to_lowercase();
    query.split_whitespace().all(|w| {
        let w = w.to_lowercase();
        let zh = [("一级", "Ⅰ级"), ("二级", "Ⅱ级"), ("三级", "Ⅲ级"), ("iii级", "Ⅲ级"), ("ii级", "Ⅱ级"), ("i级", "Ⅰ级"), ("1级", "Ⅰ级"), ("2级", "Ⅱ级"), ("3级", "Ⅲ级")]; // zh-only
        let en = [("iii", "Ⅲ"), ("ii", "Ⅱ"), ("i", "Ⅰ"), ("1", "Ⅰ"), ("2", "Ⅱ"), ("3", "Ⅲ")];
        let english = if lang() == Lang::En { &en[..] } else { &[] };
        let level = zh
            .iter()
            .chain(english)
            .find(|(typed, _)| w == *typed)
            .map(|(_, canonical)| canonical.to_lowercase());
        text.contains(&w) || level.is_some_and(|l| text.contains(&l))
    })
}

/// The text a search looks in: the plan's own words and, in English, their translation too,
/// so both "传真" and "fax" find an article.
fn searchable(parts: &[&str]) -> String {
    let mut text = parts.join(" ");
    if lang() == Lang::En {
        for p in parts {
            text.push(' ');
            text.push_str(&tr(p));
        }
    }
    text
}

/// What in the plan cites an article: levels, duties, checklists, roles.
fn cited(plan: &Plan, a: &Article) -> Vec<String> {
    let mut out = Vec::new();
    for r in &plan.levels {
        if a.cited_by(&r.article) || a.cited_by(&r.authority_article) {
            let how = r.daytime_minutes.map_or(t("人工定级").to_string(), |m| tf!("日间业务受影响满 {0} 分钟自动定级", m));
            out.push(tf!("分级：{0}（{1}）", tr(r.level.label()), how));
        }
    }
    for r in plan.obligations.iter().filter(|r| a.cited_by(&r.article)) {
        out.push(tf!("义务：{0}（{1}，{2}）", tr(&r.title), tr(&plan.role_name(&r.responsible)), r.when()));
    }
    for c in plan.checklists.iter().filter(|c| a.cited_by(&c.article)) {
        out.push(tf!("检查清单：{0}（{1} 步）", tr(&c.title), c.steps.len()));
    }
    for s in plan.fallback.iter().filter(|s| a.cited_by(&s.article)) {
        out.push(tf!("出入金应急步骤：{0}", tr(&s.title)));
    }
    for r in plan.roles.iter().filter(|r| a.cited_by(&r.article)) {
        out.push(tf!("职责：{0}", tr(&r.name)));
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
        state.plans(|lib| match &pinned {
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
            .filter(|(a, links)| {
                let text = searchable(&[&a.id, &a.chapter, &a.heading, &a.summary, &a.app]);
                matches(&query, &format!("{text} {}", links.join(" ")))
            })
            .collect::<Vec<_>>()
    };
    let count = move || articles().len();

    view! {
        <section class="screen plan-page printable" data-testid="plan-page">
            <div class="screen-head">
                <h1>{t("预案")}</h1>
                <a class="button no-print" href=Route::PlanEdit.href()>{t("修改、导入或导出预案…")}</a>
            </div>
            <PlanPicker chosen=chosen/>
            {move || plan.with(|p| view! {
                <div class="panel">
                    <h2 data-testid="plan-title">{tf!("《{0}》", tr(&p.title))}</h2>
                    <p>{tf!("版本 {0}；机构：{1}", p.version, tr(&p.institution))}
                        {p.based_on.clone().map(|b| tf!("；在 {0} 基础上修改", b))}</p>
                    <p>{tf!("服务时间 {0}–{1}（交易日）", p.service_hours.open.format("%H:%M"), p.service_hours.close.format("%H:%M"))}
                        {if p.grades_automatically() { t("；按日间业务受影响时长自动定级") } else { t("；不设时长阈值，由指定角色人工定级") }}
                        {if p.manual_business { t("；含柜面转账和交易所出入金应急业务") } else { "" }}</p>
                    <h3>{t("分级")}</h3>
                    <ul class="plan-levels">
                        {p.levels.iter().rev().map(|r| view! {
                            <li><strong>{tr(r.level.label())}</strong>" "
                                {r.daytime_minutes.map_or(t("人工定级").to_string(), |m| tf!("日间业务受影响满 {0} 分钟", m))}
                                {tf!("；决策：{0}（{1}）；{2}", tr(&p.role_name(&r.authority)), tr(&r.authority_article), tr(&r.description))}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <div class="panel no-print">
                <label for="plan-search">{t("搜索条款和规则")}</label>
                <input type="search" id="plan-search" data-testid="plan-search" placeholder=t("如：传真、10 分钟、第十五条、监控中心")
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <p class="hint" role="status" data-testid="plan-search-count">{move || tf!("共 {0} 条", count())}</p>
            </div>
            <ol class="plan-articles" data-testid="plan-articles">
                {move || articles().into_iter().map(|(a, links)| view! {
                    <li class="plan-article" data-testid="plan-article">
                        <h3><span class="chapter">{tr(&a.chapter)}</span>{format!("{} {}", tr(&a.id), tr(&a.heading))}</h3>
                        <p>{tr(&a.summary)}</p>
                        <p class="app-does"><strong>{t("应用中：")}</strong>{tr(&a.app)}</p>
                        {(!links.is_empty()).then(|| view! {
                            <ul class="cited">{links.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
            {move || plan.with(|p| view! {
                <div class="panel">
                    <h2>{t("角色与职责")}</h2>
                    <dl class="org-duties">
                        {p.roles.iter().filter(|r| {
                            let mut parts = vec![r.name.as_str()];
                            parts.extend(r.duties.iter().map(String::as_str));
                            matches(&q(), &searchable(&parts))
                        }).map(|r| view! {
                            <dt>{tf!("{0}（{1}）", tr(&r.name), tr(&r.article))}</dt>
                            <dd><ul>{r.duties.iter().map(|d| view! { <li>{tr(d)}</li> }).collect_view()}</ul></dd>
                        }).collect_view()}
                    </dl>
                    <h2>{t("检查清单（按阶段）")}</h2>
                    {p.phases.iter().map(|ph| {
                        let lists: Vec<_> = p.checklists.iter().filter(|c| c.phase == ph.id)
                            .filter(|c| {
                                let mut parts = vec![c.title.as_str()];
                                parts.extend(c.steps.iter().map(String::as_str));
                                matches(&q(), &searchable(&parts))
                            }).cloned().collect();
                        (!lists.is_empty()).then(|| view! {
                            <h3>{tf!("{0}（{1}）", tr(&ph.name), tr(&ph.article))}</h3>
                            {lists.into_iter().map(|c| view! {
                                <p><strong>{format!("{} · {}", tr(&p.role_name(&c.role)), tr(&c.title))}</strong>{tf!("（{0}）", tr(&c.article))}</p>
                                <ol>{c.steps.into_iter().map(|s| view! { <li>{tr(&s)}</li> }).collect_view()}</ol>
                            }).collect_view()}
                        })
                    }).collect_view()}
                </div>
            })}
        </section>
    }
}
