//! Carries the replicator's requests (`couch`) to the bank's CouchDB over `fetch`.
//! The password goes in each request's Authorization header and is never stored
//! here; the caller holds it (in memory, or sealed under the lock).

use super::couch::{Answer, Request};
use base64::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// One database on one server: `db_url` ends with the database's name.
pub struct Server {
    pub db_url: String,
    pub user: String,
    pub password: String,
}

/// Sends `req`; `None` when no answer came (the server down, the link lost, a
/// policy refusing the origin). The body is the server's JSON (`null` if it sent none).
pub async fn send(server: &Server, req: &Request) -> Answer {
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.name());
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Accept", "application/json").ok()?;
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
    let url = format!("{}/{}", server.db_url.trim_end_matches('/'), req.path);
    let request = web_sys::Request::new_with_str_and_init(&url, &init).ok()?;
    let window: web_sys::Window = js_sys::global().dyn_into().ok()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request)).await.ok()?.dyn_into().ok()?;
    let status = response.status();
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string().unwrap_or_default();
    Some((status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)))
}
