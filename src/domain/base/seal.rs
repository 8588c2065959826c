//! The passphrase lock's cryptography: a key derived from the passphrase
//! (PBKDF2-HMAC-SHA256) and AES-256-GCM sealing of stored records. Randomness
//! (salt, nonces) comes from the caller, so this stays pure and testable.

use crate::domain::base::i18n::t;
use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// Enough to make guessing slow, little enough to unlock in about a second on an old workstation.
pub const ITERATIONS: u32 = 200_000;
const CHECK: &[u8] = b"incident-desk/lock/v1";

pub type Key = [u8; 32];

pub fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> Key {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), salt, iterations, &mut key);
    key
}

/// `nonce ‖ ciphertext`, base64.
pub fn seal(key: &Key, nonce: [u8; 12], plaintext: &[u8]) -> String {
    let cipher = Aes256Gcm::new(key.into());
    let mut out = nonce.to_vec();
    out.extend(cipher.encrypt(Nonce::from_slice(&nonce), plaintext).expect("AES-GCM encrypts any length we store"));
    B64.encode(out)
}

/// The plaintext, or `None` for a wrong key or altered data (GCM authenticates both).
pub fn open(key: &Key, sealed: &str) -> Option<Vec<u8>> {
    let bytes = B64.decode(sealed).ok()?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, data) = bytes.split_at(12);
    Aes256Gcm::new(key.into()).decrypt(Nonce::from_slice(nonce), data).ok()
}

/// What is stored to recognise the right passphrase: salt, cost, and a sealed check value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    pub salt: String,
    pub iterations: u32,
    pub check: String,
    /// Minutes without input before the app locks itself.
    pub idle_minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockError {
    TooShort,
    Mismatch,
    Wrong,
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::TooShort => f.write_str(t("口令至少 8 个字符")),
            LockError::Mismatch => f.write_str(t("两次输入的口令不一致")),
            LockError::Wrong => f.write_str(t("口令不正确，未做任何改动")),
        }
    }
}

impl Lock {
    /// A new lock for `passphrase` (typed twice), and its key.
    pub fn create(passphrase: &str, again: &str, salt: [u8; 16], nonce: [u8; 12], idle_minutes: u32, iterations: u32) -> Result<(Lock, Key), LockError> {
        if passphrase.chars().count() < 8 {
            return Err(LockError::TooShort);
        }
        if passphrase != again {
            return Err(LockError::Mismatch);
        }
        let key = derive_key(passphrase, &salt, iterations);
        Ok((Lock { salt: B64.encode(salt), iterations, check: seal(&key, nonce, CHECK), idle_minutes }, key))
    }

    /// The key, if `passphrase` is the right one.
    pub fn unlock(&self, passphrase: &str) -> Result<Key, LockError> {
        let salt = B64.decode(&self.salt).map_err(|_| LockError::Wrong)?;
        let key = derive_key(passphrase, &salt, self.iterations);
        match open(&key, &self.check) {
            Some(check) if check == CHECK => Ok(key),
            _ => Err(LockError::Wrong),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: u32 = 1_000; // tests need not be slow

    #[test]
    fn the_right_passphrase_opens_and_a_wrong_one_does_not() {
        let (lock, key) = Lock::create("值班口令2026", "值班口令2026", [7; 16], [1; 12], 10, FAST).unwrap();
        assert_eq!(lock.unlock("值班口令2026"), Ok(key));
        assert_eq!(lock.unlock("值班口令2025"), Err(LockError::Wrong));
        assert_eq!(Lock::create("短口令", "短口令", [7; 16], [1; 12], 10, FAST).unwrap_err(), LockError::TooShort);
        assert_eq!(Lock::create("abcdefgh", "abcdefgX", [7; 16], [1; 12], 10, FAST).unwrap_err(), LockError::Mismatch);
    }

    #[test]
    fn sealed_records_need_the_key_and_reveal_nothing() {
        let key = derive_key("abcdefgh", &[3; 16], FAST);
        let sealed = seal(&key, [9; 12], "大商所出入金中断".as_bytes());
        assert!(!sealed.contains("大商所"));
        assert_eq!(open(&key, &sealed).unwrap(), "大商所出入金中断".as_bytes());
        assert_eq!(open(&derive_key("abcdefgX", &[3; 16], FAST), &sealed), None);
        let mut tampered = sealed.clone().into_bytes();
        tampered[20] ^= 1;
        assert_eq!(open(&key, &String::from_utf8_lossy(&tampered)), None, "GCM detects changes");
    }
}
