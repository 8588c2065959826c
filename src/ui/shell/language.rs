//! The screen language, applied before anything is drawn (it is chosen in settings).

use crate::domain::base::i18n::{set_lang, Lang};
use crate::store::local::load_setting;
use crate::ui::settings::language_setting::SETTING;
use leptos::prelude::*;

/// Applies the remembered language before anything is drawn.
pub fn apply_stored() {
    let chosen = load_setting::<String>(SETTING).and_then(|c| Lang::from_code(&c)).unwrap_or(Lang::Zh);
    set_lang(chosen);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", chosen.code());
    }
    document().set_title(crate::domain::base::i18n::t("应急处置台"));
}

