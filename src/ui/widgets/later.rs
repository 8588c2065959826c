//! A part of a page that may live in a wasm module fetched after the first screen (issue 18):
//! drawn once its module is here; if the module could not be had, the part says so in its
//! place, with a button to ask again, and the rest of the page works on. Knows no screen: the
//! caller passes the loader.

use crate::domain::base::i18n::t;
use crate::tf;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// `load` is asked each time the part is drawn or 再试一次 is pressed (a module that failed is
/// not kept as failed). `what` names the part (in the screen language), so the notice says which.
#[component]
pub fn LaterPart<F, Fut>(
    load: F,
    what: &'static str,
    #[prop(into)] testid: String,
    /// Drawn while it comes: nothing, or a stand-in of the same size where the part is not last
    /// on its page (a placeholder of another size would move the page twice).
    #[prop(optional, into)]
    fallback: ViewFnOnce,
) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let load = StoredValue::new(load);
    let testid = StoredValue::new(testid);
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=fallback>
            {move || { attempt.track(); let fut = load.with_value(|f| f()); Suspend::new(async move {
                match fut.await {
                    Ok(view) => view,
                    // Asked again in place: reloading the page could lose an entry not yet
                    // stored, and with the server gone would not bring the page back at all.
                    Err(_) => view! {
                        <p class="notice notice-warn" role="status" data-testid=format!("{}-not-loaded", testid.get_value())>
                            {tf!("“{0}”的程序文件没有取到（服务器可能已断开），本页其余部分照常可用。服务器恢复后点“再试一次”即可，不必刷新页面。", what)}" "
                            <button type="button" data-testid=format!("{}-retry", testid.get_value()) on:click=move |_| attempt.update(|n| *n += 1)>{t("再试一次")}</button>
                        </p>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
}
