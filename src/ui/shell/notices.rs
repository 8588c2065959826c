//! Banners that must not be missed, on every screen: storage failures,
//! unreadable entries, the tone held back by the browser, and alerts (levels,
//! duties in their last minutes or overdue, drill injects) waiting to be
//! acknowledged. Alerts take one line each, so that an
//! incident's cockpit stays in view beneath them.

use crate::ui::browser::focus::focus_main;
use crate::ui::browser::route::Route;
use crate::ui::state::AppState;
use crate::desk::{Alert, AlertKind};
use crate::domain::base::time::{format_beijing, format_deadline};
use crate::domain::base::i18n::t;
use crate::domain::files::saving::{pending_line, RETRY_EVERY_SECONDS};
use crate::tf;
use leptos::prelude::*;

#[component]
pub fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A year without a published holiday schedule is not a banner here: the calendar page
    // says what is assumed, and each deadline counted in that year carries its own mark.
    // The tone matters only while something can still alarm.
    let tone_held = move || state.sound_blocked.get() && state.incidents(|l| l.iter().any(|i| !i.state().closed));
    // Sync lines read and dismissed: the notice steps aside (so the next action comes back
    // into view) until a new line arrives; the texts stay in the quarantine notice.
    let sync_seen = RwSignal::new(0usize);
    // A duty's alert is not repeated on its own incident's page: the cockpit there leads with it.
    let shown = Memo::new(move |_| {
        let here = state.route.with(|r| matches!(r, Route::Incident(_)).then(|| r.incident_id().map(str::to_string)).flatten());
        state.alerts().into_iter()
            .filter(|a| !(matches!(a.kind, AlertKind::Overdue | AlertKind::LastMinutes) && here.as_deref() == Some(a.incident_id.as_str())))
            .collect::<Vec<_>>()
    });
    // Past a few lines, the most urgent are listed and the rest counted: a hundred incidents
    // left open must not push the screen's own next action out of view.
    let listed = Memo::new(move |_| shown.with(|all| crate::desk::alerts::listed(all, ALERT_LINES)));
    let unlisted = move || shown.with(Vec::len) - listed.with(Vec::len);
    view! {
        <div class="notices">
            <StorageErrors/>
            {move || {
                let lines = state.caught_up();
                (!lines.is_empty()).then(|| view! {
                    <div class="notice notice-ok notice-line" role="status" data-testid="caught-up">
                        <span class="notice-text">{lines.join(" ")}</span>
                        <button type="button" on:click=move |_| state.dismiss_caught_up()>{t("知道了")}</button>
                    </div>
                })
            }}
            {super::language::english_missing().then(|| view! {
                <div class="notice notice-warn" role="status" data-testid="english-missing">
                    {t("英文界面的文本未能载入，暂以中文显示。请刷新页面；如仍不行，请部署人员检查 en.json 是否随程序一起复制。")}
                    " " <span lang="en">{super::language::ENGLISH_MISSING_EN}</span>
                </div>
            })}
            {state.store_notices().into_iter().map(|n| view! {
                <div class="notice notice-warn" role="status" data-testid="store-notice"><strong>{t("本机存储：")}</strong>{n}</div>
            }).collect_view()}
            {move || {
                let problems = state.load_problems();
                (!problems.is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert">
                        <strong>{t("部分已存数据无法读取，已原样保留：")}</strong>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || {
                let refused = state.sync_refused();
                let count = refused.len();
                (count > sync_seen.get()).then(|| view! {
                    <div class="notice notice-error" role="alert" data-testid="sync-refused">
                        <strong>{t("同步：以下内容未并入本机，本机已有的记录和号码都未改动（服务器上的记录未通过检查的，请告知服务器管理员）：")}</strong>
                        <ul>{refused.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        <button type="button" data-testid="sync-refused-seen" on:click=move |_| sync_seen.set(count)>{t("知道了")}</button>
                    </div>
                })
            }}
            <Quarantine/>
            <Show when=tone_held>
                <div class="notice notice-warn notice-line" role="status" data-testid="sound-blocked">
                    <span class="notice-text">{t("浏览器暂停了提示音：超时和升级时将听不到报警声。")}</span>
                    // Any click lets it play (app.rs); this one says so plainly.
                    <button type="button" class="primary" data-testid="enable-sound" on:click=move |_| crate::ui::browser::alarm::unlock_sound()>
                        {t("点击启用提示音")}
                    </button>
                </div>
            </Show>
            <For each=move || listed.get() key=|a| a.id.clone() children=move |a| view! { <AlertLine alert=a shown=listed all=shown/> }/>
            {move || (unlisted() > 0).then(|| {
                let overdue = shown.with(|l| l.iter().filter(|a| a.kind == AlertKind::Overdue).count()) - listed.with(|l| l.iter().filter(|a| a.kind == AlertKind::Overdue).count());
                view! {
                    <div class="notice notice-line notice-rise" role="status" data-testid="alerts-more">
                        <span class="notice-text">{tf!("另有 {0} 条提醒未列出（其中超时 {1} 条）；各事件的下一个时限见事件列表。", unlisted(), overdue)}</span>
                        <button type="button" class="dismiss-all" on:click=move |_| { state.dismiss_all_alerts(); focus_main(); }>{t("全部知道了")}</button>
                    </div>
                }
            })}
        </div>
    }
}

/// Alert lines listed at most; past that, one fewer and a line counting the rest.
const ALERT_LINES: usize = 4;

/// One alert on one line: what happened, to which incident (a link), when, and "知道了".
#[component]
fn AlertLine(alert: Alert, shown: Memo<Vec<Alert>>, all: Memo<Vec<Alert>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (class, testid, head) = match &alert.kind {
        AlertKind::Level(l) => (format!("level-{}", l.code()), "rise-alert", tf!("事件定级：{0}（{1}）", l.label(), l.name())),
        AlertKind::Inject => ("level-drill".to_string(), "drill-inject", t("演练情景推送").to_string()),
        AlertKind::Overdue => ("duty-overdue".to_string(), "duty-alert", tf!("已超时：{0}", alert.basis)),
        AlertKind::LastMinutes => ("duty-last".to_string(), "duty-alert", tf!("即将到期：{0}", alert.basis)),
    };
    let detail = match &alert.kind {
        AlertKind::Level(_) => tf!("生效时间 {0}", format_beijing(alert.effective_at)),
        AlertKind::Inject => alert.basis.clone(),
        AlertKind::Overdue | AlertKind::LastMinutes => tf!("时限 {0}", format_deadline(alert.effective_at)),
    };
    let id = alert.id.clone();
    // The last of several lines shown also offers to acknowledge them all (no extra line for it).
    let last_of_many = {
        let id = alert.id.clone();
        // (When some are not listed, the line counting them offers it instead.)
        move || all.with(Vec::len) == shown.with(Vec::len) && shown.with(|l| l.len() > 1 && l.last().is_some_and(|a| a.id == id))
    };
    view! {
        <div class=format!("notice notice-line notice-rise {class}") role="alert" data-testid=testid>
            <span class="notice-text">
                // What and when first: if the line is cut at its end, only the incident's name (the link) is.
                <strong>{head}</strong>
                " · " <span class="notice-detail">{detail}</span>
                " · " <a href=Route::Incident(alert.incident_id.clone()).href()>{alert.title.clone()}</a>
            </span>
            <button type="button" on:click=move |_| { state.dismiss_alert(&id); focus_main(); }>{t("知道了")}</button>
            <Show when=last_of_many.clone()>
                <button type="button" class="dismiss-all" on:click=move |_| { state.dismiss_all_alerts(); focus_main(); }>{t("全部知道了")}</button>
            </Show>
        </div>
    }
}

/// What did not save: each incident kept only in this page, by title, with how many
/// of its entries wait, why and what to do, the retry as it runs; then other failures.
#[component]
fn StorageErrors() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let unsaved = state.unsaved();
        let errors = state.storage_errors();
        // An incident named below is not listed again by the storage's own message.
        let others: Vec<String> = errors
            .iter()
            .filter(|(source, _)| !source.strip_prefix("incident:").is_some_and(|id| unsaved.contains(id)))
            .map(|(_, e)| e.clone())
            .collect();
        if unsaved.is_empty() && others.is_empty() {
            return None;
        }
        let incidents: Vec<(String, String)> = unsaved
            .incidents
            .iter()
            .map(|(id, p)| {
                let title = state.title_of(id).unwrap_or_else(|| id.clone());
                (id.clone(), pending_line(&title, p.events.len()))
            })
            .collect();
        let reasons: Vec<String> = unsaved.reasons().iter().map(|r| r.advice()).collect();
        let retry = (!unsaved.is_empty()).then(|| match unsaved.last_retry {
            Some(at) => tf!("正在重试…（每 {0} 秒自动重试一次；上次 {1}，已试 {2} 次）", RETRY_EVERY_SECONDS, format_beijing(at), unsaved.retries),
            None => tf!("正在重试…（每 {0} 秒自动重试一次）", RETRY_EVERY_SECONDS),
        });
        Some(view! {
            <div class="notice notice-error" role="alert" data-testid="storage-error">
                <strong>{t("数据未能保存：")}</strong>
                <ul>
                    {incidents.into_iter().map(|(id, line)| view! {
                        <li data-testid="unsaved-incident"><a href=Route::Incident(id).href()>{line}</a></li>
                    }).collect_view()}
                    {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                    {others.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
                {retry.map(|text| view! {
                    <p class="retry-line">
                        <span data-testid="retry-status">{text}</span> " "
                        <button type="button" data-testid="retry-now" on:click=move |_| state.retry_unsaved()>{t("立即重试")}</button>
                    </p>
                })}
            </div>
        })
    }
}

/// Unreadable values moved aside, each downloadable as it was found.
#[component]
fn Quarantine() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Redrawn when a log read after the first screen turns out unreadable and is moved
    // aside: that comes with a load problem, and a document the sync server sent that was
    // refused with a sync one (counted, so a save does not copy the raw texts).
    let problems = Memo::new(move |_| state.load_problems().len() + state.sync_refused().len());
    let items = Memo::new(move |_| {
        // Read, not just tracked: a memo never read is never run, so it would hear nothing.
        let _ = problems.get();
        state.quarantined()
    });
    move || {
        let items = items.get();
        (!items.is_empty()).then(|| view! {
            <div class="notice notice-warn" data-testid="quarantine">
                <strong>{tf!("隔离区有 {0} 项无法读取的原始数据（未删除）：", items.len())}</strong>
                <ul>{items.into_iter().map(|(key, raw)| {
                    let name = format!("{}.txt", key.replace(':', "_"));
                    let size = raw.len();
                    view! { <li>{tf!("{0}（{1} 字节）", key, size)} " "
                        <button type="button" class="link" on:click=move |_| { let _ = crate::ui::browser::files::download(&name, "text/plain;charset=utf-8", &raw); }>{t("下载原始内容")}</button>
                    </li> }
                }).collect_view()}</ul>
            </div>
        })
    }
}
