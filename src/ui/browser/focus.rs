//! Moving keyboard focus: after navigation, sign-in and dismissals, and when
//! the control that had focus goes away. Kept out of every screen so the page
//! frame and the screens can both use it without importing each other.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Moves keyboard focus to the main area (after navigation, sign-in, dismissals):
/// on an incident's page to its cockpit, where the next action is.
pub fn focus_main() {
    let doc = document();
    if let Some(target) = doc.get_element_by_id("cockpit").or_else(|| doc.get_element_by_id("main")) {
        // Without preventScroll a tall target is scrolled to its top, hiding the banners above it.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = target.unchecked_into::<web_sys::HtmlElement>().focus_with_options(&options);
    }
}

/// Focuses the element with this id, if it is on the page.
pub fn focus_by_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
