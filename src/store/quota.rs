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


