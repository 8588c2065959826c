//! The screen language, chosen in settings and remembered on this workstation.
//! Switching reloads the page: every screen is drawn once in the chosen language,
//! and nothing typed is lost because every entry is already saved.

use crate::domain::i18n::{lang, set_lang, t, Lang};
use crate::store::local::{load_setting, save_setting};
use leptos::prelude::*;

const SETTING: &str = "lang";

/// Applies the remembered language before anything is drawn.
pub fn apply_stored() {
    let chosen = load_setting::<String>(SETTING).and_then(|c| Lang::from_code(&c)).unwrap_or(Lang::Zh);
    set_lang(chosen);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", chosen.code());
    }
    document().set_title(crate::domain::i18n::t("应急处置台"));
}

#[component]
pub fn LanguageSetting() -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    let choose = move |chosen: Lang| {
        if chosen == lang() {
            return;
        }
        match save_setting(SETTING, &chosen.code().to_string()) {
            Ok(()) => {
                let _ = window().location().reload();
            }
            Err(e) => failed.set(Some(e.to_string())),
        }
    };
    let option = move |value: Lang, label: &'static str| {
        view! {
            <label class="choice" lang=value.code()>
                <input type="radio" name="ui-lang" value=value.code() checked=lang() == value
                    data-testid=format!("lang-{}", value.code()) on:change=move |_| choose(value)/>
                " " {label}
            </label>
        }
    };
    view! {
        <section class="panel" aria-labelledby="lang-heading">
            // Both names, so whoever opens settings finds the switch whatever they read.
            <h2 id="lang-heading"><span lang="zh-CN">"界面语言"</span>" · "<span lang="en">"Language"</span></h2> // zh-only
            <fieldset class="choices">
                <legend class="visually-hidden">{t("界面语言")}</legend>
                {option(Lang::Zh, "中文")} // zh-only
                {option(Lang::En, "English")}
            </fieldset>
            <p class="hint">{t("报告单等报送文书始终用中文。切换后页面重新载入，已保存的记录不受影响。")}</p>
            {move || failed.get().map(|e| view! { <div class="notice notice-error" role="alert">{crate::tf!("无法保存语言设置：{0}", e)}</div> })}
        </section>
    }
}
