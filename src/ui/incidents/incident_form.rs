//! Recording a new incident, or correcting the facts of one. Validation is
//! the domain's (`IncidentDraft`); this screen collects the input, shows each
//! message by its field and moves focus to the first problem.

use crate::ui::browser::clock;
use crate::ui::widgets::field::Field as FormField;
use crate::ui::browser::route::{self, Route};
use crate::ui::browser::focus::focus_by_id;
use crate::ui::state::AppState;
use crate::domain::incidents::draft::{Field, FieldError, IncidentDraft};
use crate::domain::events::facts::{Answer, Exchange, Period, PhenomenonKind};
use crate::domain::base::time::to_datetime_local;
use crate::domain::EventKind;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;

fn field_id(f: Field) -> &'static str {
    match f {
        Field::Title => "title",
        Field::DiscoveredAt => "discovered-at",
        Field::StartedAt => "started-at",
        Field::Phenomenon => "phenomenon-system",
        Field::RestoredAt => "restored-at",
    }
}

fn text_input(id: &'static str, value: RwSignal<String>, invalid: Option<Signal<bool>>) -> impl IntoView {
    view! {
        <input type="text" id=id name=id
            aria-describedby=format!("{id}-error")
            aria-invalid=move || invalid.map(|i| i.get().to_string())
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}

fn time_input(id: &'static str, value: RwSignal<String>, invalid: Signal<bool>) -> impl IntoView {
    view! {
        <input type="datetime-local" id=id name=id step="60"
            aria-describedby=format!("{id}-error")
            aria-invalid=move || invalid.get().to_string()
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}

fn answer_radios(name: &'static str, value: RwSignal<Answer>) -> impl IntoView {
    Answer::ALL
        .into_iter()
        .map(|a| {
            view! {
                <label class="choice">
                    <input type="radio" name=name value=a.code()
                        prop:checked=move || value.get() == a on:change=move |_| value.set(a)/>
                    {a.name()}
                </label>
            }
        })
        .collect_view()
}

/// `correct`: the id of an incident whose facts are being corrected.
#[component]
pub fn IncidentForm(#[prop(optional)] correct: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let correct_for_plan = correct.clone();
    let correct_id = move || correct_for_plan.clone();
    let correcting = correct.is_some();
    let start = correct
        .as_ref()
        .and_then(|id| state.incidents_untracked(|l| l.iter().find(|i| i.id() == id).map(|i| IncidentDraft::from_facts(&i.state().facts))))
        .unwrap_or_else(|| {
            let now = to_datetime_local(clock::now());
            let me = state.operator.get_untracked();
            // The unit this workstation was set up for, else the unit typed at sign-in.
            let unit = state.workstation.with_untracked(|w| w.unit.clone());
            let reporting_unit = if unit.is_empty() { me.role } else { unit };
            IncidentDraft { discovered_at: now.clone(), started_at: now, reporting_unit, reporter: me.name, ..IncidentDraft::default() }
        });
    let title = RwSignal::new(start.title);
    let description = RwSignal::new(start.description);
    let discovered = RwSignal::new(start.discovered_at);
    let started = RwSignal::new(start.started_at);
    let period = RwSignal::new(start.period);
    let phenomenon = RwSignal::new(start.phenomenon);
    let subcategory = RwSignal::new(start.subcategory);
    let exchanges = RwSignal::new(start.exchanges);
    let futures_companies = RwSignal::new(start.futures_companies);
    let data_submission = RwSignal::new(start.data_submission);
    let parties = RwSignal::new(start.parties);
    let bank_caused = RwSignal::new(start.bank_caused);
    let reporting_unit = RwSignal::new(start.reporting_unit);
    let reporter = RwSignal::new(start.reporter);
    let next_start = RwSignal::new(start.next_start_affected);
    let restored = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // New incidents open under the chosen plan's current version; a correction keeps the incident's.
    let plan_id = RwSignal::new(correct.as_ref().map_or_else(|| state.home_plan().id, |id| state.plan_of(id).id));
    let plan = Memo::new(move |_| match correct_id() {
        Some(id) => state.plan_of(&id),
        None => state.current_plan(&plan_id.get()),
    });
    let correct = StoredValue::new(correct);

    let error_for = move |field: Field| {
        Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    };
    let invalid = move |field: Field| Signal::derive(move || errors.with(|es| es.iter().any(|e| e.field == field)));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = IncidentDraft {
            title: title.get_untracked(),
            description: description.get_untracked(),
            discovered_at: discovered.get_untracked(),
            started_at: started.get_untracked(),
            period: period.get_untracked(),
            phenomenon: phenomenon.get_untracked(),
            subcategory: subcategory.get_untracked(),
            exchanges: exchanges.get_untracked(),
            futures_companies: futures_companies.get_untracked(),
            data_submission: data_submission.get_untracked(),
            parties: parties.get_untracked(),
            bank_caused: bank_caused.get_untracked(),
            reporting_unit: reporting_unit.get_untracked(),
            reporter: reporter.get_untracked(),
            next_start_affected: next_start.get_untracked(),
            restored_at: restored.get_untracked(),
        };
        let now = correct.with_value(|c| c.as_ref().map_or_else(clock::now, |id| state.clock_of(id, clock::now())));
        let why = reason.get_untracked().trim().to_string();
        reason_error.set((correcting && why.is_empty()).then(|| t("请填写更正原因").to_string()));
        match draft.validate_new(now) {
            Err(found) => {
                if let Some(first) = found.first() {
                    focus_by_id(field_id(first.field));
                }
                errors.set(found);
            }
            Ok(_) if correcting && why.is_empty() => {
                errors.set(Vec::new());
                focus_by_id("correction-reason");
            }
            Ok(new) => {
                errors.set(Vec::new());
                match correct.get_value() {
                    Some(id) => match state.record(&id, now, EventKind::FactsCorrected { facts: new.facts, reason: why }) {
                        Ok(_) => route::go(&Route::Incident(id)),
                        Err(e) => failure.set(Some(e)),
                    },
                    None => {
                        // Unsaved, it opens all the same: the banner names it and says what to do.
                        let (id, _) = state.open_incident(new, &plan_id.get_untracked());
                        route::go(&Route::Incident(id));
                    }
                }
            }
        }
    };

    let subcategories = move || {
        let kind = phenomenon.get();
        plan.with(|p| match kind {
            Some(PhenomenonKind::System) => p.subcategories.system.clone(),
            Some(PhenomenonKind::Application) => p.subcategories.application.clone(),
            Some(PhenomenonKind::Data) => p.subcategories.data.clone(),
            None => Vec::new(),
        })
    };
    let cancel = correct.get_value().map_or(Route::List, Route::Incident);

    view! {
        <section class="screen">
            <h1>{if correcting { t("更正事件信息") } else { t("登记新事件") }}</h1>
            <p class="hint">{if correcting {
                t("更正作为一条新记录保存，原记录保留在时间线中。时间均为北京时间。")
            } else {
                t("时间均为北京时间。带 * 的为必填项，其余可稍后补充。")
            }}</p>
            <form class="incident-form" on:submit=submit novalidate>
                {move || (!errors.get().is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert" data-testid="form-errors">
                        {tf!("有 {0} 处需要修改，请查看标红的字段。", errors.get().len())}
                    </div>
                })}
                {(!correcting).then(|| view! { <crate::ui::plans::plan_picker::PlanPicker chosen=plan_id/> })}
                <FormField id="title" label=t("事件标题") required=true error=error_for(Field::Title)>
                    {text_input("title", title, Some(invalid(Field::Title)))}
                </FormField>
                <div class="row">
                    <FormField id="discovered-at" label=t("发现时间") required=true error=error_for(Field::DiscoveredAt)>
                        {time_input("discovered-at", discovered, invalid(Field::DiscoveredAt))}
                    </FormField>
                    <FormField id="started-at" label=t("开始时间（影响开始）") required=true error=error_for(Field::StartedAt)>
                        {time_input("started-at", started, invalid(Field::StartedAt))}
                    </FormField>
                </div>
                <fieldset class="field">
                    <legend>{t("发生时段（第九条）")}</legend>
                    {[Period::Daytime, Period::EndOfDay].into_iter().map(|p| view! {
                        <label class="choice">
                            <input type="radio" name="period" prop:checked=move || period.get() == p
                                on:change=move |_| period.set(p)/>
                            {p.name()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <Show when=move || period.get() == Period::EndOfDay>
                    <fieldset class="field">
                        <legend>{t("下一日间业务开始时客户业务是否受影响")}</legend>
                        {answer_radios("next-start", next_start)}
                        <p class="hint">{t("选“待查”时先按不受影响定级；到下一日间业务开始时仍未恢复，将自动升级。")}</p>
                    </fieldset>
                </Show>
                <fieldset class="field" class:has-error=move || invalid(Field::Phenomenon).get()
                    aria-describedby="phenomenon-error">
                    <legend>{t("事件现象（第九条）")}<span class="required" aria-hidden="true">" *"</span></legend>
                    {PhenomenonKind::ALL.into_iter().map(|k| view! {
                        <label class="choice">
                            <input type="radio" name="phenomenon" value=k.code() id=format!("phenomenon-{}", k.code())
                                prop:checked=move || phenomenon.get() == Some(k)
                                on:change=move |_| { phenomenon.set(Some(k)); subcategory.set(String::new()); }/>
                            {k.name()}
                        </label>
                    }).collect_view()}
                    {move || error_for(Field::Phenomenon).get().map(|e| view! {
                        <p class="field-error" id="phenomenon-error">{e}</p>
                    })}
                    <Show when=move || phenomenon.get().is_some()>
                        <label for="subcategory">{t("细分")}</label>
                        <select id="subcategory" name="subcategory" on:change=move |ev| subcategory.set(event_target_value(&ev))>
                            <option value="" selected=move || subcategory.get().is_empty()>{t("（暂不细分）")}</option>
                            {move || subcategories().into_iter().map(|s| {
                                let selected = s.clone();
                                view! { <option value=s.clone() selected=move || subcategory.get() == selected>{tr(&s)}</option> }
                            }).collect_view()}
                        </select>
                    </Show>
                </fieldset>
                <fieldset class="field">
                    <legend>{t("受影响业务（第二条）")}</legend>
                    {Exchange::ALL.into_iter().map(|x| view! {
                        <label class="choice">
                            <input type="checkbox" name="exchange" prop:checked=move || exchanges.get().contains(&x)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    exchanges.update(|xs| { xs.retain(|y| *y != x); if on { xs.push(x); } });
                                }/>
                            {tf!("{0}出入金", tr(x.name()))}
                        </label>
                    }).collect_view()}
                    <label class="choice">
                        <input type="checkbox" name="data-submission" prop:checked=move || data_submission.get()
                            on:change=move |ev| data_submission.set(event_target_checked(&ev))/>
                        {t("监控中心数据报送")}
                    </label>
                    <label for="futures-companies">{t("银期转账受影响的期货公司（多个用逗号或顿号分隔）")}</label>
                    {text_input("futures-companies", futures_companies, None)}
                </fieldset>
                <fieldset class="field">
                    <legend>{move || plan.with(|p| tf!("是否{0}原因", tr(&p.institution)))}</legend>
                    {answer_radios("bank-caused", bank_caused)}
                </fieldset>
                <div class="field">
                    <label for="parties">{t("涉及各方（交易所、期货公司、监控中心等）")}</label>
                    {text_input("parties", parties, None)}
                    // An exchange named here is notified with the others; say so, and that
                    // ticking its 出入金 above is what starts the manual-business duties.
                    {move || {
                        let named: Vec<&str> = parties.with(|p| exchanges.with(|xs| {
                            Exchange::ALL.into_iter().filter(|x| !xs.contains(x) && x.named_in(p)).map(|x| x.name()).collect()
                        }));
                        (!named.is_empty()).then(|| view! {
                            <p class="hint" data-testid="parties-exchange-hint">{tf!(
                                "{0}会列入通知对象。如其出入金受影响，请同时勾选上面的“{0}出入金”，以便安排手工出入金。",
                                named.join(t("、")))}</p>
                        })
                    }}
                </div>
                <div class="field">
                    <label for="description">{t("现象描述")}</label>
                    <textarea id="description" name="description" rows="4"
                        prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </div>
                <div class="row">
                    <div class="field">
                        <label for="reporting-unit">{t("报告单位")}</label>
                        {text_input("reporting-unit", reporting_unit, None)}
                    </div>
                    <div class="field">
                        <label for="reporter">{t("报告人")}</label>
                        {text_input("reporter", reporter, None)}
                    </div>
                </div>
                {(!correcting).then(|| view! {
                    <FormField id="restored-at" label=t("恢复时间（登记时已恢复才填写）") error=error_for(Field::RestoredAt)>
                        {time_input("restored-at", restored, invalid(Field::RestoredAt))}
                    </FormField>
                })}
                {correcting.then(|| view! {
                    <FormField id="correction-reason" label=t("更正原因") required=true error=Signal::derive(move || reason_error.get())>
                        <textarea id="correction-reason" rows="2" aria-describedby="correction-reason-error"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </FormField>
                })}
                {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="actions">
                    <button type="submit" class="primary" data-testid="submit-incident">{if correcting { t("保存更正") } else { t("登记并定级") }}</button>
                    <a class="button" href=cancel.href()>{t("取消")}</a>
                </div>
            </form>
        </section>
    }
}
