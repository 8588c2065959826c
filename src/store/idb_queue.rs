//! The desk's `append` over the IndexedDB engine: answers `Receipt::Queued` at
//! once and confirms when the transaction completed (`Store::confirmations`).
//! Not yet behind the app (issue 16): the rest of the `Store` port follows.
//!
//! Appends are issued in the order they were handed over, and IndexedDB runs
//! readwrite transactions over the same stores in the order they were created,
//! so each starts where the one before ended. The engine refuses an append that
//! does not start at the stored count: after a failure the next appends of that
//! incident fail too, until one starts from what was confirmed; nothing is ever
//! confirmed that is not stored, and no gap is written.

use super::idb::IdbStore;
use crate::desk::port::{Confirmation, Receipt, StoreError};
use crate::domain::incidents::integrity;
use crate::domain::Incident;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Default)]
struct Chains {
    /// Each incident's chain as handed to the engine (confirmed or not).
    handed: HashMap<String, Vec<String>>,
    /// Each incident's chain as the engine confirmed it.
    confirmed: HashMap<String, Vec<String>>,
}

pub struct IdbQueue {
    db: Rc<IdbStore>,
    chains: Rc<RefCell<Chains>>,
    done: Rc<RefCell<Vec<Confirmation>>>,
}

impl IdbQueue {
    /// `stored`: each stored incident's chain (its events are positions 0..len).
    pub fn new(db: IdbStore, stored: Vec<(String, Vec<String>)>) -> IdbQueue {
        let chains = Chains { handed: stored.iter().cloned().collect(), confirmed: stored.into_iter().collect() };
        IdbQueue { db: Rc::new(db), chains: Rc::new(RefCell::new(chains)), done: Rc::default() }
    }

    pub fn db(&self) -> &IdbStore {
        &self.db
    }

    /// Hands over the events of `incident` not handed over before, with their
    /// links and a summary, in one transaction.
    pub fn append(&mut self, incident: &Incident, summary_json: String) -> Receipt {
        let id = incident.id().to_string();
        let known = self.chains.borrow().handed.get(&id).cloned().unwrap_or_default();
        if known.len() > incident.events().len() {
            return Receipt::Failed(StoreError::Other(format!("IndexedDB: {id} is shorter than stored")));
        }
        let chain = integrity::continue_chain(incident, &known);
        let first = known.len();
        let events: Result<Vec<String>, _> = incident.events()[first..].iter().map(serde_json::to_string).collect();
        let events = match events {
            Ok(events) => events,
            Err(e) => return Receipt::Failed(StoreError::Other(e.to_string())),
        };
        let tail = chain[first..].to_vec();
        self.chains.borrow_mut().handed.insert(id.clone(), chain.clone());
        let (db, chains, done, written) = (self.db.clone(), self.chains.clone(), self.done.clone(), incident.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let result = db.append_events(&id, first, events, tail, summary_json).await;
            let mut chains = chains.borrow_mut();
            let result = match result {
                Ok(()) => {
                    chains.confirmed.insert(id.clone(), chain);
                    Ok(written)
                }
                Err(err) => {
                    // Start the next append from what the engine confirmed.
                    let confirmed = chains.confirmed.get(&id).cloned().unwrap_or_default();
                    chains.handed.insert(id.clone(), confirmed);
                    Err(err)
                }
            };
            done.borrow_mut().push(Confirmation { incident_id: id, result });
        });
        Receipt::Queued
    }

    /// Answers to earlier appends, oldest first.
    pub fn confirmations(&mut self) -> Vec<Confirmation> {
        std::mem::take(&mut *self.done.borrow_mut())
    }
}
