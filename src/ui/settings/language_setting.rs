//! The screen language, chosen in settings and remembered on this workstation.
//! Switching reloads the page: every screen is drawn once in the chosen language,
//! and nothing typed is lost because every entry is already saved.

use crate::domain::base::i18n::{lang, t, Lang};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The setting holding the chosen language's code.
pub(crate) const SETTING: &str = "lang";

#[component]
pub fn LanguageSetting() -> impl IntoView {
    let state = expect_context::<AppState>();
    let failed = RwSignal::new(None::<String>);
    let choose = move |chosen: Lang| {
        if chosen == lang() {
            return;
        }
        match state.save_setting(SETTING, &chosen.code().to_string()) {
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
