//! The screens used less often (settings, contacts, plans, drills, reports, the ledgers and
//! print views): in the release build they live in a wasm module of their own, so the first screen
//! downloads only the list, the new-incident form and the incident page (issue 18,
//! docs/PERFORMANCE.md). The module is fetched just after the first screen is painted and
//! kept; should it not arrive, the screen says so and a later visit tries again.

use crate::ui::browser::route::Route;
use crate::ui::funds::exchange_page::ExchangePage;
use crate::ui::funds::print_views::PrintPage;
use crate::ui::funds::transfers_page::TransfersPage;
use crate::ui::incidents::incident_form::IncidentForm;
use crate::ui::plans::call_tree::CallTree;
use crate::ui::plans::paper_pack::PaperPack;
use crate::ui::reports::report_page::ReportPage;
use crate::ui::settings::calendar_page::CalendarPage;
use crate::ui::settings::contacts_page::ContactsPage;
use crate::ui::settings::settings_page::SettingsPage;
use crate::domain::base::i18n::t;
use crate::ui::widgets::later::later;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// One of the later screens, drawn once its module is here (ui::widgets::later).
#[component]
pub fn LaterScreen(route: Route) -> impl IntoView {
    let loading = ViewFn::from(|| view! { <p class="boot-loading" role="status">{t("正在载入…")}</p> });
    later(move || later_screen(route.clone()), loading, |retry| view! {
        <section class="panel" role="alert" data-testid="screen-not-loaded">
            <h1>{t("这一页未能载入")}</h1>
            <p>{t("这一页的程序文件没有取到（服务器可能已断开）。已记录的内容都在，事件列表和事件页照常可用；服务器恢复后点“再试一次”，或改用单文件版 incident-desk.html。")}</p>
            <div class="actions">{retry}</div>
        </section>
    }.into_any())
}

fn later_view(route: Route) -> AnyView {
    match route {
        Route::Correct(id) => view! { <IncidentForm correct=id/> }.into_any(),
        Route::Transfers(id) => view! { <TransfersPage id=id/> }.into_any(),
        Route::Exchange(id) => view! { <ExchangePage id=id/> }.into_any(),
        Route::Print(id, v) => view! { <PrintPage id=id view=v/> }.into_any(),
        Route::PrintTimeline(id) => view! { <crate::ui::reports::timeline_print::TimelinePrint id=id/> }.into_any(),
        Route::Report(id, k, duty) => view! { <ReportPage id=id kind=k duty=duty/> }.into_any(),
        Route::Contacts => view! { <ContactsPage/> }.into_any(),
        Route::CallTree => view! { <CallTree/> }.into_any(),
        Route::Calendar => view! { <CalendarPage/> }.into_any(),
        Route::PaperPack => view! { <PaperPack/> }.into_any(),
        Route::Settings => view! { <SettingsPage/> }.into_any(),
        Route::Plan(id) => view! { <crate::ui::plans::plan_page::PlanPage plan_id=id/> }.into_any(),
        Route::PlanEdit => view! { <crate::ui::plans::plan_edit_page::PlanEditPage/> }.into_any(),
        Route::Drills => view! { <crate::ui::drills::drill_page::DrillPage/> }.into_any(),
        // Drawn by the frame itself (ui::shell::app), never asked of this module.
        Route::List | Route::New | Route::Incident(_) => ().into_any(),
    }
}

/// The split point: everything only this reaches goes to the module `split_later_screens`.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(later_screens, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch_later_screens))]
fn later_screen(route: Route) -> Result<AnyView, SplitLoaderError> {
    Ok(later_view(route))
}

/// Unsplit (tests, `cargo check`): the same screens, here at once.
#[cfg(not(feature = "split"))]
async fn later_screen(route: Route) -> Result<AnyView, SplitLoaderError> {
    Ok(later_view(route))
}

/// Unsplit: nothing to fetch.
#[cfg(not(feature = "split"))]
async fn fetch_later_screens() -> Result<(), SplitLoaderError> {
    Ok(())
}

/// Starts fetching the modules loaded after the first screen: the later screens', and the
/// list's and the incident page's later parts (no-ops when unsplit). A failure is not kept:
/// the screen or part asks again when drawn.
pub fn fetch_soon() {
    prefetch("the later screens", fetch_later_screens());
    prefetch("the incident page's later parts", crate::ui::incident::later_parts::fetch());
    prefetch("the list's tools", crate::ui::incidents::later_parts::fetch());
}

fn prefetch(what: &'static str, fetch: impl std::future::Future<Output = Result<(), SplitLoaderError>> + 'static) {
    leptos::task::spawn_local(async move {
        if fetch.await.is_err() {
            leptos::logging::warn!("{what}: module did not load; asked for again when drawn");
        }
    });
}
