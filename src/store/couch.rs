//! The CouchDB replication protocol for one database, without I/O: the replicator
//! says which HTTP request to make next and is told how it went, so the protocol is
//! tested on the host against a CouchDB of its own (tests/sync/) and the browser
//! side only carries requests (issue 17). Events are immutable, so the protocol is
//! small: push the event documents the server lacks (`_bulk_docs`), pull what
//! changed since the last checkpoint (`_changes`, `include_docs`), keep the
//! checkpoint (the server's `last_seq`, opaque: CouchDB 3 gives strings,
//! pouchdb-server numbers). A lost link backs off and tries again; a refused login
//! waits for new settings.

use crate::domain::events::event::Event;
use crate::domain::sync::event_doc::{self, EventDoc, Refusal};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Documents per `_bulk_docs` (halved while a proxy says a request is too large) and
/// changes per `_changes` request.
pub const BATCH: usize = 200;
/// Back-off after a failure: 1 s, doubled each time, at most a minute.
const BACKOFF_MS: [i64; 7] = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// Which of the two requests that may be out at once this is: a push goes out while
/// the long poll is held open, so an entry made here leaves at once (one lane
/// only, the push would wait up to the long poll's 25 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Push,
    Pull,
}

/// One HTTP request, relative to the database's URL (`""` is the database itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub lane: Lane,
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
}

/// What came back: a status and a JSON body, or no answer at all (`None`: the link).
pub type Answer = Option<(u16, Value)>;

/// What the replicator keeps between sessions (stored locally beside the settings).
/// Store it only when the desk says it may (`Desk::checkpoint_may_advance`: nothing
/// pulled waits in memory and everything taken in is stored), or a checkpoint past
/// those entries would never bring them again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The server's `last_seq` as it gave it (`None`: nothing pulled yet).
    pub since: Option<Value>,
    /// Event documents known to be on the server, by incident.
    pub on_server: BTreeMap<String, BTreeSet<String>>,
}

/// What the header shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Everything here is on the server and everything there is here, as of the last pull.
    Synced,
    /// Working: documents still to push.
    Busy { to_push: usize },
    /// No answer from the server: tried again at `retry_at` (ms), documents kept.
    Offline { to_push: usize, retry_at: i64 },
    /// The server refused, for a reason the user must act on (login, the rule missing).
    Failed { reason: String },
    /// In step, but `count` documents of ours the server would not take (named in the
    /// sync notice; they stay here).
    Unaccepted { count: usize },
}

/// What an answer brought in: checked event documents, and those refused.
#[derive(Debug, Default, PartialEq)]
pub struct Pulled {
    pub docs: Vec<EventDoc>,
    /// Checked plan versions and contacts (`domain::sync::shared_doc`).
    pub shared: Vec<crate::domain::sync::shared_doc::Shared>,
    /// Pulled documents refused by the checks, and documents of ours the server refused
    /// (set aside: the rest goes on).
    pub refused: Vec<Refusal>,
}

pub struct Replicator {
    checkpoint: Checkpoint,
    /// Documents to push, by document id (one copy each).
    outbox: BTreeMap<String, Value>,
    /// The documents of the push out now, if one is.
    pushing: Option<Vec<String>>,
    /// Whether a pull is out now (a long poll may be held for 25 s).
    pulling: bool,
    /// Whether the server's rule (`domain::sync::design`) was found in place this
    /// session: nothing is pushed or pulled before, so a database that would take an
    /// altered entry is never used.
    rule_seen: bool,
    failures: usize,
    retry_at: i64,
    failed: Option<String>,
    /// Whether the last pull reached the end of the feed.
    caught_up: bool,
    /// Documents per push: halved when the server (or a proxy before it) says 413.
    batch: usize,
    /// Documents of ours the server would not take, this session.
    set_aside: usize,
    /// Times the checkpoint was dropped (`resets`): whoever offers logs offers them all again.
    resets: usize,
    /// Bumped whenever the checkpoint changes, so whoever stores it need not compare it whole.
    revision: u64,
}

impl Replicator {
    pub fn new(checkpoint: Checkpoint) -> Replicator {
        Replicator { checkpoint, outbox: BTreeMap::new(), pushing: None, pulling: false, rule_seen: false, failures: 0, retry_at: 0, failed: None, caught_up: false, batch: BATCH, set_aside: 0, resets: 0, revision: 0 }
    }

    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// Hands over an incident's log: its entries the server lacks go out.
    pub fn offer(&mut self, incident_id: &str, events: &[Event]) {
        let known = self.checkpoint.on_server.get(incident_id);
        for e in events {
            if known.is_some_and(|k| k.contains(&e.id)) {
                continue;
            }
            self.outbox.entry(event_doc::doc_id(incident_id, &e.id)).or_insert_with(|| event_doc::to_doc(incident_id, e));
        }
    }

    /// Changes whenever the checkpoint does (a pull's place, documents known on the server).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// How many times the checkpoint was dropped because the server no longer knew it.
    pub fn resets(&self) -> usize {
        self.resets
    }

    /// Hands over the shared documents as they stand here (plan versions made here, the
    /// contacts): those the server lacks go out, each once.
    pub fn offer_shared(&mut self, docs: Vec<(String, Value)>) {
        let known = self.checkpoint.on_server.get(answers::SHARED);
        for (id, doc) in docs {
            if !known.is_some_and(|k| k.contains(&id)) {
                self.outbox.entry(id).or_insert(doc);
            }
        }
    }

    /// The link is back (the browser says it is online again, a laptop woke): what was
    /// backing off is tried at once, not at the end of a minute's wait. A refusal the
    /// user must resolve stays.
    pub fn wake(&mut self) {
        self.retry_at = 0;
    }

    /// New settings (a password typed again): a refused login is tried again at once.
    pub fn retry_now(&mut self) {
        self.failed = None;
        self.failures = 0;
        self.retry_at = 0;
    }

    pub fn status(&self, now_ms: i64) -> Status {
        let to_push = self.outbox.len();
        match (&self.failed, self.failures) {
            (Some(reason), _) => Status::Failed { reason: reason.clone() },
            // No answer since the last failure, however long ago: never taken for in step.
            (None, n) if n > 0 => Status::Offline { to_push, retry_at: self.retry_at.max(now_ms) },
            // A long poll held open by the server, once caught up, is being in step, not work.
            _ if to_push == 0 && self.caught_up && self.pushing.is_none() && self.set_aside > 0 => Status::Unaccepted { count: self.set_aside },
            _ if to_push == 0 && self.caught_up && self.pushing.is_none() => Status::Synced,
            _ => Status::Busy { to_push },
        }
    }

    /// A request to make now, if any: a push of what the server lacks first (what was
    /// recorded here matters most to the others), then the changes since the
    /// checkpoint. At most one of each lane is out at a time; call again after each
    /// request sent and each answer. `None` while both lanes are busy (or there is
    /// nothing to push and a pull is out), while backing off, or after a refusal the
    /// user must resolve.
    pub fn next(&mut self, now_ms: i64) -> Option<Request> {
        if self.failed.is_some() || now_ms < self.retry_at {
            return None;
        }
        if !self.rule_seen {
            if self.pulling {
                return None;
            }
            self.pulling = true;
            return Some(read_rule());
        }
        if !self.outbox.is_empty() && self.pushing.is_none() {
            let ids: Vec<String> = self.outbox.keys().take(self.batch).cloned().collect();
            let docs: Vec<Value> = ids.iter().map(|id| self.outbox[id].clone()).collect();
            self.pushing = Some(ids);
            return Some(Request { lane: Lane::Push, method: Method::Post, path: "_bulk_docs".into(), body: Some(json!({ "docs": docs })) });
        }
        if self.pulling {
            return None;
        }
        let since = match &self.checkpoint.since {
            Some(Value::String(s)) => format!("&since={}", encode(s)),
            Some(v) => format!("&since={}", encode(&v.to_string())),
            None => String::new(),
        };
        // Caught up: the server holds the request until something changes (or 25 s pass),
        // so an entry made elsewhere arrives within a moment, without polling.
        let wait = if self.caught_up { "&feed=longpoll&timeout=25000" } else { "" };
        self.pulling = true;
        Some(Request { lane: Lane::Pull, method: Method::Get, path: format!("_changes?include_docs=true&conflicts=true&limit={BATCH}{since}{wait}"), body: None })
    }

    /// How the request of `lane` from `next` went. Pulled documents are returned
    /// checked; the caller takes them into its logs (`domain::sync::pull`).
    pub fn answer(&mut self, now_ms: i64, lane: Lane, answer: Answer) -> Pulled {
        let step = match lane {
            Lane::Push => match self.pushing.take() {
                Some(ids) => Step::Push(ids),
                None => return Pulled::default(),
            },
            Lane::Pull if !std::mem::take(&mut self.pulling) => return Pulled::default(),
            Lane::Pull if self.rule_seen => Step::Pull,
            Lane::Pull => Step::Rule,
        };
        let (status, body) = match answer {
            Some(a) => a,
            None => {
                self.back_off(now_ms);
                return Pulled::default();
            }
        };
        match (status, &step) {
            (200..=299, _) => {}
            (401, _) => return self.refuse(crate::domain::base::i18n::t("同步服务器拒绝登录：用户名或密码不正确，请在“设置 → 同步”中重新输入").into()),
            (403, Step::Push(_)) => return self.refuse(crate::tf!("同步服务器拒绝了本机的写入（{0}）；请联系服务器管理员", reason_of(&body))),
            (403, Step::Pull | Step::Rule) => return self.refuse(crate::tf!("同步服务器不允许本机读取这个数据库（{0}）；请联系服务器管理员", reason_of(&body))),
            // The design document missing, in a database that is there: the rule is not installed.
            (404, Step::Rule) if matches!(reason_of(&body).as_str(), "missing" | "deleted") => return self.refuse(no_rule()),
            (404, _) => return self.refuse(crate::domain::base::i18n::t("同步服务器上没有这个数据库，请检查“设置 → 同步”中的数据库名称").into()),
            // Too large for the server or a proxy before it: smaller batches, at once.
            (413, Step::Push(ids)) if self.batch > 1 => {
                self.batch = (ids.len() / 2).max(1);
                return Pulled::default();
            }
            (413, Step::Push(ids)) => return self.set_aside(ids, "413"),
            // Our checkpoint names a place this database's feed does not have: it was
            // recreated or restored from a backup. Start afresh: pull everything, and offer
            // everything again (what the server holds answers as a conflict, taken as there).
            (400, Step::Pull) if self.checkpoint.since.is_some() => {
                self.checkpoint = Checkpoint::default();
                self.resets += 1;
                self.revision += 1;
                self.caught_up = false;
                return Pulled::default();
            }
            (400, _) => return self.refuse(crate::tf!("同步服务器拒绝了请求（{0}）；请联系服务器管理员", reason_of(&body))),
            _ => {
                self.back_off(now_ms);
                return Pulled::default();
            }
        }
        let pulled = match step {
            Step::Push(ids) => self.pushed(&ids, &body),
            Step::Pull => self.pulled(&body),
            Step::Rule if crate::domain::sync::design::rule_in_place(&body) => {
                self.rule_seen = true;
                Some(Pulled::default())
            }
            // A design document of that name, but not our rule (changed, or another app's).
            Step::Rule if body.get("_id").is_some() => return self.refuse(no_rule()),
            Step::Rule => None,
        };
        // A body of another shape (a proxy's page) is no answer: back off, not a tight loop.
        match pulled {
            Some(p) => {
                self.failures = 0;
                self.retry_at = 0;
                p
            }
            None => {
                self.back_off(now_ms);
                Pulled::default()
            }
        }
    }

    fn refuse(&mut self, reason: String) -> Pulled {
        self.failed = Some(reason);
        Pulled::default()
    }

    fn back_off(&mut self, now_ms: i64) {
        self.retry_at = now_ms + BACKOFF_MS[self.failures.min(BACKOFF_MS.len() - 1)];
        self.failures += 1;
    }

}

/// The request being answered, with what it carried.
enum Step {
    Push(Vec<String>),
    Pull,
    /// Reading the server's rule, before anything else.
    Rule,
}

fn no_rule() -> String {
    crate::domain::base::i18n::t("同步服务器的数据库中没有本应用的记录规则（只追加、不可改），同步未开始：请服务器管理员按 docs/SYNC.md 安装，或在“设置 → 同步”中用管理员账户安装").into()
}

#[path = "couch_answers.rs"]
mod answers;

fn reason_of(body: &Value) -> String {
    body.get("reason").and_then(Value::as_str).unwrap_or("forbidden").to_string()
}

/// A query value as a URL carries it (CouchDB 3's sequences hold `-` and letters only,
/// but nothing here relies on that).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Reads the server's design document (`design::rule_in_place` judges it).
pub fn read_rule() -> Request {
    Request { lane: Lane::Pull, method: Method::Get, path: crate::domain::sync::design::DESIGN_ID.into(), body: None }
}

/// Installs the server's rule (an administrator's session; `rev`: the design
/// document's current revision, when one is there to replace).
pub fn install_rule(rev: Option<&str>) -> Request {
    let mut doc = crate::domain::sync::design::design_doc();
    if let Some(rev) = rev {
        doc["_rev"] = rev.into();
    }
    Request { lane: Lane::Push, method: Method::Put, path: crate::domain::sync::design::DESIGN_ID.into(), body: Some(doc) }
}
