//! Recording a new incident. Validation is the domain's (`IncidentDraft`);
//! this screen only collects the input and shows each message by its field.

use super::clock;
use super::field::Field as FormField;
use super::route::{self, Route};
use super::state::AppState;
use crate::domain::draft::{Field, FieldError, IncidentDraft};
use crate::domain::facts::{Answer, Exchange, Period, PhenomenonKind};
use crate::domain::time::to_datetime_local;
use leptos::prelude::*;

fn text_input(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <input type="text" id=id name=id
            aria-describedby=format!("{id}-error")
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}

fn time_input(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <input type="datetime-local" id=id name=id step="60"
            aria-describedby=format!("{id}-error")
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

#[component]
pub fn IncidentForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let now_text = to_datetime_local(clock::now());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let discovered = RwSignal::new(now_text.clone());
    let started = RwSignal::new(now_text);
    let period = RwSignal::new(Period::Daytime);
    let phenomenon = RwSignal::new(None::<PhenomenonKind>);
    let subcategory = RwSignal::new(String::new());
    let exchanges = RwSignal::new(Vec::<Exchange>::new());
    let futures_companies = RwSignal::new(String::new());
    let data_submission = RwSignal::new(false);
    let parties = RwSignal::new(String::new());
    let bank_caused = RwSignal::new(Answer::Unknown);
    let reporting_unit = RwSignal::new(state.operator.get_untracked().role);
    let reporter = RwSignal::new(state.operator.get_untracked().name);
    let next_start = RwSignal::new(Answer::Unknown);
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let error_for = move |field: Field| {
        Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    };

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
        };
        match draft.validate(clock::now()) {
            Ok(facts) => {
                errors.set(Vec::new());
                let id = state.open_incident(facts);
                route::go(&Route::Incident(id));
            }
            Err(found) => errors.set(found),
        }
    };

    let subcategories = move || {
        let kind = phenomenon.get();
        state.plan.with_value(|p| match kind {
            Some(PhenomenonKind::System) => p.subcategories.system.clone(),
            Some(PhenomenonKind::Application) => p.subcategories.application.clone(),
            Some(PhenomenonKind::Data) => p.subcategories.data.clone(),
            None => Vec::new(),
        })
    };

    view! {
        <section class="screen">
            <h1>"登记新事件"</h1>
            <p class="hint">"时间均为北京时间。带 * 的为必填项，其余可稍后补充。"</p>
            <form class="incident-form" on:submit=submit novalidate>
                {move || (!errors.get().is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert" data-testid="form-errors">
                        {format!("有 {} 处需要修改，请查看标红的字段。", errors.get().len())}
                    </div>
                })}
                <FormField id="title" label="事件标题" required=true error=error_for(Field::Title)>
                    {text_input("title", title)}
                </FormField>
                <div class="row">
                    <FormField id="discovered-at" label="发现时间" required=true error=error_for(Field::DiscoveredAt)>
                        {time_input("discovered-at", discovered)}
                    </FormField>
                    <FormField id="started-at" label="开始时间（影响开始）" required=true error=error_for(Field::StartedAt)>
                        {time_input("started-at", started)}
                    </FormField>
                </div>
                <fieldset class="field">
                    <legend>"发生时段（第九条）"</legend>
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
                        <legend>"下一日间业务开始时客户业务是否受影响"</legend>
                        {answer_radios("next-start", next_start)}
                        <p class="hint">"选“待查”时先按不受影响定级；到下一日间业务开始时仍未恢复，将自动升级。"</p>
                    </fieldset>
                </Show>
                <fieldset class="field" class:has-error=move || error_for(Field::Phenomenon).get().is_some()
                    aria-describedby="phenomenon-error">
                    <legend>"事件现象（第九条）"<span class="required" aria-hidden="true">" *"</span></legend>
                    {PhenomenonKind::ALL.into_iter().map(|k| view! {
                        <label class="choice">
                            <input type="radio" name="phenomenon" value=k.code()
                                prop:checked=move || phenomenon.get() == Some(k)
                                on:change=move |_| { phenomenon.set(Some(k)); subcategory.set(String::new()); }/>
                            {k.name()}
                        </label>
                    }).collect_view()}
                    {move || error_for(Field::Phenomenon).get().map(|e| view! {
                        <p class="field-error" id="phenomenon-error" role="alert">{e}</p>
                    })}
                    <Show when=move || phenomenon.get().is_some()>
                        <label for="subcategory">"细分"</label>
                        <select id="subcategory" name="subcategory" on:change=move |ev| subcategory.set(event_target_value(&ev))>
                            <option value="" selected=move || subcategory.get().is_empty()>"（暂不细分）"</option>
                            {move || subcategories().into_iter().map(|s| {
                                let selected = s.clone();
                                view! { <option value=s.clone() selected=move || subcategory.get() == selected>{s.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </Show>
                </fieldset>
                <fieldset class="field">
                    <legend>"受影响业务（第二条）"</legend>
                    {Exchange::ALL.into_iter().map(|x| view! {
                        <label class="choice">
                            <input type="checkbox" name="exchange" prop:checked=move || exchanges.get().contains(&x)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    exchanges.update(|xs| { xs.retain(|y| *y != x); if on { xs.push(x); } });
                                }/>
                            {format!("{}出入金", x.name())}
                        </label>
                    }).collect_view()}
                    <label class="choice">
                        <input type="checkbox" name="data-submission" prop:checked=move || data_submission.get()
                            on:change=move |ev| data_submission.set(event_target_checked(&ev))/>
                        "监控中心数据报送"
                    </label>
                    <label for="futures-companies">"银期转账受影响的期货公司（多个用逗号或顿号分隔）"</label>
                    {text_input("futures-companies", futures_companies)}
                </fieldset>
                <fieldset class="field">
                    <legend>"是否本行原因"</legend>
                    {answer_radios("bank-caused", bank_caused)}
                </fieldset>
                <div class="field">
                    <label for="parties">"涉及各方（交易所、期货公司、监控中心等）"</label>
                    {text_input("parties", parties)}
                </div>
                <div class="field">
                    <label for="description">"现象描述"</label>
                    <textarea id="description" name="description" rows="4"
                        prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </div>
                <div class="row">
                    <div class="field">
                        <label for="reporting-unit">"报告单位"</label>
                        {text_input("reporting-unit", reporting_unit)}
                    </div>
                    <div class="field">
                        <label for="reporter">"报告人"</label>
                        {text_input("reporter", reporter)}
                    </div>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="submit-incident">"登记并定级"</button>
                    <a class="button" href=Route::List.href()>"取消"</a>
                </div>
            </form>
        </section>
    }
}
