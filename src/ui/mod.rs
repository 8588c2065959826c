//! The browser shell: Leptos components, grouped by the screen area they
//! draw. Components read derived state from the domain and record events
//! through `AppState`; they never re-implement the plan's rules.
//!
//! The folders stand in layers, each importing only those below it, so no
//! screen reaches back into the frame that shows it: `shell` (the page frame
//! and router) uses the screen areas (`incidents`, `incident`, `funds`,
//! `reports`, `plans`, `drills`, `settings`); they use `widgets`, `state` and
//! `browser` (what the app asks of the browser itself).

mod browser;
mod drills;
mod funds;
mod incident;
mod incidents;
mod plans;
mod reports;
mod settings;
mod shell;
mod state;
mod widgets;

pub use shell::app::App;
pub use state::AppState;

/// Mounts the app on the page's body, once the language is set (English waits for its
/// catalogue), and takes away the frame index.html showed while the wasm loaded: in the same
/// task, so no frame is painted with both or neither.
pub fn start() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        shell::language::apply_stored().await;
        leptos::mount::mount_to_body(App);
        if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
            boot.remove();
        }
    });
}
