//! What may live in a wasm module fetched after the first screen (issue 18): a screen or a
//! part of one, drawn once its module is here. If the module could not be had, it says so in
//! its place with a button to ask again, and the rest of the app works on. Knows no screen:
//! the caller passes the loader and what to say.

use crate::domain::base::i18n::t;
use crate::tf;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// `load` is asked each time this is drawn or 再试一次 is pressed (a module that failed is not
/// kept as failed). `fallback` is drawn while it comes; `not_loaded` when it could not be had,
/// given the 再试一次 button. Asked again in place: reloading the page could lose an entry not
/// yet stored, and with the server gone would not bring the page back at all.
pub fn later<F, Fut>(load: F, fallback: ViewFn, not_loaded: impl Fn(AnyView) -> AnyView + Send + Sync + 'static) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let load = StoredValue::new(load);
    let not_loaded = StoredValue::new(not_loaded);
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=move || fallback.run()>
            {move || { attempt.track(); let fut = load.with_value(|f| f()); Suspend::new(async move {
                match fut.await {
                    Ok(view) => view,
                    Err(_) => {
                        let retry = view! {
                            <button type="button" data-testid="retry-module" on:click=move |_| attempt.update(|n| *n += 1)>{t("再试一次")}</button>
                        };
                        not_loaded.with_value(|say| say(retry.into_any()))
                    }
                }
            })}}
        </Suspense>
    }
}

/// A part of a page: `what` names it (in the screen language), so the notice says which.
#[component]
pub fn LaterPart<F, Fut>(
    load: F,
    what: &'static str,
    #[prop(into)] testid: String,
    /// Drawn while it comes: nothing, or a stand-in of the same size where the part is not last
    /// on its page (a placeholder of another size would move the page twice).
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let testid = format!("{testid}-not-loaded");
    later(load, fallback, move |retry| view! {
        <p class="notice notice-warn" role="status" data-testid=testid.clone()>
            {tf!("“{0}”的程序文件没有取到（服务器可能已断开），本页其余部分照常可用。服务器恢复后点“再试一次”即可，不必刷新页面。", what)}" "
            {retry}
        </p>
    }.into_any())
}
