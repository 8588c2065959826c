//! "已保存" only when the store took it: a refused write keeps the entry in
//! memory, names it, and retries; an engine that confirms later is waited for.

use crate::support::{note, World};
use chrono::Duration;
use incident_desk::desk::port::{Confirmation, Receipt, Store, StoreError};
use incident_desk::domain::files::saving::{Feedback, NotSaved, Stored};
use incident_desk::domain::Incident;
use incident_desk::store::memory::MemoryBackend;
use incident_desk::store::records::Records;
use std::cell::Cell;
use std::rc::Rc;

#[test]
fn a_full_store_keeps_the_entry_in_memory_and_a_retry_saves_it() {
    // Given an open incident and a store that has become full
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.backend.fail_writes(Some(StoreError::Full));
    // When a note is recorded
    let result = w.run(|d, c| d.record_now(c, &id, note("电话通知期货公司")));
    // Then it is kept in memory, not called saved, and named
    assert_eq!(result, Ok(Stored::KeptUnsaved(NotSaved::Full)));
    assert!(w.desk.is_unsaved(&id));
    assert_eq!(w.desk.unsaved.count(&id), 1);
    assert!(w.kinds(&id).contains(&"Note".to_string()));
    assert!(!w.stored(&id).events().iter().any(|e| matches!(e.kind, incident_desk::domain::EventKind::Note { .. })));
    assert!(!w.desk.storage_errors.is_empty());
    assert!(w.desk.would_lose_on_close(), "the page asks before it is closed");
    let feedback = Feedback::of(&id, result, "已记录");
    assert_eq!(feedback.class(), "unsaved");

    // When room is made and the retry comes round
    w.backend.fail_writes(None);
    w.clock.0.set(w.clock.0.get() + Duration::seconds(11));
    w.run(|d, c| d.tick(c));
    // Then it is stored, the banner says so, and the form's line turns green
    assert!(!w.desk.is_unsaved(&id));
    assert!(w.stored(&id).events().iter().any(|e| matches!(e.kind, incident_desk::domain::EventKind::Note { .. })));
    assert_eq!(w.desk.caught_up.len(), 1);
    assert!(w.desk.storage_errors.is_empty());
    assert_eq!(feedback.settled(|i| w.desk.is_unsaved(i)).class(), "saved");
    assert!(!w.desk.would_lose_on_close());
}

#[test]
fn a_setting_that_did_not_save_is_tried_again() {
    // Given a store refusing writes
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    w.backend.fail_writes(Some(StoreError::Unavailable));
    // When the operator's name is saved, and a note
    assert!(w.run(|d, c| d.save_setting(c, "operator", &"李值班")).is_err());
    let _ = w.run(|d, c| d.record_now(c, &id, note("x")));
    // When storage works again and the retry runs
    w.backend.fail_writes(None);
    w.run(|d, c| d.retry_unsaved(c));
    // Then both are stored
    assert_eq!(w.backend.raw("incident-desk:setting:operator").as_deref(), Some("\"李值班\""));
    assert!(!w.desk.anything_unsaved());
}

/// An engine that confirms appends later, as IndexedDB does: a wrapper around the
/// memory store that holds each append until the test opens the gate.
struct Later {
    inner: Records<MemoryBackend>,
    queue: Vec<(Incident, Vec<String>)>,
    open: Rc<Cell<bool>>,
    /// Confirms at most one append per call when set (a transaction at a time).
    one_by_one: bool,
}

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        $(fn $name(&mut self, $($arg: $ty),*) -> $ret { self.inner.$name($($arg),*) })*
    };
}

impl Store for Later {
    fn append(&mut self, incident: &Incident, fresh: &[String]) -> Receipt {
        self.queue.push((incident.clone(), fresh.to_vec()));
        Receipt::Queued
    }
    fn confirmations(&mut self) -> Vec<Confirmation> {
        if !self.open.get() {
            return Vec::new();
        }
        let take = if self.one_by_one { self.queue.len().min(1) } else { self.queue.len() };
        let queued: Vec<_> = self.queue.drain(..take).collect();
        queued
            .into_iter()
            .map(|(incident, fresh)| {
                let result = match self.inner.append(&incident, &fresh) {
                    // As IndexedDB answers: `None` when the log was written as handed over.
                    Receipt::Written(merged) => Ok((merged != incident).then_some(merged)),
                    Receipt::Failed(e) => Err(e),
                    Receipt::Queued => unreachable!("the memory store writes at once"),
                };
                Confirmation { incident_id: incident.id().to_string(), result }
            })
            .collect()
    }
    fn key(&self) -> Option<incident_desk::domain::base::seal::Key> {
        self.inner.key()
    }
    delegate! {
        load() -> incident_desk::desk::port::Loaded;
        summaries() -> Vec<incident_desk::desk::port::Summary>;
        load_incident(id: &str) -> Result<Option<Incident>, StoreError>;
        remove_incident(id: &str) -> Result<(), StoreError>;
        check_chain(incident: &Incident, saved: &[String]) -> incident_desk::domain::incidents::integrity::Integrity;
        chain(incident: &Incident) -> Vec<String>;
        load_plans() -> Result<Option<Vec<incident_desk::domain::Plan>>, String>;
        save_plans(plans: &[incident_desk::domain::Plan]) -> Result<(), StoreError>;
        load_directory() -> Result<Option<incident_desk::domain::business::contacts::Directory>, String>;
        save_directory(directory: &incident_desk::domain::business::contacts::Directory) -> Result<(), StoreError>;
        setting(name: &str) -> Option<String>;
        save_setting(name: &str, json: &str) -> Result<(), StoreError>;
        restore(plan: &incident_desk::domain::files::backup::RestorePlan) -> (incident_desk::domain::files::backup::Applied, Vec<Incident>);
        lock() -> Option<incident_desk::domain::base::seal::Lock>;
        write_lock(lock: Option<&incident_desk::domain::base::seal::Lock>) -> Result<(), String>;
        set_key(key: Option<incident_desk::domain::base::seal::Key>) -> ();
        changes() -> Vec<incident_desk::desk::port::Change>;
        quarantined() -> Vec<(String, String)>;
        set_aside(name: &str, raw: &str) -> Result<(), StoreError>;
        used_chars() -> usize;
    }
}

#[test]
fn with_an_engine_that_confirms_later_saved_is_said_only_after_it_confirms() {
    // Given a desk on an engine that confirms appends later
    let backend = MemoryBackend::default();
    let gate = Rc::new(Cell::new(false));
    let later = Later { inner: Records::new(backend.clone(), None), queue: Vec::new(), open: Rc::clone(&gate), one_by_one: false };
    let mut w = World::with_store(backend.clone(), Box::new(later), "2026-11-23T09:00", 0);
    let id = w.open("2026-11-23T09:00");
    // When a note is recorded
    let result = w.run(|d, c| d.record_now(c, &id, note("已电话报告")));
    // Then memory has it at once, but it is not called saved
    assert_eq!(result, Ok(Stored::Queued));
    assert!(w.kinds(&id).contains(&"Note".to_string()));
    assert!(w.desk.is_unsaved(&id));
    assert!(w.desk.would_lose_on_close(), "closing the page now would lose the note");
    let feedback = Feedback::of(&id, result, "已记录");
    assert_eq!(feedback.text(), "正在保存……");
    assert_eq!(feedback.clone().settled(|i| w.desk.is_unsaved(i)).class(), "unsaved");
    assert!(backend.raw(&incident_desk::store::keys::incident_key(&id)).is_none(), "nothing written yet");

    // When the engine confirms
    w.run(|d, c| d.absorb_confirmations(c));
    assert!(w.desk.is_unsaved(&id), "still waiting");
    gate.set(true);
    w.run(|d, c| d.absorb_confirmations(c));
    // Then, and only then, it is saved
    assert!(!w.desk.is_unsaved(&id));
    assert!(!w.desk.would_lose_on_close());
    assert_eq!(feedback.settled(|i| w.desk.is_unsaved(i)), Feedback::Saved("已记录".into()));
    assert!(backend.raw(&incident_desk::store::keys::incident_key(&id)).is_some());
}

#[test]
fn several_entries_as_one_action_are_all_recorded_or_none() {
    use incident_desk::domain::EventKind;
    // Given an open incident
    let mut w = World::at("2026-11-23T09:00");
    let id = w.open("2026-11-23T09:00");
    let before = w.incident(&id).events().len();
    // When two entries are recorded as one action, the second of which the log refuses
    let refused = EventKind::Reclassified { level: None, reason: "  ".into() };
    let result = w.run(|d, c| d.record_all(c, &id, vec![note("先记一条"), refused]));
    // Then neither is in memory or the store
    assert!(result.is_err());
    assert_eq!(w.incident(&id).events().len(), before);
    assert_eq!(w.stored(&id).events().len(), before);
    // When both are acceptable, both are recorded and stored together
    let result = w.run(|d, c| d.record_all(c, &id, vec![note("一"), note("二")]));
    assert_eq!(result, Ok(Stored::Saved));
    assert_eq!(w.stored(&id).events().len(), before + 2);
    assert_eq!(w.happened.appended.len(), 2);
}

#[test]
fn an_entry_recorded_while_an_earlier_one_is_being_saved_stays_on_screen() {
    // Given a desk on an engine that confirms one transaction at a time
    let backend = MemoryBackend::default();
    let gate = Rc::new(Cell::new(false));
    let later = Later { inner: Records::new(backend.clone(), None), queue: Vec::new(), open: Rc::clone(&gate), one_by_one: true };
    let mut w = World::with_store(backend.clone(), Box::new(later), "2026-11-23T09:00", 0);
    let id = w.open("2026-11-23T09:00");
    gate.set(true);
    w.run(|d, c| d.absorb_confirmations(c));
    // When two notes are recorded and the engine confirms only the first so far
    let _ = w.run(|d, c| d.record_now(c, &id, note("第一条"))).unwrap();
    let _ = w.run(|d, c| d.record_now(c, &id, note("第二条"))).unwrap();
    w.run(|d, c| d.absorb_confirmations(c));
    // Then both are still in memory, and the incident still waits for the second
    let notes = w.incident(&id).events().iter().filter(|e| matches!(e.kind, incident_desk::domain::EventKind::Note { .. })).count();
    assert_eq!(notes, 2, "the first confirmation does not take the second entry off the screen");
    assert!(w.desk.is_unsaved(&id));
    // When the second is confirmed, both are stored
    w.run(|d, c| d.absorb_confirmations(c));
    assert!(!w.desk.is_unsaved(&id));
    assert_eq!(w.stored(&id).events().len(), w.incident(&id).events().len());
}

#[test]
fn a_queued_append_that_fails_names_the_entries_it_did_not_save() {
    // Given a desk on an engine that confirms later, and storage that is full
    let backend = MemoryBackend::default();
    let gate = Rc::new(Cell::new(true));
    let later = Later { inner: Records::new(backend.clone(), None), queue: Vec::new(), open: Rc::clone(&gate), one_by_one: false };
    let mut w = World::with_store(backend.clone(), Box::new(later), "2026-11-23T09:00", 0);
    let id = w.open("2026-11-23T09:00");
    w.run(|d, c| d.absorb_confirmations(c));
    backend.fail_writes(Some(StoreError::Full));
    // When two notes are recorded and the engine refuses both
    let _ = w.run(|d, c| d.record_now(c, &id, note("第一条"))).unwrap();
    let _ = w.run(|d, c| d.record_now(c, &id, note("第二条"))).unwrap();
    w.run(|d, c| d.absorb_confirmations(c));
    // Then the banner counts both entries as not saved
    assert_eq!(w.desk.unsaved.count(&id), 2);
    // And once there is room, the retry saves them
    backend.fail_writes(None);
    w.run(|d, c| d.retry_unsaved(c));
    w.run(|d, c| d.absorb_confirmations(c));
    assert!(!w.desk.is_unsaved(&id));
    assert_eq!(w.stored(&id).events().len(), w.incident(&id).events().len());
}
