//! Recording one counter transfer (第十九条): every field checked by the
//! domain, messages beside the fields, two different people required.

use super::company_picker::CompanyPicker;
use crate::ui::widgets::field::Field as FormField;
use crate::ui::state::AppState;
use crate::domain::business::counterparty::Counterparties;
use crate::domain::{business::ledger::{Ledger, TransferDraft, TransferError, TransferField}, events::transfer::TransferDirection};
use crate::domain::base::money::{capitals, preview, AmountPreview};
use crate::domain::base::i18n::{t, tr};
use crate::domain::EventKind;
use crate::domain::files::saving::Feedback;
use leptos::prelude::*;

#[component]
pub fn TransferForm(incident_id: String, ledger: Memo<Ledger>, known: Memo<Counterparties>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let incident_id = StoredValue::new(incident_id);
    let direction = RwSignal::new(None::<TransferDirection>);
    let at = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let bank_account = RwSignal::new(String::new());
    let futures_company = RwSignal::new(String::new());
    let futures_account = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let voucher = RwSignal::new(String::new());
    let operator = RwSignal::new(state.operator.get_untracked().name);
    let reviewer = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<TransferError>::new());
    let saved = RwSignal::new(None::<Feedback>);
    let error_for = move |f: TransferField| Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == f).map(|e| e.message.clone())));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = TransferDraft {
            at: at.get_untracked(),
            direction: direction.get_untracked(),
            customer: customer.get_untracked(),
            bank_account: bank_account.get_untracked(),
            futures_company: futures_company.get_untracked(),
            futures_account: futures_account.get_untracked(),
            amount: amount.get_untracked(),
            voucher: voucher.get_untracked(),
            operator: operator.get_untracked(),
            reviewer: reviewer.get_untracked(),
            note: note.get_untracked(),
        };
        let cap = state.plan_of(&incident_id.get_value()).limits.counter_transfer;
        let now = state.clock_of(&incident_id.get_value(), crate::ui::browser::clock::now());
        let result = ledger.with_untracked(|l| known.with_untracked(|k| draft.validate(state.new_id(), l, k, cap, now)));
        match result {
            Err(found) => {
                saved.set(None);
                errors.set(found);
            }
            Ok(transfer) => {
                errors.set(Vec::new());
                let text = crate::tf!("已登记：{0} {1} ¥{2}（{3}）", tr(transfer.direction.name()), transfer.customer, transfer.amount, capitals(transfer.amount));
                let when = transfer.at;
                let outcome = Feedback::of(&incident_id.get_value(), state.record(&incident_id.get_value(), when, EventKind::TransferRecorded { transfer }), text);
                if outcome.recorded() {
                    // Keep direction, company, operator and reviewer: the next slip is usually alike.
                    for s in [at, customer, bank_account, futures_account, amount, voucher, note] {
                        s.set(String::new());
                    }
                }
                saved.set(Some(outcome));
            }
        }
    };

    let input = move |id: &'static str, value: RwSignal<String>, field: TransferField, mode: &'static str| view! {
        <input type="text" id=id inputmode=mode aria-describedby=format!("{id}-error")
            aria-invalid=move || errors.with(|es| es.iter().any(|e| e.field == field)).to_string()
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    };
    let cap = state.plan_of(&incident_id.get_value()).limits.counter_transfer;

    view! {
        <form class="panel transfer-form" on:submit=submit novalidate aria-label=t("登记柜面转账")>
            <h2>{t("登记柜面转账")}</h2>
            <fieldset class="field" class:has-error=move || error_for(TransferField::Direction).get().is_some()>
                <legend>{t("业务类型")}<span class="required" aria-hidden="true">" *"</span></legend>
                {TransferDirection::ALL.into_iter().map(|d| view! {
                    <label class="choice">
                        <input type="radio" name="transfer-direction" prop:checked=move || direction.get() == Some(d)
                            on:change=move |_| direction.set(Some(d))/>
                        {tr(d.name())}
                    </label>
                }).collect_view()}
                {move || error_for(TransferField::Direction).get().map(|e| view! { <p class="field-error">{e}</p> })}
            </fieldset>
            <div class="row">
                <FormField id="tr-customer" label=t("客户姓名") required=true error=error_for(TransferField::Customer)>{input("tr-customer", customer, TransferField::Customer, "text")}</FormField>
                <FormField id="tr-bank-account" label=t("客户银行账号") required=true error=error_for(TransferField::BankAccount)>{input("tr-bank-account", bank_account, TransferField::BankAccount, "numeric")}</FormField>
                // Picked, never typed: one spelling per company keeps totals and reconciliation together.
                <CompanyPicker id="tr-company" label=t("期货公司") value=futures_company known=known incident_id=incident_id
                    error=error_for(TransferField::FuturesCompany)/>
                <FormField id="tr-futures-account" label=t("期货资金账号") required=true error=error_for(TransferField::FuturesAccount)>{input("tr-futures-account", futures_account, TransferField::FuturesAccount, "numeric")}</FormField>
                <FormField id="tr-amount" label=t("金额（元）") required=true error=error_for(TransferField::Amount)>
                    {input("tr-amount", amount, TransferField::Amount, "decimal")}
                    <AmountWords id="tr-amount-words" text=amount cap=cap error=error_for(TransferField::Amount)/>
                </FormField>
                <FormField id="tr-voucher" label=t("凭证号") required=true error=error_for(TransferField::Voucher)>{input("tr-voucher", voucher, TransferField::Voucher, "text")}</FormField>
                <FormField id="tr-operator" label=t("经办人") required=true error=error_for(TransferField::Operator)>{input("tr-operator", operator, TransferField::Operator, "text")}</FormField>
                <FormField id="tr-reviewer" label=t("复核人") required=true error=error_for(TransferField::Reviewer)>{input("tr-reviewer", reviewer, TransferField::Reviewer, "text")}</FormField>
                <FormField id="tr-at" label=t("办理时间（留空为现在）") error=error_for(TransferField::At)>
                    <input type="datetime-local" id="tr-at" step="60" prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                </FormField>
                <div class="field"><label for="tr-note">{t("备注")}</label>
                    <input type="text" id="tr-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/></div>
            </div>
            {move || (!errors.get().is_empty()).then(|| view! {
                <div class="notice notice-error" role="alert" data-testid="transfer-errors">{crate::tf!("有 {0} 处需要修改，未登记。", errors.get().len())}</div>
            })}
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-transfer">{t("登记")}</button>
                {move || saved.get().map(|f| {
                    let f = Signal::derive(move || state.settle_feedback(f.clone()));
                    view! { <span class=move || f.get().class() role="status" data-testid="transfer-saved">{move || f.get().text()}</span> }
                })}
            </div>
        </form>
    }
}

/// The amount in capitals while it is typed, to compare with the slip before saving,
/// or why it is not an amount yet (unless the field's own message, `error`, says the same).
#[component]
pub fn AmountWords(id: &'static str, text: RwSignal<String>, cap: crate::domain::base::money::Fen, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let shown = Memo::new(move |_| match preview(&text.get(), Some(cap)) {
        AmountPreview::Invalid(why) if error.get().as_deref() == Some(why.as_str()) => AmountPreview::Empty,
        p => p,
    });
    view! {
        <p class="amount-words" id=id data-testid=id aria-live="polite"
            class:invalid=move || matches!(shown.get(), AmountPreview::Invalid(_))>
            {move || match shown.get() {
                AmountPreview::Empty if error.get().is_some() => ().into_any(),
                AmountPreview::Empty => view! { <span class="hint">{t("输入金额后，这里显示大写，请与凭证核对")}</span> }.into_any(),
                AmountPreview::Capitals(words) => view! { {t("大写：")}<strong lang="zh-CN">{words}</strong> }.into_any(),
                AmountPreview::Invalid(why) => view! { {t("无法显示大写：")}{why} }.into_any(),
            }}
        </p>
    }
}

/// An amount's capitals for a table cell: they may wrap only after 亿, 万 or 元,
/// never inside a group.
pub fn capitals_cell(amount: crate::domain::base::money::Fen) -> impl IntoView {
    let words = capitals(amount);
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in words.chars() {
        current.push(c);
        if matches!(c, '亿' | '万' | '元') {
            parts.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    view! { <span class="capitals" lang="zh-CN">{parts.into_iter().map(|p| view! { {p}<wbr/> }).collect_view()}</span> }
}

/// A ledger row's time: the date and the minute each kept whole, the line breaking between them.
pub fn when_cell(at: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let text = crate::domain::base::time::format_beijing_minutes(at);
    let (day, minute) = text.rsplit_once(' ').map_or((text.clone(), String::new()), |(d, m)| (d.to_string(), m.to_string()));
    view! { <span class="nowrap">{day}</span>" "<span class="nowrap">{minute}</span> }
}
