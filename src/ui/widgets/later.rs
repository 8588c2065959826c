//! A part of a page that may live in a wasm module fetched after the first screen (issue 18):
//! drawn once its module is here; if the module could not be had, the part says so in its
//! place and the rest of the page works on. Knows no screen: the caller passes the loader.

use crate::tf;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// `load` is asked each time the part is drawn, so a module that failed is asked for again.
/// `what` names the part (in the screen language), so the notice says which.
#[component]
pub fn LaterPart<F, Fut>(load: F, what: &'static str, #[prop(into)] testid: String) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let load = StoredValue::new(load);
    let testid = StoredValue::new(testid);
    view! {
        // Nothing while it comes (a fraction of a second after the first screen): a placeholder
        // that is then replaced would move the page under the reader's eyes twice.
        <Suspense fallback=|| ()>
            {move || { let fut = load.with_value(|f| f()); Suspend::new(async move {
                match fut.await {
                    Ok(view) => view,
                    Err(_) => view! {
                        <p class="notice notice-warn" role="status" data-testid=format!("{}-not-loaded", testid.get_value())>
                            {tf!("“{0}”的程序文件没有取到（服务器可能已断开），本页其余部分照常可用；服务器恢复后重新打开本页即可。", what)}
                        </p>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
}
