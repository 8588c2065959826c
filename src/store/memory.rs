//! The record layout over memory, for host tests: the same `Records` the browser
//! uses, on a map several "tabs" can share (`MemoryBackend::tab`), with faults a
//! test can switch on (storage full, unavailable).

use super::records::{Backend, Records};
use crate::desk::port::StoreError;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Default)]
struct Shared {
    values: BTreeMap<String, String>,
    /// Per tab, the keys other tabs changed since it last asked.
    pending: Vec<Vec<Option<String>>>,
    /// Set: every write fails with this error.
    fault: Option<StoreError>,
    nonce: u64,
}

/// One tab's view of a shared in-memory store.
#[derive(Clone)]
pub struct MemoryBackend {
    shared: Rc<RefCell<Shared>>,
    tab: usize,
}

impl Default for MemoryBackend {
    fn default() -> Self {
        let shared = Rc::new(RefCell::new(Shared { pending: vec![Vec::new()], ..Shared::default() }));
        MemoryBackend { shared, tab: 0 }
    }
}

impl MemoryBackend {
    /// Another tab on the same storage: it learns of this tab's writes and this of its.
    pub fn tab(&self) -> MemoryBackend {
        let tab = {
            let mut s = self.shared.borrow_mut();
            s.pending.push(Vec::new());
            s.pending.len() - 1
        };
        MemoryBackend { shared: Rc::clone(&self.shared), tab }
    }

    /// From now on every write fails with `fault` (`None`: writes work again).
    pub fn fail_writes(&self, fault: Option<StoreError>) {
        self.shared.borrow_mut().fault = fault;
    }

    /// A raw value, as another program would see it.
    pub fn raw(&self, key: &str) -> Option<String> {
        self.shared.borrow().values.get(key).cloned()
    }

    /// Changes a raw value behind the app's back (as someone editing storage would).
    pub fn tamper(&self, key: &str, value: &str) {
        self.shared.borrow_mut().values.insert(key.to_string(), value.to_string());
    }

    /// Every raw value, for comparing whole stores.
    pub fn dump(&self) -> BTreeMap<String, String> {
        self.shared.borrow().values.clone()
    }

    /// A store holding exactly `values` (a dump from a browser, say).
    pub fn with_values(values: BTreeMap<String, String>) -> MemoryBackend {
        let b = MemoryBackend::default();
        b.shared.borrow_mut().values = values;
        b
    }

    fn changed(&self, key: Option<String>) {
        let mut s = self.shared.borrow_mut();
        for (tab, queue) in s.pending.iter_mut().enumerate() {
            if tab != self.tab {
                queue.push(key.clone());
            }
        }
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.shared.borrow().values.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(fault) = self.shared.borrow().fault.clone() {
            return Err(fault);
        }
        self.shared.borrow_mut().values.insert(key.to_string(), value.to_string());
        self.changed(Some(key.to_string()));
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.shared.borrow_mut().values.remove(key);
        self.changed(Some(key.to_string()));
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.shared.borrow().values.keys().cloned().collect())
    }

    /// Distinct, not random: tests need no secrecy, only nonces that never repeat.
    fn nonce(&mut self) -> [u8; 12] {
        let mut s = self.shared.borrow_mut();
        s.nonce += 1;
        let mut out = [0u8; 12];
        out[..8].copy_from_slice(&s.nonce.to_le_bytes());
        out
    }

    fn changed_elsewhere(&mut self) -> Vec<Option<String>> {
        std::mem::take(&mut self.shared.borrow_mut().pending[self.tab])
    }
}

/// A memory store with the browser's record layout.
pub type MemoryStore = Records<MemoryBackend>;

impl MemoryStore {
    pub fn in_memory() -> MemoryStore {
        Records::new(MemoryBackend::default(), None)
    }
}
