//! The page frame: header, notices, and the screen for the current route.

use super::later_screens::LaterScreen;
use super::lock_screen::LockScreen;
use crate::ui::incidents::incident_form::IncidentForm;
use crate::ui::incidents::incident_list::IncidentList;
use crate::ui::incident::incident_page::IncidentPage;
use super::notices::Notices;
use super::operator::OperatorBox;
use crate::ui::browser::route::{self, Route};
use crate::ui::state::AppState;
use crate::ui::browser::alarm;
use crate::ui::browser::clock;
use crate::ui::browser::focus::focus_main;
use crate::domain::base::i18n::t;
use crate::domain::base::time::format_beijing;
use leptos::prelude::*;
use std::time::Duration;

/// How often the clock, countdowns and escalation checks refresh.
const TICK: Duration = Duration::from_secs(1);

/// Beijing time; on a drill's pages the drill's own time, marked, since its duties count on it.
#[component]
fn HeaderClock() -> impl IntoView {
    let state = expect_context::<AppState>();
    let drill = move || state.route.with(|r| r.incident_id().map(str::to_string)).filter(|id| state.incidents(|_| state.is_drill(id)));
    move || match drill() {
        Some(id) => view! {
            <span class="clock drill-time" data-testid="header-clock">
                {t("演练时间 ")} <time>{move || format_beijing(state.now_for(&id))}</time>
            </span>
        }
        .into_any(),
        None => view! {
            <span class="clock" data-testid="header-clock">
                {t("北京时间 ")} <time>{move || format_beijing(state.now.get())}</time>
            </span>
        }
        .into_any(),
    }
}

/// The app, behind the passphrase lock when one is set.
#[component]
pub fn App() -> impl IntoView {
    let locked = RwSignal::new(crate::store::lock::needs_unlock());
    move || if locked.get() { view! { <LockScreen on_unlock=move || locked.set(false)/> }.into_any() } else { view! { <Opening/> }.into_any() }
}

/// Opens this browser's store (the database may take a moment, and the first
/// start of this version moves in what localStorage held), then the desk.
#[component]
fn Opening() -> impl IntoView {
    use crate::desk::port::Store;
    let opened: StoredValue<Option<Box<dyn Store>>, LocalStorage> = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    let waiting = RwSignal::new(None::<String>);
    wasm_bindgen_futures::spawn_local(async move {
        let store = crate::store::start::open_store(crate::store::start::DB_NAME, crate::store::migrate::Stop::Never, move |m| waiting.set(Some(m))).await;
        opened.set_value(Some(store));
        ready.set(true);
    });
    move || match ready.get().then(|| opened.try_update_value(Option::take).flatten()).flatten() {
        Some(store) => view! { <Desk store=store/> }.into_any(),
        None => view! {
            <main class="opening" data-testid="opening" aria-busy="true">
                <p>{t("正在载入本机记录……")}</p>
                {move || waiting.get().map(|m| view! { <p class="warning" role="alert">{m}</p> })}
            </main>
        }
        .into_any(),
    }
}

#[component]
fn Desk(store: Box<dyn crate::desk::port::Store>) -> impl IntoView {
    let state = AppState::load(store);
    provide_context(state);
    // The idle lock: any key or pointer input counts as activity.
    let last_input = StoredValue::new(clock::now());
    // Any click or key also lets a held-back alarm tone play (browsers require one after each load).
    let _ = window_event_listener(leptos::ev::keydown, move |_| {
        last_input.set_value(clock::now());
        state.lock_not_due();
        alarm::unlock_sound();
    });
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| {
        last_input.set_value(clock::now());
        state.lock_not_due();
        alarm::unlock_sound();
    });

    let _ = window_event_listener(leptos::ev::hashchange, move |_| state.route.set(route::current()));
    // Closing or reloading the page while an entry is not yet stored (the store has not
    // confirmed it, or refused it: storage full) would lose it: the browser asks first.
    let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if state.would_lose_on_close() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    state.escalate(state.now.get_untracked());
    // The logs of the incidents in progress are asked for once this first screen is built.
    // Not on a timer: the reads are IndexedDB requests, answered after the paint anyway,
    // and a page whose timers are held (a frozen clock) still gets them.
    leptos::task::spawn_local(async move { state.unshelve_open() });
    // Once the first screen is painted (a frame, then a task after it): the audio context
    // is made (it takes ~100 ms, which the first screen should not wait for), and the
    // stored chains are checked in slices.
    request_animation_frame(move || {
        set_timeout(
            move || {
                alarm::watch_sound(move |blocked| state.sound_blocked.set(blocked));
                state.settle_in_background();
                // The other screens' module, now rather than when one is first opened: by then
                // the intranet server may be down (plain http has no offline cache).
                super::later_screens::fetch_soon();
            },
            std::time::Duration::ZERO,
        )
    });
    let _ = set_interval_with_handle(
        move || {
            let now = clock::now();
            state.now.set(now);
            // Level rises, injects, duty alarms, and the retry of what did not save.
            let overdue = state.tick();
            // The logs here offered to the sync server, its line in the header.
            state.sync_tick();
            alarm::flash_title(overdue, state.alert_count_untracked(), now.timestamp() % 2 == 0);
            if let Some(lock) = crate::store::lock::record() {
                if (now - last_input.get_value()).num_minutes() >= i64::from(lock.idle_minutes) {
                    state.lock_is_due();
                }
            }
        },
        TICK,
    );

    // Everyone lands at the top of the new screen (not where the last one was scrolled to);
    // keyboard and screen-reader users on the screen itself, not on the old link.
    Effect::new(move |first: Option<()>| {
        state.route.track();
        if first.is_some() {
            window().scroll_to_with_x_and_y(0.0, 0.0);
            // Once the new screen is drawn (its cockpit may not be there yet). A microtask,
            // not a frame or a timer: those wait while a test holds the clock.
            wasm_bindgen_futures::spawn_local(async { focus_main() });
        }
    });

    let screen_of = move |route: Route| match route {
        Route::List => view! { <IncidentList/> }.into_any(),
        Route::New => view! { <IncidentForm/> }.into_any(),
        Route::Incident(id) => view! { <IncidentPage id=id/> }.into_any(),
        later => view! { <LaterScreen route=later/> }.into_any(),
    };
    let screen = move || {
        let route = state.route.get();
        // A page about one incident (its integrity line, reports quoting the chain) shows
        // only a checked log: check this one now if the background has not reached it.
        if let Some(id) = route.incident_id() {
            state.settle_pending(id);
            // A closed incident's log stays on the shelf until it is opened.
            state.unshelve_one(id);
        }
        screen_of(route)
    };

    view! {
        // Not a hash link: the hash is the route.
        <a class="skip-link" href="#main" on:click=move |ev| {
            ev.prevent_default();
            focus_main();
        }>{t("跳到主要内容")}</a>
        <header class="topbar">
            <a class="brand" href="#/">{t("应急处置台")}</a>
            <nav class="nav" aria-label=t("主菜单")>
                <a href=Route::List.href() aria-current=move || (state.route.get() == Route::List).then_some("page")>{t("事件")}</a>
                <a href=Route::Plan(None).href() aria-current=move || matches!(state.route.get(), Route::Plan(_) | Route::PlanEdit).then_some("page")>{t("预案")}</a>
                <a href=Route::Drills.href() aria-current=move || (state.route.get() == Route::Drills).then_some("page")>{t("演练")}</a>
                <a href=Route::Contacts.href() aria-current=move || (state.route.get() == Route::Contacts).then_some("page")>{t("通讯录")}</a>
                <a href=Route::CallTree.href() aria-current=move || (state.route.get() == Route::CallTree).then_some("page")>{t("报告路线")}</a>
                <a href=Route::PaperPack.href() aria-current=move || (state.route.get() == Route::PaperPack).then_some("page")>{t("纸质应急包")}</a>
                <a href=Route::Calendar.href() aria-current=move || (state.route.get() == Route::Calendar).then_some("page")>{t("工作日历")}</a>
                <a href=Route::Settings.href() aria-current=move || (state.route.get() == Route::Settings).then_some("page")>{t("设置")}</a>
            </nav>
            <OperatorBox/>
            <HeaderClock/>
            {move || state.sync_status.get().map(|line| view! {
                <a class="sync-status" class:sync-bad=!line.ok href=Route::Settings.href() data-testid="sync-status" role="status">{line.text}</a>
            })}
        </header>
        <Notices/>
        <main id="main" tabindex="-1">{screen}</main>
    }
}
