//! The page's own Content-Security-Policy, as its meta tag carries it: the build
//! decides which sync server the app may reach (scripts/sync_origin.mjs), and the
//! settings screen says so before a request is refused without a word.

/// The policy's text; empty when the page has none (a development build).
pub fn page_policy() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(r#"meta[http-equiv="Content-Security-Policy"]"#).ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default()
}
