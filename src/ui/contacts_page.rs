//! The contacts directory (附件1 and the external emergency contacts): add,
//! edit, remove, CSV import/export, and the names recipients resolve to.

use super::contact_form::ContactForm;
use super::route::Route;
use super::state::AppState;
use crate::domain::contacts::{self, Contact, Directory};
use crate::store::files;
use crate::domain::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;
use super::file_pick::read_picked;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // None: no form; Some(None): adding; Some(Some((unit, name))): editing that person.
    // By key, not row number: rows shift when others are removed (here or in another tab).
    let editing = RwSignal::new(None::<Option<(String, String)>>);
    let message = RwSignal::new(None::<(bool, String)>);
    let import_errors = RwSignal::new(Vec::<String>::new());

    let remove = move |unit: String, name: String| {
        let mut d = state.directory.get_untracked();
        let Some(i) = d.position(&unit, &name) else { return };
        editing.set(None);
        let gone = d.contacts.remove(i);
        match state.save_directory(d) {
            Ok(()) => message.set(Some((true, tf!("已删除：{0} {1}", gone.unit, gone.name)))),
            Err(e) => message.set(Some((false, e))),
        }
    };

    let export = move |_| {
        let text = state.directory.with_untracked(|d| contacts::to_csv(&d.contacts));
        if let Err(e) = files::download(t("通讯录.csv"), "text/csv;charset=utf-8", &text) {
            message.set(Some((false, e)));
        }
    };

    let import = move |ev: leptos::ev::Event| {
        import_errors.set(Vec::new());
        read_picked(&ev, files::MAX_IMPORT_BYTES, message, move |text| {
            match contacts::from_csv(&text) {
                Err(errors) => {
                    message.set(Some((false, tf!("导入未执行：发现 {0} 处问题，通讯录未做任何改动。", errors.len()))));
                    import_errors.set(errors.into_iter().map(|e| tf!("第 {0} 行：{1}", e.line, e.message)).collect());
                }
                Ok(rows) => {
                    let mut d: Directory = state.directory.get_untracked();
                    let summary = d.merge(rows);
                    match state.save_directory(d) {
                        Ok(()) => message.set(Some((true, tf!("导入完成：新增 {0} 人，更新 {1} 人。", summary.added, summary.updated)))),
                        Err(e) => message.set(Some((false, e))),
                    }
                }
            }
        });
    };

    view! {
        <section class="screen contacts">
            <div class="screen-head">
                <h1>{t("通讯录")}</h1>
                <button type="button" class="primary" data-testid="add-contact" on:click=move |_| editing.set(Some(None))>{t("新增联系人")}</button>
            </div>
            <p class="hint">{t("对应附件1《应急处置实施工作小组情况表》及交易所、期货公司、监控中心、监管机构的应急联系人。报告和通知的对象从这里取号码。")}</p>
            {move || state.directory_locked.get().map(|p| view! { <div class="notice notice-error" role="alert">{p}</div> })}
            {move || message.get().map(|(ok, m)| view! {
                <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="contacts-message">{m}</div>
            })}
            {move || {
                let errors = import_errors.get();
                (!errors.is_empty()).then(|| view! {
                    <ul class="import-errors" data-testid="import-errors">{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                })
            }}
            <div class="actions">
                <label class="button file-button">{t("导入 CSV…")}
                    <input type="file" accept=".csv,text/csv" data-testid="import-csv" class="visually-hidden" on:change=import/>
                </label>
                <button type="button" data-testid="export-csv" on:click=export>{t("导出 CSV")}</button>
                <a class="button" href=Route::CallTree.href()>{t("打印附件1与报告路线")}</a>
            </div>
            {move || editing.get().map(|key| {
                let initial = key.as_ref().and_then(|(u, n)| state.directory.with_untracked(|d| d.position(u, n).map(|i| d.contacts[i].clone())));
                view! { <ContactForm key=key initial=initial on_done=Callback::new(move |msg: Option<String>| {
                    editing.set(None);
                    if let Some(m) = msg { message.set(Some((true, m))); }
                })/> }
            })}
            <table class="contacts-table" data-testid="contacts-table">
                <thead><tr>
                    <th scope="col">{t("类别")}</th><th scope="col">{t("单位")}</th><th scope="col">{t("职务/角色")}</th><th scope="col">{t("姓名")}</th>
                    <th scope="col">{t("办公电话")}</th><th scope="col">{t("手机")}</th><th scope="col">{t("传真")}</th><th scope="col">{t("邮箱")}</th><th scope="col">{t("操作")}</th>
                </tr></thead>
                <tbody>
                    {move || state.directory.get().contacts.into_iter().map(|c: Contact| view! {
                        <tr data-testid="contact-row">
                            <td>{tr(c.kind.name())}</td><td>{c.unit.clone()}</td><td>{c.role.clone()}</td><td>{c.name.clone()}</td>
                            <td>{c.office_phone.clone()}</td><td>{c.mobile.clone()}</td><td>{c.fax.clone()}</td><td>{c.email.clone()}</td>
                            <td class="row-actions">
                                <button type="button" class="link" on:click={
                                    let key = (c.unit.clone(), c.name.clone());
                                    move |_| editing.set(Some(Some(key.clone())))
                                }>{t("编辑")}</button>
                                <button type="button" class="link" on:click=move |_| {
                                    let ok = web_sys::window().and_then(|w| w.confirm_with_message(&tf!("删除 {0} {1}？", c.unit, c.name)).ok()).unwrap_or(false);
                                    if ok { remove(c.unit.clone(), c.name.clone()) }
                                }>{t("删除")}</button>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <OrgNamesForm/>
        </section>
    }
}

/// Recipient names are plan data now (each plan version keeps its own); this points there.
#[component]
fn OrgNamesForm() -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="org-names-heading">
            <h2 id="org-names-heading">{t("报告对象名称")}</h2>
            <p class="hint">{t("监管机构、当地监管机构和监控中心的名称属于预案（模板中的“中国银监会”现为国家金融监督管理总局），在预案设置中修改后，新登记的事件按新名称报告。")}</p>
            <a class="button" href=Route::PlanEdit.href()>{t("修改报告对象名称…")}</a>
        </section>
    }
}
