//! The desk's storage port over IndexedDB: incidents in the database, one
//! record per event (`idb_writer`); small settings, the lock record, plan
//! versions and the directory in localStorage (`local`), as before.
//!
//! The port is synchronous and the database is not: an append answers
//! `Receipt::Queued` at once and its confirmation arrives through
//! `confirmations` once the transaction completed. What the port must answer at
//! once (the start, another tab's write) was read from the database before.

use crate::domain::base::sort;
use super::idb::IdbStore;
use super::idb_read::id_digest;
use super::idb_writer::{enqueue, Job, SharedRef};
use super::local::LocalStore;
use crate::desk::port::{Change, Confirmation, Loaded, Receipt, Store, StoreError, Summary};
use crate::domain::base::seal::{Key, Lock};
use crate::domain::business::contacts::Directory;
use crate::domain::files::backup::{Applied, RestorePlan, Target, Write};
use crate::domain::incidents::integrity::{self, Integrity};
use crate::domain::{Incident, Plan};
use std::rc::Rc;

pub struct IdbEngine {
    pub(super) local: LocalStore,
    pub(super) db: Rc<IdbStore>,
    pub(super) shared: SharedRef,
    /// What the start read, handed to the desk by the first `load`.
    pub(super) loaded: Option<Loaded>,
    /// Incidents moved aside in the database: (id, raw text).
    pub(super) quarantined: Vec<(String, String)>,
}

impl IdbEngine {
    fn refused(&self) -> Option<StoreError> {
        self.shared.borrow().refused.clone()
    }

    /// Notes a new incident in localStorage's index of ids, so a database
    /// cleared outside the app is reported at the next start.
    fn index(&mut self, id: &str) {
        let mut index = self.local.read_index();
        if index.insert(id.to_string()) {
            self.local.write_index(&index);
        }
    }

    fn write(&mut self, incident: &Incident) {
        if !self.shared.borrow().logs.contains_key(incident.id()) {
            self.index(incident.id());
        }
        enqueue(&self.db, &self.shared, Job::Write(incident.clone()));
    }
}

impl Store for IdbEngine {
    fn load(&mut self) -> Loaded {
        self.loaded.take().unwrap_or_default()
    }

    fn summaries(&mut self) -> Vec<Summary> {
        let mut out: Vec<Summary> = self.shared.borrow().summaries.values().cloned().collect();
        sort::by_key(&mut out, |s| s.opened_at);
        out
    }

    /// What another tab wrote, as read back after it said so; `None` otherwise.
    fn load_incident(&mut self, id: &str) -> Result<Option<Incident>, StoreError> {
        Ok(self.shared.borrow_mut().arrived.remove(id))
    }

    fn append(&mut self, incident: &Incident, _fresh: &[String]) -> Receipt {
        if let Some(e) = self.refused() {
            return Receipt::Failed(e);
        }
        self.write(incident);
        Receipt::Queued
    }

    fn keep_figures(&mut self, id: &str, figures: crate::domain::reports::stats::Figures) -> bool {
        let mut s = self.shared.borrow_mut();
        let lacking = s.summaries.get(id).is_some_and(|stored| stored.figures.as_ref() != Some(&figures));
        s.figures.insert(id.to_string(), figures);
        lacking
    }

    fn confirmations(&mut self) -> Vec<Confirmation> {
        std::mem::take(&mut self.shared.borrow_mut().done)
    }

    /// Reads the shelved logs 25 at a time, handing each batch to the desk (one
    /// redraw per batch, so the board fills in steps while the rest are read). One
    /// that cannot be read is moved aside, as at start.
    fn fetch(&mut self, ids: &[String]) {
        let (db, shared, ids) = (self.db.clone(), self.shared.clone(), ids.to_vec());
        wasm_bindgen_futures::spawn_local(async move {
            for batch in ids.chunks(25) {
                for id in batch {
                    fetch_one(&db, &shared, id).await;
                }
                super::idb_writer::wake();
            }
        });
    }

    /// The settled summaries, in one read. A record left out at start that is not
    /// among them (no mark: another shape), or whose summary cannot stand in for its
    /// log, has its log read as `fetch` reads one, so it is shown or set aside.
    fn read_settled(&mut self) {
        let (db, shared) = (self.db.clone(), self.shared.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let unread: std::collections::HashSet<String> = std::mem::take(&mut shared.borrow_mut().unread).into_iter().collect();
            if unread.is_empty() {
                return;
            }
            // Should the read fail (the connection gone), nothing is handed over: the desk keeps
            // waiting for them, so no backup or archive goes ahead without them, and says why.
            let records = match db.settled().await {
                Ok(records) => records,
                Err(e) => {
                    let mut s = shared.borrow_mut();
                    s.unread = unread.into_iter().collect();
                    s.changes.push(Change::Problem(crate::tf!("已结束事件的记录未能读取（{0}），暂未列出；备份与归档会等待。请刷新本页再试。", e)));
                    drop(s);
                    super::idb_writer::wake();
                    return;
                }
            };
            let key = shared.borrow().key;
            let mut settled = Vec::new();
            let mut found = std::collections::HashSet::new();
            for record in records.into_iter().filter(|r| unread.contains(&r.id)) {
                found.insert(record.id.clone());
                let summary = super::codec::open_summary(key.as_ref(), &record.summary);
                match summary {
                    Some(summary) if summary.stands_in(record.count) && summary.id == record.id => settled.push(summary),
                    _ => fetch_one(&db, &shared, &record.id).await,
                }
            }
            for id in unread.iter().filter(|id| !found.contains(*id)) {
                fetch_one(&db, &shared, id).await;
            }
            {
                let mut s = shared.borrow_mut();
                for summary in &settled {
                    s.summaries.insert(summary.id.clone(), summary.clone());
                }
                s.changes.push(Change::Settled(settled));
            }
            super::idb_writer::wake();
        });
    }

    fn take_chain(&mut self, id: &str) -> Option<Vec<String>> {
        self.shared.borrow_mut().fetched_chains.remove(id)
    }

    /// Removed from the index now and from the database in turn, after any write
    /// of it still waiting. Should the removal fail, the archived incident is
    /// simply still here at the next start: nothing is lost.
    fn remove_incident(&mut self, id: &str) -> Result<(), StoreError> {
        if let Some(e) = self.refused() {
            return Err(e);
        }
        let mut index = self.local.read_index();
        index.remove(id);
        self.local.write_index(&index);
        enqueue(&self.db, &self.shared, Job::Remove(id.to_string()));
        Ok(())
    }

    /// Hashed afresh. A log found altered is hashed afresh from there at its next
    /// write (the finding the desk appends), so the same edit is reported once.
    fn check_chain(&mut self, incident: &Incident, saved: &[String]) -> Integrity {
        let found = integrity::compare(incident, &integrity::chain(incident), saved);
        if let Integrity::BrokenAt { position, .. } = &found {
            self.shared.borrow_mut().reseal.insert(incident.id().to_string(), *position);
        }
        found
    }

    fn chain(&mut self, incident: &Incident) -> Vec<String> {
        integrity::chain(incident)
    }

    /// From the stored head when memory's log begins with the stored one (the usual
    /// case: at most the entries still being saved are new), so a 5,000-entry log
    /// hashes one entry, not 5,000. Otherwise, or with a finding still to rehash, afresh.
    fn chain_head(&mut self, incident: &Incident) -> String {
        let from_stored = {
            let s = self.shared.borrow();
            s.logs.get(incident.id()).filter(|log| !log.ids.is_empty() && !s.reseal.contains_key(incident.id())).and_then(|log| {
                let n = log.ids.len();
                let same = n <= incident.events().len() && incident.events()[..n].iter().zip(&log.ids).all(|(e, d)| id_digest(&e.id) == *d);
                same.then(|| integrity::links_from(incident, n, Some(&log.head)).pop().unwrap_or_else(|| log.head.clone()))
            })
        };
        from_stored.unwrap_or_else(|| integrity::chain(incident).pop().unwrap_or_default())
    }

    fn load_plans(&mut self) -> Result<Option<Vec<Plan>>, String> {
        self.local.load_plans()
    }

    fn save_plans(&mut self, plans: &[Plan]) -> Result<(), StoreError> {
        self.local.save_plans(plans)
    }

    fn load_directory(&mut self) -> Result<Option<Directory>, String> {
        self.local.load_directory()
    }

    fn save_directory(&mut self, directory: &Directory) -> Result<(), StoreError> {
        self.local.save_directory(directory)
    }

    fn setting(&mut self, name: &str) -> Option<String> {
        self.local.setting(name)
    }

    fn save_setting(&mut self, name: &str, json: &str) -> Result<(), StoreError> {
        self.local.save_setting(name, json)
    }

    /// Plans and the directory are written (and put back on failure) in
    /// localStorage at once; the incidents go to the writer, each in one
    /// transaction, confirmed like any action (a failure keeps them in memory,
    /// says so and retries).
    fn restore(&mut self, plan: &RestorePlan) -> (Applied, Vec<Incident>) {
        let mut target = IdbRestore { engine: self, written: Vec::new() };
        let applied = crate::domain::files::backup::apply(plan, &mut target);
        let written = target.written;
        if matches!(applied, Applied::All) {
            for incident in &written {
                self.write(incident);
            }
        }
        (applied, written)
    }

    fn lock(&mut self) -> Option<Lock> {
        self.local.lock()
    }

    /// Turning the lock off: the record goes only once every record queued
    /// before was rewritten plain, so a tab closed halfway leaves readable data.
    fn write_lock(&mut self, lock: Option<&Lock>) -> Result<(), String> {
        match lock {
            Some(_) => self.local.write_lock(lock),
            None => {
                let local = Rc::new(std::cell::RefCell::new(super::local::open()));
                enqueue(&self.db, &self.shared, Job::Unlock(Box::new(move || {
                    let _ = local.borrow_mut().write_lock(None);
                })));
                Ok(())
            }
        }
    }

    fn set_key(&mut self, key: Option<Key>) {
        self.local.set_key(key);
        self.shared.borrow_mut().key = key;
    }

    fn key(&self) -> Option<Key> {
        self.local.key()
    }

    fn changes(&mut self) -> Vec<Change> {
        let mut out: Vec<Change> = self.local.changes().into_iter().filter(|c| !matches!(c, Change::Incident(_))).collect();
        out.extend(std::mem::take(&mut self.shared.borrow_mut().changes));
        out
    }

    fn quarantined(&mut self) -> Vec<(String, String)> {
        let mut out = self.local.quarantined();
        let late = self.shared.borrow().set_aside.clone();
        out.extend(self.quarantined.iter().chain(late.iter()).map(|(id, raw)| (format!("indexeddb:incident:{id}"), raw.clone())));
        out
    }

    /// In localStorage, with the rest of the quarantine this engine keeps there.
    fn set_aside(&mut self, name: &str, raw: &str) -> Result<(), StoreError> {
        self.local.set_aside(name, raw)
    }

    fn used_chars(&mut self) -> usize {
        self.local.used_chars()
    }

    fn char_limit(&self) -> Option<usize> {
        None
    }
}

/// A restore's writes: documents at once in localStorage, incidents collected
/// for the writer (they cannot fail before the writer runs).
struct IdbRestore<'a> {
    engine: &'a mut IdbEngine,
    written: Vec<Incident>,
}

impl Target for IdbRestore<'_> {
    type Previous = Option<Vec<(String, Option<String>)>>;

    fn previous(&self, write: &Write) -> Self::Previous {
        match write {
            Write::Incident(_) => None,
            other => Some(super::restore::previous_values(&self.engine.local, other)),
        }
    }

    fn write(&mut self, write: &Write) -> Result<(), String> {
        match write {
            Write::Incident(i) => {
                if let Some(e) = self.engine.refused() {
                    return Err(e.to_string());
                }
                self.written.push(i.clone());
                Ok(())
            }
            other => super::restore::RestoreTarget { records: &mut self.engine.local, written: Vec::new() }.write(other),
        }
    }

    fn put_back(&mut self, previous: Self::Previous) -> Result<(), String> {
        match previous {
            None => Ok(()),
            Some(p) => super::restore::RestoreTarget { records: &mut self.engine.local, written: Vec::new() }.put_back(p),
        }
    }
}

/// Reads one stored log for the desk: it arrives as `Change::Incident`, or as
/// `Change::Unreadable` (moved aside when it cannot be read, as at start).
async fn fetch_one(db: &IdbStore, shared: &SharedRef, id: &String) {
    let read = match db.read_log(id).await {
        Ok(raw) => super::idb_load::read_one(db, shared, id, &raw).await.map_err(|p| {
            p.map(|(problem, aside)| {
                if aside {
                    shared.borrow_mut().set_aside.push((id.clone(), super::idb_load::raw_text(&raw)));
                }
                problem
            })
        }),
        Err(e) => Err(Some(crate::tf!("无法读取 IndexedDB 中的事件记录（{0}），未做任何改动。", e))),
    };
    let mut s = shared.borrow_mut();
    match read {
        Ok(decoded) => {
            s.fetched_chains.insert(id.clone(), decoded.links);
            s.arrived.insert(id.clone(), decoded.incident);
            s.changes.push(Change::Incident(id.clone()));
        }
        Err(problem) => s.changes.push(Change::Unreadable { id: id.clone(), problem }),
    }
}
