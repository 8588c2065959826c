//! Asking the browser to keep our data (navigator.storage.persist) and how much
//! of the origin's quota is used, so staff see trouble before storage is full.

use wasm_bindgen_futures::JsFuture;

/// (persisted, used bytes, quota bytes), where the browser tells.
pub async fn status(ask_to_persist: bool) -> Option<(bool, f64, f64)> {
    let manager = web_sys::window()?.navigator().storage();
    let persisted = if ask_to_persist {
        JsFuture::from(manager.persist().ok()?).await.ok()?.as_bool().unwrap_or(false)
    } else {
        JsFuture::from(manager.persisted().ok()?).await.ok()?.as_bool().unwrap_or(false)
    };
    let estimate: web_sys::StorageEstimate = JsFuture::from(manager.estimate().ok()?).await.ok()?.into();
    Some((persisted, estimate.get_usage().unwrap_or(0.0), estimate.get_quota().unwrap_or(0.0)))
}

/// How an import of `needed` stored characters would sit in localStorage as it is
/// now: localStorage's own limit (about 5 M characters), not the site quota above,
/// is what a write runs into.
pub fn room_for_chars(needed: usize) -> crate::domain::saving::Room {
    use crate::domain::saving::{room_for, LOCAL_STORAGE_CHARS};
    room_for(needed, super::local::used_chars(), LOCAL_STORAGE_CHARS)
}
