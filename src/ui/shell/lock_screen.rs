//! The passphrase prompt. A wrong passphrase changes nothing; the right one
//! gives this tab the key, in memory only.

use crate::store::lock;
use crate::domain::base::i18n::t;
use leptos::prelude::*;

#[component]
pub fn LockScreen(on_unlock: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let pass = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(record) = lock::record() else { return on_unlock() };
        match record.unlock(&pass.get_untracked()) {
            Ok(key) => {
                lock::set_key(Some(key));
                pass.set(String::new());
                on_unlock();
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <main class="lock-screen">
            <h1>{t("应急处置台已锁定")}</h1>
            <p class="hint">{t("本机数据已加密保存。请输入口令解锁。")}</p>
            <form on:submit=submit aria-label=t("解锁")>
                <label for="unlock-pass">{t("口令")}</label>
                <input type="password" id="unlock-pass" autocomplete="current-password" autofocus=true data-testid="unlock-pass"
                    prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev))/>
                <div class="actions"><button type="submit" class="primary" data-testid="unlock">{t("解锁")}</button></div>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="unlock-error">{e}</p> })}
            </form>
        </main>
    }
}
