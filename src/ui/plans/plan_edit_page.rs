//! Customise a plan (institution, recipient names, thresholds, deadlines,
//! service hours, limits) into a new version; import and export plan packs.
//! Incidents keep the version they were opened under.

use crate::ui::widgets::field::labelled_text;
use crate::ui::browser::file_pick::read_picked;
use super::plan_picker::PlanPicker;
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::base::i18n::{t, tr};
use crate::domain::plans::plan::Plan;
use crate::domain::plans::plan_edit::{deadline_unit, PlanForm};
use crate::domain::plans::plan_pack;
use crate::tf;
use leptos::prelude::*;

/// Largest pack accepted, so a wrong file cannot freeze the page.
const MAX_PACK_BYTES: f64 = 2_000_000.0;

#[component]
pub fn PlanEditPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = RwSignal::new(state.home_plan().id);
    let plan = Memo::new(move |_| state.current_plan(&chosen.get()));
    let saved = RwSignal::new(None::<String>);
    view! {
        <section class="screen plan-edit" data-testid="plan-edit">
            <a class="back" href=Route::Plan(None).href()>{t("← 返回预案")}</a>
            <h1>{t("修改、导入或导出预案")}</h1>
            <p class="hint">{t("保存修改会生成预案的新版本，之后登记的事件使用新版本；已登记的事件始终按其登记时的版本计算，历史记录不会改变。")}</p>
            <PlanPicker chosen=chosen/>
            // The message outlives the form, which is rebuilt on the new version once saved.
            {move || saved.get().map(|m| view! { <p class="notice notice-ok" role="status" data-testid="plan-saved">{m}</p> })}
            {move || view! { <PlanFormPanel base=plan.get() saved=saved/> }}
            <Versions chosen=chosen/>
            <ImportPack/>
        </section>
    }
}

/// The customising form for one base version.
#[component]
fn PlanFormPanel(base: Plan, saved: RwSignal<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let start = PlanForm::from_plan(&base);
    let institution = RwSignal::new(start.institution);
    let regulators = RwSignal::new(start.regulators);
    let local = RwSignal::new(start.local_regulators);
    let centre = RwSignal::new(start.monitoring_centre);
    let [t3, t2, t1] = start.thresholds.map(RwSignal::new);
    let open = RwSignal::new(start.open);
    let close = RwSignal::new(start.close);
    let counter_cap = RwSignal::new(start.counter_cap);
    let exchange_cap = RwSignal::new(start.exchange_cap);
    let deadlines: Vec<(String, String, &'static str, RwSignal<String>)> = base
        .obligations
        .iter()
        .zip(start.deadlines)
        .map(|(r, (id, v))| (id, r.title.clone(), deadline_unit(&r.schedule), RwSignal::new(v)))
        .collect();
    let rows = StoredValue::new(deadlines.iter().map(|(id, _, _, v)| (id.clone(), *v)).collect::<Vec<_>>());
    let base = StoredValue::new(base);
    let errors = RwSignal::new(Vec::<String>::new());

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = PlanForm {
            institution: institution.get_untracked(),
            regulators: regulators.get_untracked(),
            local_regulators: local.get_untracked(),
            monitoring_centre: centre.get_untracked(),
            thresholds: [t3.get_untracked(), t2.get_untracked(), t1.get_untracked()],
            open: open.get_untracked(),
            close: close.get_untracked(),
            deadlines: rows.with_value(|r| r.iter().map(|(id, v)| (id.clone(), v.get_untracked())).collect()),
            counter_cap: counter_cap.get_untracked(),
            exchange_cap: exchange_cap.get_untracked(),
        };
        // Named after its content once complete, so two workstations never mint the same name for different plans.
        let result = base.with_value(|b| form.apply(b, "local".into())).and_then(|mut p| {
            p.version = state.plans_untracked(|lib| lib.local_version(&p));
            let version = p.version.clone();
            state.save_plan(p).map(|_| version).map_err(|e| vec![e])
        });
        match result {
            Ok(version) => {
                errors.set(Vec::new());
                saved.set(Some(tf!("已保存为版本 {0}。之后登记的事件使用此版本，已有事件不受影响。", version)));
            }
            Err(e) => {
                saved.set(None);
                errors.set(e);
            }
        }
    };
    let threshold = |id: &'static str, label: &'static str, value: RwSignal<String>| view! {
        <label for=id>{label}</label>
        <input type="text" inputmode="numeric" id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    };

    view! {
        <form class="panel plan-form" on:submit=save novalidate aria-labelledby="plan-form-heading">
            <h2 id="plan-form-heading">{base.with_value(|b| tf!("在版本 {0} 基础上修改", b.version))}</h2>
            {move || (!errors.get().is_empty()).then(|| view! {
                <div class="notice notice-error" role="alert" data-testid="plan-errors">
                    <strong>{tf!("有 {0} 处需要修改：", errors.get().len())}</strong>
                    <ul>{errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            })}
            <fieldset>
                <legend>{t("机构与报告对象")}</legend>
                {labelled_text("plan-institution", t("机构名称（报告单位）"), institution)}
                {labelled_text("plan-regulators", t("监管机构（顿号或换行分隔）"), regulators)}
                {labelled_text("plan-local", t("当地监管机构（顿号分隔）"), local)}
                {labelled_text("plan-centre", t("监控中心"), centre)}
            </fieldset>
            <fieldset>
                <legend>{t("分级阈值（日间业务受影响分钟数，含）与服务时间")}</legend>
                <p class="hint">{t("三级都留空则不自动定级，由指定角色人工定级。")}</p>
                <div class="row">
                    <div class="field">{threshold("plan-t3", t("Ⅲ级"), t3)}</div>
                    <div class="field">{threshold("plan-t2", t("Ⅱ级"), t2)}</div>
                    <div class="field">{threshold("plan-t1", t("Ⅰ级"), t1)}</div>
                </div>
                <div class="row">
                    <div class="field">{labelled_text("plan-open", t("服务开始（如 08:30）"), open)}</div>
                    <div class="field">{labelled_text("plan-close", t("服务结束（如 16:00）"), close)}</div>
                </div>
            </fieldset>
            <fieldset>
                <legend>{t("报告与通知时限")}</legend>
                <table class="deadline-table">
                    <thead><tr><th scope="col">{t("义务")}</th><th scope="col">{t("时限")}</th></tr></thead>
                    <tbody>
                        {deadlines.into_iter().map(|(id, title, unit, value)| {
                            let input_id = format!("deadline-{id}");
                            view! {
                                <tr>
                                    <td><label for=input_id.clone()>{tr(&title)}</label></td>
                                    <td><input type="text" inputmode="numeric" id=input_id data-testid=format!("deadline-{id}") class="short"
                                        prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>" " {tr(unit)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </fieldset>
            <fieldset>
                <legend>{t("手工业务单笔上限（元）")}</legend>
                {labelled_text("plan-counter-cap", t("柜面转账"), counter_cap)}
                {labelled_text("plan-exchange-cap", t("交易所出入金"), exchange_cap)}
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary" data-testid="plan-save">{t("保存为新版本")}</button>
            </div>
        </form>
    }
}

/// Every version of the chosen plan: which is current, and each one's pack to download.
#[component]
fn Versions(chosen: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<String>);
    let list = move || {
        state.plans(|lib| {
            let current = lib.current(&chosen.get()).map(|p| p.version.clone());
            lib.versions(&chosen.get()).into_iter().map(|p| (p.clone(), Some(&p.version) == current.as_ref())).collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel" aria-labelledby="versions-heading">
            <h2 id="versions-heading">{t("版本")}</h2>
            <ul class="versions" data-testid="plan-versions">
                {move || list().into_iter().map(|(p, current)| {
                    let (id, version) = (p.id.clone(), p.version.clone());
                    let name = format!("plan-{}-{}.json", p.id, p.version.replace('+', "_"));
                    let text = serde_json::to_string_pretty(&p).unwrap_or_default();
                    view! {
                        <li>
                            <strong>{tf!("版本 {0}", p.version)}</strong>
                            {tf!("：{0}；{1}", tr(&p.institution), p.based_on.clone().map_or(t("内置").to_string(), |b| tf!("基于 {0}", b)))}
                            {current.then(|| view! { <span class="tag">{t("当前")}</span> })}
                            " "
                            {(!current).then(|| view! {
                                <button type="button" on:click=move |_| {
                                    let r = state.set_current_plan(&id, &version).map(|_| tf!("新登记的事件将使用版本 {0}", version));
                                    message.set(Some(r.unwrap_or_else(|e| e)));
                                }>{t("设为当前")}</button>
                            })}
                            <button type="button" on:click=move |_| {
                                if let Err(e) = crate::ui::browser::files::download(&name, "application/json;charset=utf-8", &text) {
                                    message.set(Some(e));
                                }
                            }>{t("导出预案包")}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
        </section>
    }
}

/// Import a pack: every error listed, or a preview and one button to add it.
#[component]
fn ImportPack() -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<(bool, String)>);
    let errors = RwSignal::new(Vec::<String>::new());
    let pending = RwSignal::new(None::<Plan>);
    let pick = move |ev: leptos::ev::Event| {
        message.set(None);
        read_picked(&ev, MAX_PACK_BYTES, message, move |text| match plan_pack::read(&text) {
            Ok(p) => {
                errors.set(Vec::new());
                pending.set(Some(p));
            }
            Err(e) => {
                pending.set(None);
                errors.set(e);
            }
        });
    };
    let accept = move |_| {
        let Some(p) = pending.get_untracked() else { return };
        let key = p.key();
        match state.save_plan(p) {
            Ok(()) => {
                pending.set(None);
                message.set(Some((true, tf!("已导入 {0} 并设为当前版本", key))));
            }
            Err(e) => message.set(Some((false, e))),
        }
    };
    view! {
        <section class="panel" aria-labelledby="import-pack-heading">
            <h2 id="import-pack-heading">{t("导入预案包")}</h2>
            <p class="hint">{t("预案包为 JSON 文件，格式与“导出预案包”得到的文件相同（详细说明见随应用提供的 docs/PLANS.md）。导入前检查全部字段：未知字段、类型、阈值、服务时间、引用的角色和义务、循环，所有问题一次列出。")}</p>
            <label for="pack-file">{t("选择预案包文件")}</label>
            <input type="file" id="pack-file" data-testid="pack-file" accept=".json,application/json" on:change=pick/>
            {move || (!errors.get().is_empty()).then(|| view! {
                <div class="notice notice-error" role="alert" data-testid="pack-errors">
                    <strong>{tf!("预案包有 {0} 处问题，未导入：", errors.get().len())}</strong>
                    <ul>{errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || pending.get().map(|p| {
                // Known before pressing: a name already used here for other content cannot be imported.
                let clash = state.plans(|lib| lib.get(&p.id, &p.version).is_some_and(|mine| *mine != p));
                view! {
                    <div class="notice" data-testid="pack-preview">
                        <p>{tf!("《{0}》版本 {1}，机构 {2}；{3} 个角色，{4} 项义务，{5} 个检查清单，{6} 条条款。",
                            tr(&p.title), p.version, tr(&p.institution), p.roles.len(), p.obligations.len(), p.checklists.len(), p.articles.len())}</p>
                        {clash.then(|| view! { <p class="field-error" role="alert">{tf!("本机已有版本 {0} 且内容不同，不能导入；请在预案包中改用新的版本号。", p.key())}</p> })}
                        <button type="button" class="primary" data-testid="pack-accept" disabled=clash on:click=accept>{t("导入并设为当前版本")}</button>
                    </div>
                }
            })}
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "saved" } else { "field-error" } role="status">{m}</p> })}
        </section>
    }
}
