//! The screen language, applied before anything is drawn (it is chosen in settings).

use crate::domain::base::i18n::{install_english, set_lang, t, Lang};
use crate::store::local::load_setting;
use crate::ui::settings::language_setting::SETTING;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    /// English was chosen but its catalogue could not be had: the screen is in Chinese and
    /// the notices say why (ui::shell::notices).
    static ENGLISH_MISSING: Cell<bool> = const { Cell::new(false) };
}

/// Said beside the Chinese when the catalogue is missing: it cannot come from the catalogue.
pub const ENGLISH_MISSING_EN: &str = "The English text could not be loaded, so the screen is in Chinese. Reload the page; if that does not help, ask whoever set up this site to check that en.json was copied with the app.";

/// Whether English was chosen and could not be shown.
pub fn english_missing() -> bool {
    ENGLISH_MISSING.with(Cell::get)
}

/// Applies the remembered language before anything is drawn. English needs its catalogue
/// first (it is not in the wasm: store::catalogue); should it not load, the screen is drawn in
/// Chinese, whose text is the catalogue's keys, rather than in a mix of the two.
pub async fn apply_stored() {
    let mut chosen = load_setting::<String>(SETTING).and_then(|c| Lang::from_code(&c)).unwrap_or(Lang::Zh);
    if chosen == Lang::En {
        let loaded = crate::store::catalogue::english().await.and_then(|text| install_english(&text));
        if let Err(why) = loaded {
            leptos::logging::error!("English catalogue not loaded, showing Chinese: {why}");
            ENGLISH_MISSING.with(|m| m.set(true));
            chosen = Lang::Zh;
        }
    }
    set_lang(chosen);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", chosen.code());
    }
    document().set_title(t("应急处置台"));
}
