//! Adding or editing one contact; validation and duplicate checks are the domain's.

use crate::ui::widgets::field::Field as FormField;
use crate::ui::state::AppState;
use crate::domain::business::contacts::{Contact, ContactError, ContactField, UnitKind};
use crate::domain::base::i18n::{t, tr};
use crate::domain::base::text::clean_line;
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn ContactForm(key: Option<(String, String)>, initial: Option<Contact>, on_done: Callback<Option<String>>) -> impl IntoView {
    let editing = key.is_some();
    let key = StoredValue::new(key);
    let state = expect_context::<AppState>();
    let c = initial.unwrap_or(Contact {
        kind: UnitKind::ProvincialGroup,
        unit: String::new(),
        role: String::new(),
        name: String::new(),
        office_phone: String::new(),
        mobile: String::new(),
        fax: String::new(),
        email: String::new(),
    });
    let kind = RwSignal::new(c.kind);
    let unit = RwSignal::new(c.unit);
    let role = RwSignal::new(c.role);
    let name = RwSignal::new(c.name);
    let office = RwSignal::new(c.office_phone);
    let mobile = RwSignal::new(c.mobile);
    let fax = RwSignal::new(c.fax);
    let email = RwSignal::new(c.email);
    let errors = RwSignal::new(Vec::<ContactError>::new());
    let failure = RwSignal::new(None::<String>);
    let error_for = move |f: ContactField| Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == f).map(|e| e.message.clone())));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let contact = Contact {
            kind: kind.get_untracked(),
            unit: unit.get_untracked(),
            role: role.get_untracked(),
            name: name.get_untracked(),
            office_phone: office.get_untracked(),
            mobile: mobile.get_untracked(),
            fax: fax.get_untracked(),
            email: email.get_untracked(),
        };
        let mut d = state.directory_untracked(Clone::clone);
        // Look the person up now: the row may have moved since the form opened.
        let index = match key.get_value() {
            None => None,
            Some((u, n)) => match d.position(&u, &n) {
                Some(i) => Some(i),
                None => return failure.set(Some(tf!("{0} {1} 已被删除（可能在另一标签页），未保存；请重新打开。", u, n))),
            },
        };
        if let Err(es) = d.put(index, &contact) {
            return errors.set(es);
        }
        errors.set(Vec::new());
        match state.save_directory(d) {
            Ok(()) => on_done.run(Some(tf!("已保存：{0} {1}", clean_line(&contact.unit), clean_line(&contact.name)))),
            Err(e) => failure.set(Some(e)),
        }
    };

    let input = |id: &'static str, value: RwSignal<String>, kind_attr: &'static str| view! {
        <input type=kind_attr id=id aria-describedby=format!("{id}-error")
            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    };

    view! {
        <form class="panel contact-form" on:submit=submit novalidate aria-label=t("联系人")>
            <h2>{if editing { t("编辑联系人") } else { t("新增联系人") }}</h2>
            <div class="row">
                <div class="field">
                    <label for="contact-kind">{t("类别")}</label>
                    <select id="contact-kind" on:change=move |ev| {
                        if let Some(k) = UnitKind::from_name(&event_target_value(&ev)) { kind.set(k) }
                    }>
                        {UnitKind::ALL.into_iter().map(|k| view! { <option value=k.name() selected=move || kind.get() == k>{tr(k.name())}</option> }).collect_view()}
                    </select>
                </div>
                <FormField id="contact-unit" label=t("单位") required=true error=error_for(ContactField::Unit)>{input("contact-unit", unit, "text")}</FormField>
                <div class="field"><label for="contact-role">{t("职务/角色")}</label>{input("contact-role", role, "text")}</div>
                <FormField id="contact-name" label=t("姓名") required=true error=error_for(ContactField::Name)>{input("contact-name", name, "text")}</FormField>
                <FormField id="contact-office" label=t("办公电话") error=error_for(ContactField::OfficePhone)>{input("contact-office", office, "tel")}</FormField>
                <FormField id="contact-mobile" label=t("手机") error=error_for(ContactField::Mobile)>{input("contact-mobile", mobile, "tel")}</FormField>
                <FormField id="contact-fax" label=t("传真") error=error_for(ContactField::Fax)>{input("contact-fax", fax, "tel")}</FormField>
                <FormField id="contact-email" label=t("邮箱") error=error_for(ContactField::Email)>{input("contact-email", email, "email")}</FormField>
            </div>
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-contact">{t("保存")}</button>
                <button type="button" on:click=move |_| on_done.run(None)>{t("取消")}</button>
            </div>
        </form>
    }
}
