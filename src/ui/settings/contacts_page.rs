//! The contacts directory (附件1 and the external emergency contacts): add,
//! edit, remove, CSV import/export, and the names recipients resolve to.

use super::contact_form::ContactForm;
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::domain::business::{contacts::{self, Contact}, contacts_merge::{ContactChange, FieldChange, ImportUndo, MergePlan}};
use crate::ui::browser::files;
use crate::domain::base::i18n::{t, tr};
use crate::tf;
use leptos::prelude::*;
use crate::ui::browser::file_pick::read_picked;
use std::cell::RefCell;

thread_local! {
    /// The last confirmed import, to take it back: kept across screens until the next
    /// import is confirmed or the page reloads (the screen says so).
    static LAST_IMPORT: RefCell<Option<ImportUndo>> = const { RefCell::new(None) };
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // None: no form; Some(None): adding; Some(Some((unit, name))): editing that person.
    // By key, not row number: rows shift when others are removed (here or in another tab).
    let editing = RwSignal::new(None::<Option<(String, String)>>);
    let message = RwSignal::new(None::<(bool, String)>);
    let import_errors = RwSignal::new(Vec::<String>::new());
    // The rows of a file read and what merging them would do, until confirmed or cancelled.
    let pending = RwSignal::new(None::<(Vec<Contact>, MergePlan)>);
    let can_undo = RwSignal::new(LAST_IMPORT.with_borrow(Option::is_some));

    let remove = move |unit: String, name: String| {
        let mut d = state.directory_untracked(Clone::clone);
        let Some(i) = d.position(&unit, &name) else { return };
        editing.set(None);
        let gone = d.contacts.remove(i);
        match state.save_directory(d) {
            Ok(()) => message.set(Some((true, tf!("已删除：{0} {1}", gone.unit, gone.name)))),
            Err(e) => message.set(Some((false, e))),
        }
    };

    let export = move |_| {
        let text = state.directory_untracked(|d| contacts::to_csv(&d.contacts));
        if let Err(e) = files::download(t("通讯录.csv"), "text/csv;charset=utf-8", &text) {
            message.set(Some((false, e)));
        }
    };

    // A file is read and checked, then previewed: nothing is written before 确认导入.
    let import = move |ev: leptos::ev::Event| {
        import_errors.set(Vec::new());
        pending.set(None);
        read_picked(&ev, files::MAX_IMPORT_BYTES, message, move |text| {
            match contacts::from_csv(&text) {
                Err(errors) => {
                    message.set(Some((false, tf!("导入未执行：发现 {0} 处问题，通讯录未做任何改动。", errors.len()))));
                    import_errors.set(errors.into_iter().map(|e| tf!("第 {0} 行：{1}", e.line, e.message)).collect());
                }
                Ok(rows) => {
                    let plan = state.directory_untracked(|d| crate::domain::business::contacts_merge::plan_merge(d, &rows));
                    message.set(None);
                    pending.set(Some((rows, plan)));
                }
            }
        });
    };

    let confirm_import = move |_| {
        let Some((rows, plan)) = pending.get_untracked() else { return };
        let current = state.directory_untracked(Clone::clone);
        if &current != plan.before() {
            // Changed since the preview (this page or another tab): show what it would do now.
            pending.set(Some((rows.clone(), crate::domain::business::contacts_merge::plan_merge(&current, &rows))));
            return message.set(Some((false, t("通讯录在预览之后有改动（可能在另一标签页），预览已按最新内容更新，请再核对一次。").into())));
        }
        if plan.is_empty() {
            return pending.set(None);
        }
        let summary = plan.summary();
        match state.save_directory(plan.after().clone()) {
            Ok(()) => {
                LAST_IMPORT.with_borrow_mut(|u| *u = Some(plan.undo()));
                can_undo.set(true);
                pending.set(None);
                message.set(Some((true, tf!("导入完成：新增 {0} 人，更新 {1} 人。", summary.added, summary.updated))));
            }
            Err(e) => message.set(Some((false, e))),
        }
    };

    let undo_import = move |_| {
        let Some(undo) = LAST_IMPORT.with_borrow(Clone::clone) else { return can_undo.set(false) };
        let before = match state.directory_untracked(|d| undo.undo(d)) {
            Ok(before) => before,
            Err(e) => return message.set(Some((false, e))),
        };
        match state.save_directory(before) {
            Ok(()) => {
                LAST_IMPORT.with_borrow_mut(|u| *u = None);
                can_undo.set(false);
                message.set(Some((true, t("已撤销上次导入：通讯录已恢复为导入之前的内容。").into())));
            }
            Err(e) => message.set(Some((false, e))),
        }
    };

    view! {
        <section class="screen contacts">
            <div class="screen-head">
                <h1>{t("通讯录")}</h1>
                <button type="button" class="primary" data-testid="add-contact" on:click=move |_| editing.set(Some(None))>{t("新增联系人")}</button>
            </div>
            <p class="hint">{t("对应附件1《应急处置实施工作小组情况表》及交易所、期货公司、监控中心、监管机构的应急联系人。报告和通知的对象从这里取号码。")}</p>
            {move || state.directory_locked().map(|p| view! { <div class="notice notice-error" role="alert">{p}</div> })}
            {move || message.get().map(|(ok, m)| view! {
                <div class=if ok { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="contacts-message">{m}</div>
            })}
            {move || {
                let errors = import_errors.get();
                (!errors.is_empty()).then(|| view! {
                    <ul class="import-errors" data-testid="import-errors">{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                })
            }}
            {move || pending.get().map(|(_, plan)| {
                let nothing = plan.is_empty();
                view! {
                    <div class="notice notice-warn" data-testid="import-preview">
                        <p>{t("导入预览：以下内容在确认后才写入通讯录。文件中的空白栏不会清除已有的号码。")}</p>
                        {nothing.then(|| view! { <p data-testid="import-nothing">{tf!("没有变化：文件中的 {0} 人与通讯录中的记录一致。", plan.unchanged.len())}</p> })}
                        <MergePreview plan=plan/>
                        <div class="actions">
                            {(!nothing).then(|| view! { <button type="button" class="primary" data-testid="confirm-import" on:click=confirm_import>{t("确认导入")}</button> })}
                            <button type="button" data-testid="cancel-import" on:click=move |_| pending.set(None)>{if nothing { t("关闭") } else { t("取消") }}</button>
                        </div>
                    </div>
                }
            })}
            <div class="actions">
                <label class="button file-button">{t("导入 CSV…")}
                    <input type="file" accept=".csv,text/csv" data-testid="import-csv" class="visually-hidden" on:change=import/>
                </label>
                <button type="button" data-testid="export-csv" on:click=export>{t("导出 CSV")}</button>
                {move || can_undo.get().then(|| view! {
                    <button type="button" data-testid="undo-import" on:click=undo_import
                        title=t("只能撤销最近一次导入，且仅在刷新页面之前。")>{t("撤销上次导入")}</button>
                })}
                <a class="button" href=Route::CallTree.href()>{t("打印附件1与报告路线")}</a>
            </div>
            {move || can_undo.get().then(|| view! { <p class="hint" data-testid="undo-hint">{t("“撤销上次导入”将通讯录恢复为最近一次导入之前的内容；下一次导入或刷新页面后不再可用。")}</p> })}
            {move || editing.get().map(|key| {
                let initial = key.as_ref().and_then(|(u, n)| state.directory_untracked(|d| d.position(u, n).map(|i| d.contacts[i].clone())));
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
                    {move || state.directory(Clone::clone).contacts.into_iter().map(|c: Contact| view! {
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

/// "（空）" for a blank value, the value otherwise.
fn shown(v: &str) -> String {
    if v.is_empty() { t("（空）").to_string() } else { v.to_string() }
}

fn change_line(c: &FieldChange) -> String {
    tf!("{0}：{1} → {2}", c.field.label(), shown(&c.old), shown(&c.new))
}

fn person_changes(p: ContactChange) -> impl IntoView {
    let kept = (!p.kept.is_empty()).then(|| {
        let list = p.kept.iter().map(|k| format!("{} {}", k.field.label(), k.old)).collect::<Vec<_>>().join(t("、"));
        view! { <p class="hint" data-testid="merge-kept">{tf!("保留原值（导入的数据中为空，不会清除）：{0}", list)}</p> }
    });
    view! {
        <li data-testid="merge-changed-person">
            <strong>{format!("{} {}", p.unit, p.name)}</strong>
            <ul>{p.changes.iter().map(|c| view! { <li data-testid="merge-change">{change_line(c)}</li> }).collect_view()}</ul>
            {kept}
        </li>
    }
}

/// What a merge of contacts would do, person by person: added, changed (old → new,
/// and the values kept), left alone, and rows left out. The CSV import and the
/// backup restore show the same.
#[component]
pub fn MergePreview(plan: MergePlan) -> impl IntoView {
    let added = (!plan.added.is_empty()).then(|| view! {
        <p>{tf!("新增 {0} 人：", plan.added.len())}</p>
        <ul data-testid="merge-added">{plan.added.iter().map(|c| view! {
            <li>{tf!("{0} {1}：{2}", c.unit, c.name, contacts::reach(c))}</li>
        }).collect_view()}</ul>
    });
    let changed = (!plan.changed.is_empty()).then(|| view! {
        <p>{tf!("更新 {0} 人（原值 → 新值）：", plan.changed.len())}</p>
        <ul data-testid="merge-changed">{plan.changed.into_iter().map(person_changes).collect_view()}</ul>
    });
    let unchanged = (!plan.unchanged.is_empty()).then(|| {
        let names = plan.unchanged.iter().map(|(u, n)| format!("{u} {n}")).collect::<Vec<_>>().join(t("、"));
        view! { <p data-testid="merge-unchanged">{tf!("不变 {0} 人：{1}", plan.unchanged.len(), names)}</p> }
    });
    let problems = (!plan.problems.is_empty()).then(|| view! {
        <p>{tf!("未导入 {0} 行：", plan.problems.len())}</p>
        <ul class="import-errors" data-testid="merge-problems">{plan.problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
    });
    view! { <div class="merge-preview" data-testid="merge-preview">{added}{changed}{unchanged}{problems}</div> }
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
