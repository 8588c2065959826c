//! The record layout (`records.rs`) over this browser's localStorage, and the
//! `storage` event, through which the other tabs' writes arrive.

use super::keys::LOCK_KEY;
use super::records::{Backend, Records};
use crate::desk::port::StoreError;
use crate::domain::base::seal::Key;
use std::cell::RefCell;
use wasm_bindgen::JsCast;

/// localStorage as a `Backend`.
pub struct LocalBackend;

/// The app's store in this browser.
pub type LocalStore = Records<LocalBackend>;

/// Opens the store, sealing with the key the lock screen set (if any).
pub fn open() -> LocalStore {
    Records::new(LocalBackend, super::lock::key())
}

thread_local! {
    /// Keys other tabs changed, as the `storage` events reported them, until the desk asks.
    static CHANGED: RefCell<Vec<Option<String>>> = const { RefCell::new(Vec::new()) };
}

/// Calls `wake` whenever another tab of this app wrote to storage; the changes
/// themselves are then read through `Store::changes`.
pub fn on_change(wake: impl Fn() + 'static) {
    let listener = leptos::prelude::window_event_listener(leptos::ev::storage, move |ev| {
        CHANGED.with(|c| c.borrow_mut().push(ev.key()));
        wake();
    });
    // The listener lives as long as the page.
    std::mem::forget(listener);
}

fn storage() -> Result<web_sys::Storage, StoreError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StoreError::Unavailable)
}

fn classify_js_error(err: wasm_bindgen::JsValue) -> StoreError {
    let name = err.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        StoreError::Full
    } else {
        let msg = err.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or(name);
        StoreError::Other(msg)
    }
}

impl Backend for LocalBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(storage()?.get_item(key).ok().flatten())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        storage()?.set_item(key, value).map_err(classify_js_error)?;
        if key == LOCK_KEY {
            super::lock::forget_record();
        }
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        storage()?.remove_item(key).map_err(classify_js_error)?;
        if key == LOCK_KEY {
            super::lock::forget_record();
        }
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let s = storage()?;
        let len = s.length().unwrap_or(0);
        Ok((0..len).filter_map(|i| s.key(i).ok().flatten()).collect())
    }

    fn nonce(&mut self) -> [u8; 12] {
        super::lock::random::<12>()
    }

    fn changed_elsewhere(&mut self) -> Vec<Option<String>> {
        CHANGED.with(|c| std::mem::take(&mut *c.borrow_mut()))
    }

    fn key_changed(&mut self, key: Option<Key>) {
        super::lock::set_key(key);
    }
}

/// A setting read before (or beside) the desk: the language, a reminder offered once.
/// Missing or unreadable gives `None`: settings are cheap to enter again.
pub fn load_setting<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    use gloo_storage::Storage;
    // gloo throws when storage is blocked; ask the browser first.
    storage().ok()?;
    gloo_storage::LocalStorage::get(format!("{}setting:{name}", super::keys::PREFIX)).ok()
}
