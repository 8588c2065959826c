//! The futures company of a ledger entry: picked from those the incident knows
//! (`domain::business::counterparty`), never typed, so a typo cannot become a counterparty of
//! its own. A new company is added only on purpose, with its own control, a full
//! name and a confirmation; it is kept in the log as `FuturesCompanyAdded`.

use crate::ui::browser::focus::focus_by_id;
use crate::ui::state::AppState;
use crate::domain::business::counterparty::{quoted, Counterparties, Source};
use crate::domain::base::i18n::t;
use crate::domain::EventKind;
use leptos::prelude::*;

/// The companies an incident knows, folded from its log, its facts and the directory.
pub fn counterparties_memo(state: AppState, incident_id: StoredValue<String>) -> Memo<Counterparties> {
    Memo::new(move |_| {
        state.directory(|d| {
            state.incidents(|l| {
                incident_id.with_value(|id| {
                    l.iter().find(|i| i.id() == id).map(|i| Counterparties::gather(d, &i.state().facts, i.events())).unwrap_or_default()
                })
            })
        })
    })
}

#[component]
pub fn CompanyPicker(
    /// The id of the `<select>`; its message is `<id>-error`, the add panel `<id>-add`.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    known: Memo<Counterparties>,
    incident_id: StoredValue<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let adding = RwSignal::new(false);
    let new_name = RwSignal::new(String::new());
    let confirmed = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let added = RwSignal::new(None::<String>);
    let (add_id, name_id, confirm_id) = (format!("{id}-add"), format!("{id}-new-name"), format!("{id}-new-confirm"));
    let similar = Memo::new(move |_| {
        let n = new_name.get();
        if n.trim().is_empty() { Vec::new() } else { known.with(|k| k.similar_to(&n)) }
    });

    // Straight to the name once the panel is on screen, and back to the list when it closes.
    let name_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(el) = name_ref.get() {
            let _ = el.focus();
        }
    });
    let open = move |_| {
        new_name.set(String::new());
        confirmed.set(false);
        problem.set(None);
        added.set(None);
        adding.set(true);
    };
    let close = move || {
        adding.set(false);
        focus_by_id(id);
    };
    let add = move || {
        let checked = known.with_untracked(|k| k.check_new(&new_name.get_untracked(), confirmed.get_untracked()));
        match checked {
            Err(p) => problem.set(Some(p.message())),
            Ok(name) => match state.record_now(&incident_id.get_value(), EventKind::FuturesCompanyAdded { name: name.clone() }) {
                Err(e) => problem.set(Some(e)),
                Ok(_) => {
                    value.set(name.clone());
                    added.set(Some(crate::tf!("已新增期货公司“{0}”，并已选中。", name)));
                    close();
                }
            },
        }
    };

    view! {
        <div class="field company-picker" class:has-error=move || error.get().is_some() class:adding=move || adding.get()>
            <label for=id>{label}<span class="required" aria-hidden="true">" *"</span></label>
            <div class="picker-row">
                <select id=id aria-describedby=format!("{id}-error") data-testid=id
                    aria-invalid=move || error.get().is_some().to_string()
                    on:change=move |ev| { value.set(event_target_value(&ev)); added.set(None); }>
                    <option value="" prop:selected=move || value.get().is_empty()>{t("（请选择）")}</option>
                    {move || known.with(|k| Source::ALL.into_iter().filter_map(|source| {
                        let names = k.names_from(source);
                        (!names.is_empty()).then(|| view! {
                            <optgroup label=source.name()>
                                // A company's name is its own, in any screen language.
                                {names.into_iter().map(|n| {
                                    let (same, shown) = (n.clone(), n.clone());
                                    view! { <option value=n translate="no" prop:selected=move || value.get() == same>{shown}</option> }
                                }).collect_view()}
                            </optgroup>
                        })
                    }).collect_view())}
                </select>
                <button type="button" data-testid=format!("{id}-add-open") aria-expanded=move || adding.get().to_string() aria-controls={ let add_id = add_id.clone(); move || adding.get().then(|| add_id.clone()) }
                    on:click=open>{t("新增期货公司…")}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" id=format!("{id}-error")>{e}</p> })}
            {move || added.get().map(|m| view! { <p class="saved" role="status">{m}</p> })}
            {move || known.with(|k| k.is_empty()).then(|| view! {
                <p class="hint">{t("通讯录和本事件中还没有期货公司。请先在通讯录中登记（类别选“期货公司”），或用“新增期货公司”。")}</p>
            })}
            {
                let (add_id, name_id, confirm_id) = (add_id.clone(), name_id.clone(), confirm_id.clone());
                move || adding.get().then(|| {
                    view! {
                        <div class="add-company" id=add_id.clone() role="group" aria-label=t("新增期货公司")>
                            <p>{t("新增的期货公司将成为本事件新的交易对手：台账合计单列一行，日终对账单独选择。只在确有一家新的期货公司时新增；名称写错请取消，在列表中选择。")}</p>
                            <label for=name_id.clone()>{t("期货公司全称（与对方书面材料一致）")}</label>
                            <input type="text" id=name_id.clone() node_ref=name_ref data-testid=format!("{id}-new-name") autocomplete="off"
                                prop:value=move || new_name.get()
                                on:input=move |ev| { new_name.set(event_target_value(&ev)); confirmed.set(false); problem.set(None); }
                                // Enter adds (the panel sits inside the entry's form, which must not be sent).
                                on:keydown=move |ev| { if ev.key() == "Enter" { ev.prevent_default(); add(); } }/>
                            {move || { let near = similar.get(); (!near.is_empty()).then(|| view! {
                                <p class="field-error">{crate::tf!("注意：与已有的{0}相近。", quoted(&near))}</p>
                            }) }}
                            <label class="choice" for=confirm_id.clone()>
                                <input type="checkbox" id=confirm_id.clone() data-testid=format!("{id}-new-confirm")
                                    prop:checked=move || confirmed.get() on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                                {move || {
                                    let n = new_name.get();
                                    let n = n.trim();
                                    let near = similar.get();
                                    match (n.is_empty(), near.is_empty()) {
                                        (true, _) => t("我确认这是一家新的期货公司，新增为本事件的交易对手").to_string(),
                                        (false, true) => crate::tf!("我确认“{0}”是一家新的期货公司，新增为本事件的交易对手", n),
                                        (false, false) => crate::tf!("我已核对：“{0}”是另一家期货公司，不是{1}；新增为本事件的交易对手", n, quoted(&near)),
                                    }
                                }}
                            </label>
                            {move || problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid=format!("{id}-new-problem")>{p}</p> })}
                            <div class="actions">
                                <button type="button" class="primary" data-testid=format!("{id}-new-add") on:click=move |_| add()>{t("确认新增")}</button>
                                <button type="button" on:click=move |_| close()>{t("取消")}</button>
                            </div>
                        </div>
                    }
                })
            }
        </div>
    }
}
