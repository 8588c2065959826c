//! Runs the replicator (`couch`) against the bank's CouchDB while sync is on: a push
//! beside a held pull, as long as the page lives or until stopped. Pulled documents
//! are handed to the page through `on_pulled`, at once, so an entry made elsewhere
//! shows within moments; the page offers its logs each tick (`offer`), only those
//! changed since being walked.

use super::couch::{Checkpoint, Pulled, Replicator, Status};
use super::couch_http::{send, Server};
use crate::domain::business::contacts::Contact;
use crate::domain::sync::shared_doc::{contacts_doc, plan_doc};
use crate::domain::{Incident, Plan};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

struct Inner {
    rep: Replicator,
    server: Rc<Server>,
    running: bool,
    /// Events offered per incident, so an unchanged log is not walked again.
    offered: HashMap<String, usize>,
    waiting: Vec<Pulled>,
    resets_seen: usize,
    /// Whether drills are shared (Settings → 同步), as it was started.
    drills: bool,
    /// The plan versions (by key) and contacts last offered, with the resets then.
    shared_seen: Option<(usize, Vec<String>, Vec<Contact>)>,
}

#[derive(Clone)]
pub struct SyncEngine {
    inner: Rc<RefCell<Inner>>,
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// How often the engine looks for work (an entry recorded here, a lane come free):
/// a fraction of the 2 s in which the other workstations should see it.
const TICK_MS: i32 = 200;

impl SyncEngine {
    /// Starts syncing with `server` from `checkpoint`. Each tick `before` is called
    /// (the page offers its logs there) and every request the replicator has is sent,
    /// a push beside a held long poll; `on_pulled` is called whenever documents came
    /// in (take them with `take`).
    pub fn start(server: Server, checkpoint: Checkpoint, drills: bool, before: impl Fn(&SyncEngine) + 'static, on_pulled: impl Fn() + 'static) -> SyncEngine {
        let rep = Replicator::new(checkpoint);
        let inner = Rc::new(RefCell::new(Inner { rep, server: Rc::new(server), running: true, offered: HashMap::new(), waiting: Vec::new(), resets_seen: 0, drills, shared_seen: None }));
        let engine = SyncEngine { inner };
        let on_pulled: Rc<dyn Fn()> = Rc::new(on_pulled);
        // Back online: no waiting out the back-off (the browser's word is a hint; a
        // request that still fails backs off again).
        let woken = engine.clone();
        let online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || woken.inner.borrow_mut().rep.wake());
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("online", wasm_bindgen::JsCast::unchecked_ref(online.as_ref()));
        }
        let looping = engine.clone();
        wasm_bindgen_futures::spawn_local(async move {
            while looping.inner.borrow().running {
                before(&looping);
                looping.send_all(&on_pulled);
                pause(TICK_MS).await;
            }
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback("online", wasm_bindgen::JsCast::unchecked_ref(online.as_ref()));
            }
        });
        engine
    }

    /// Sends what the replicator asks for now, each answer taken as it comes.
    fn send_all(&self, on_pulled: &Rc<dyn Fn()>) {
        loop {
            let (req, server) = {
                let mut i = self.inner.borrow_mut();
                match i.rep.next(now_ms()) {
                    Some(req) => (req, i.server.clone()),
                    None => return,
                }
            };
            let engine = self.clone();
            let on_pulled = on_pulled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = send(&server, &req).await;
                let pulled = {
                    let mut i = engine.inner.borrow_mut();
                    if !i.running {
                        return;
                    }
                    i.rep.answer(now_ms(), req.lane, answer)
                };
                if !pulled.docs.is_empty() || !pulled.refused.is_empty() || !pulled.shared.is_empty() {
                    engine.inner.borrow_mut().waiting.push(pulled);
                    on_pulled();
                }
                // The lane is free: its next request goes now, not at the next tick.
                engine.send_all(&on_pulled);
            });
        }
    }

    pub fn stop(&self) {
        self.inner.borrow_mut().running = false;
    }

    /// Hands over incident logs; only those grown since the last offer are walked.
    pub fn offer<'a>(&self, incidents: impl IntoIterator<Item = &'a Incident>) {
        let mut i = self.inner.borrow_mut();
        // The checkpoint was dropped (the database recreated): everything goes again.
        if i.rep.resets() != i.resets_seen {
            i.resets_seen = i.rep.resets();
            i.offered.clear();
        }
        for incident in incidents {
            let n = incident.events().len();
            if i.offered.get(incident.id()) != Some(&n) {
                i.rep.offer(incident.id(), incident.events());
                i.offered.insert(incident.id().to_string(), n);
            }
        }
    }

    /// Whether drills are shared.
    pub fn shares_drills(&self) -> bool {
        self.inner.borrow().drills
    }

    /// Hands over the plan versions made here and the contacts as documents
    /// (`domain::sync::shared_doc`), built only when they changed since the last offer.
    pub fn offer_shared(&self, plans: &[Plan], contacts: &[Contact]) {
        let mut i = self.inner.borrow_mut();
        let keys: Vec<String> = plans.iter().map(Plan::key).collect();
        let resets = i.rep.resets();
        if i.shared_seen.as_ref().is_some_and(|(r, k, c)| *r == resets && *k == keys && c.as_slice() == contacts) {
            return;
        }
        let mut docs: Vec<_> = plans.iter().map(plan_doc).collect();
        docs.extend(contacts_doc(contacts));
        i.rep.offer_shared(docs);
        i.shared_seen = Some((resets, keys, contacts.to_vec()));
    }

    /// The checkpoint's revision (`Replicator::revision`): read it whole only when this moved.
    pub fn checkpoint_revision(&self) -> u64 {
        self.inner.borrow().rep.revision()
    }

    /// What came in since the last call.
    pub fn take(&self) -> Vec<Pulled> {
        std::mem::take(&mut self.inner.borrow_mut().waiting)
    }

    pub fn status(&self) -> Status {
        self.inner.borrow().rep.status(now_ms())
    }

    /// How many entries of incident `id` are known to be on the server.
    pub fn on_server(&self, id: &str) -> usize {
        self.inner.borrow().rep.checkpoint().on_server.get(id).map_or(0, |e| e.len())
    }

    pub fn db_url(&self) -> String {
        self.inner.borrow().server.db_url.clone()
    }

    pub fn checkpoint(&self) -> Checkpoint {
        self.inner.borrow().rep.checkpoint().clone()
    }
}
