//! Record ids unique across workstations, so logs can later be merged.
//!
//! Every id made here is 32 lowercase hex digits, which is the app's id form
//! (`is_valid_id`): incidents and entries read from a packet, backup or archive
//! must have that form, or they are refused at the door.

/// Whether `id` has the app's form (ASCII letters, digits, '-' and '_', bounded length).
pub use crate::domain::base::ids::is_valid_id;

/// A 128-bit random id in hex, from the browser's CSPRNG.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // No WebCrypto (very old browser): time plus Math.random is unique enough on one desk.
        let seed = js_sys::Date::now().to_bits() ^ (js_sys::Math::random() * u64::MAX as f64) as u64;
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..].copy_from_slice(&((js_sys::Math::random() * u64::MAX as f64) as u64).to_le_bytes());
    }
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    debug_assert!(is_valid_id(&id));
    id
}

/// The browser's id source for the desk.
pub struct BrowserIds;

impl crate::desk::port::Ids for BrowserIds {
    fn new_id(&mut self) -> String {
        new_id()
    }
}
