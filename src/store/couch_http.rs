//! Carries the replicator's requests (`couch`) to the bank's CouchDB over `fetch`.
//! The password goes in each request's Authorization header and is never stored
//! here; the caller holds it (in memory, or sealed under the lock).

use super::couch::{Answer, Request};
use base64::Engine;
use wasm_bindgen::{closure::Closure, JsCast};
use wasm_bindgen_futures::JsFuture;

/// One database on one server: `db_url` ends with the database's name.
pub struct Server {
    pub db_url: String,
    pub user: String,
    pub password: String,
}

/// A request not answered in this time is taken as no answer (a hung link must not
/// stop sync without a word); the long poll waits 25 s of it.
const TIMEOUT_MS: i32 = 60_000;

impl Server {
    /// Why these settings cannot be used, if they cannot: Basic auth cannot carry a
    /// user name with `:`.
    pub fn problem(&self) -> Option<String> {
        self.user.contains(':').then(|| crate::domain::base::i18n::t("同步用户名不能含有“:”").to_string())
    }
}

/// Sends `req`; `None` when no answer came (the server down, the link lost, a
/// policy refusing the origin). The body is the server's JSON (`null` if it sent none).
pub async fn send(server: &Server, req: &Request) -> Answer {
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.name());
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Accept", "application/json").ok()?;
    if server.problem().is_some() {
        return None;
    }
    if !server.user.is_empty() {
        // UTF-8 bytes, then base64: a passphrase in Chinese is sent as typed.
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", server.user, server.password));
        headers.set("Authorization", &format!("Basic {token}")).ok()?;
    }
    if let Some(body) = &req.body {
        headers.set("Content-Type", "application/json").ok()?;
        init.set_body(&wasm_bindgen::JsValue::from_str(&body.to_string()));
    }
    init.set_headers_headers(&headers);
    let base = server.db_url.trim_end_matches('/');
    let url = if req.path.is_empty() { base.to_string() } else { format!("{base}/{}", req.path) };
    let window: web_sys::Window = js_sys::global().dyn_into().ok()?;
    let controller = web_sys::AbortController::new().ok()?;
    init.set_signal(Some(&controller.signal()));
    let request = web_sys::Request::new_with_str_and_init(&url, &init).ok()?;
    let abort = Closure::once_into_js(move || controller.abort());
    let timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS).ok()?;
    let answered = async {
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request)).await.ok()?.dyn_into().ok()?;
        let status = response.status();
        let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string().unwrap_or_default();
        Some((status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)))
    }
    .await;
    window.clear_timeout_with_handle(timer);
    answered
}
