//! The passphrase lock's state in this tab: the lock record (salt, cost, check)
//! in localStorage, and the key, held in memory only and dropped when locked.

use crate::domain::base::seal::{Key, Lock};
use std::cell::RefCell;

use super::keys::LOCK_KEY;

thread_local! {
    static KEY: RefCell<Option<Key>> = const { RefCell::new(None) };
    /// The lock record as last read or written: the 1 s tick asks for it, storage is read once.
    static RECORD: RefCell<Option<Option<Lock>>> = const { RefCell::new(None) };
}

pub fn record() -> Option<Lock> {
    if let Some(cached) = RECORD.with(|r| r.borrow().clone()) {
        return cached;
    }
    let found = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LOCK_KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str(&raw).ok());
    RECORD.with(|r| *r.borrow_mut() = Some(found.clone()));
    found
}

/// A lock is set up and this tab does not hold the key yet.
pub fn needs_unlock() -> bool {
    record().is_some() && key().is_none()
}

pub fn key() -> Option<Key> {
    KEY.with(|k| *k.borrow())
}

pub fn set_key(key: Option<Key>) {
    KEY.with(|k| *k.borrow_mut() = key);
}

/// The lock record changed in storage (written through the store): read it afresh next time.
pub fn forget_record() {
    RECORD.with(|r| *r.borrow_mut() = None);
}

/// 12 or 16 random bytes for nonces and salts.
pub fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let ok = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    assert!(ok, "WebCrypto random numbers are required for the passphrase lock");
    bytes
}
