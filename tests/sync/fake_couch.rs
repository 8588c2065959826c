//! A CouchDB of the tests' own, in memory: the parts of its HTTP API the replicator
//! uses (`_bulk_docs`, `_changes` with `include_docs`, `limit`, `since`), with the
//! semantics that matter here: a document written again without its revision is a
//! conflict, every write takes the next sequence, sequences are numbers or (as in
//! CouchDB 3) opaque strings, and an event document is never updated (the rule of
//! `domain::sync::design`, which `validate_rule.mjs` checks in JavaScript).

use incident_desk::domain::sync::design::{design_doc, DESIGN_ID};
use incident_desk::store::couch::{Answer, Method, Request};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub struct FakeCouch {
    /// id → (revision number, document without `_id`/`_rev`).
    docs: BTreeMap<String, (u32, Value)>,
    /// The last sequence of each document.
    seqs: BTreeMap<String, u64>,
    seq: u64,
    /// CouchDB 3 style: sequences as opaque strings.
    pub opaque: bool,
    /// No answer at all (the server stopped, the link lost).
    pub down: bool,
    /// Refuses every request with 401 (a wrong password).
    pub wrong_password: bool,
    /// Answers 200 with a page that is not CouchDB's (a captive portal, a proxy).
    pub garbage: bool,
    /// Document ids the rule refuses (as `validate_doc_update` would).
    pub refuse: std::collections::BTreeSet<String>,
    /// A proxy's body limit: a `_bulk_docs` of more documents gets 413.
    pub max_docs: usize,
    /// Whether the app's rule (its design document) is installed.
    pub rule: bool,
    /// As PouchDB does: the rule runs before the conflict check, so a document written
    /// again is refused by the rule rather than answered as a conflict.
    pub rule_before_conflict: bool,
    pub requests: usize,
}

impl FakeCouch {
    pub fn new(opaque: bool) -> FakeCouch {
        FakeCouch { docs: BTreeMap::new(), seqs: BTreeMap::new(), seq: 0, opaque, down: false, wrong_password: false, garbage: false, refuse: Default::default(), max_docs: usize::MAX, rule: true, rule_before_conflict: false, requests: 0 }
    }

    /// CouchDB 3's sequences are opaque: base64url text after the number, different
    /// per sequence, so only the exact string handed out reads back.
    fn seq_value(&self, n: u64) -> Value {
        if self.opaque {
            json!(format!("{n}-g1AAAA_{:x}-eJzLYWBgYMp{}", n * 7919, "xZ".repeat(n as usize % 5)))
        } else {
            json!(n)
        }
    }

    /// The sequence a `since` names; `None`: not one this server handed out.
    fn seq_of(&self, since: &str) -> Option<u64> {
        let since = decode(since);
        if since == "0" {
            return Some(0);
        }
        if self.opaque {
            (0..=self.seq).find(|n| self.seq_value(*n).as_str() == Some(since.as_str()))
        } else {
            since.parse().ok()
        }
    }

    /// An administrator changing a document on the server behind the rule's back.
    pub fn alter(&mut self, id: &str, f: impl FnOnce(&mut Value)) {
        let (rev, doc) = self.docs.get_mut(id).expect("stored");
        f(doc);
        *rev += 1;
        self.seq += 1;
        self.seqs.insert(id.to_string(), self.seq);
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn handle(&mut self, req: &Request) -> Answer {
        self.requests += 1;
        if self.down {
            return None;
        }
        if self.wrong_password {
            return Some((401, json!({ "error": "unauthorized", "reason": "Name or password is incorrect." })));
        }
        if self.garbage {
            return Some((200, json!("<html>请先登录本网络</html>")));
        }
        if req.body.as_ref().and_then(|b| b["docs"].as_array()).is_some_and(|d| d.len() > self.max_docs) {
            return Some((413, json!({ "error": "too_large", "reason": "Request Entity Too Large" })));
        }
        match (&req.method, req.path.split_once('?').map_or(req.path.as_str(), |(p, _)| p)) {
            (Method::Post, "_bulk_docs") => Some((201, self.bulk(req.body.as_ref().unwrap()))),
            (Method::Get, "_changes") => Some(self.changes(&req.path)),
            (Method::Get, DESIGN_ID) if self.rule => {
                let mut doc = design_doc();
                doc["_rev"] = json!("1-abc");
                Some((200, doc))
            }
            (Method::Get, DESIGN_ID) => Some((404, json!({ "error": "not_found", "reason": "missing" }))),
            _ => Some((404, json!({ "error": "not_found" }))),
        }
    }

    fn bulk(&mut self, body: &Value) -> Value {
        let mut out = Vec::new();
        for doc in body["docs"].as_array().unwrap() {
            let id = doc["_id"].as_str().unwrap().to_string();
            if self.docs.contains_key(&id) && self.rule_before_conflict && id.starts_with("ev:") {
                out.push(json!({ "id": id, "error": "forbidden", "reason": incident_desk::domain::sync::design::NEVER_CHANGED }));
                continue;
            }
            if self.docs.contains_key(&id) {
                // Written again without the revision: CouchDB's conflict. An event document
                // with its revision would be refused by the rule; none is sent that way.
                out.push(json!({ "id": id, "error": "conflict", "reason": "Document update conflict." }));
                continue;
            }
            if self.refuse.contains(&id) || (id.starts_with("ev:") && doc["type"] != "incident-desk/event") {
                out.push(json!({ "id": id, "error": "forbidden", "reason": "not an event document of Incident Desk" }));
                continue;
            }
            let mut stored = doc.clone();
            stored.as_object_mut().unwrap().remove("_id");
            self.docs.insert(id.clone(), (1, stored));
            self.seq += 1;
            self.seqs.insert(id.clone(), self.seq);
            out.push(json!({ "ok": true, "id": id, "rev": "1-abc" }));
        }
        Value::Array(out)
    }

    fn changes(&self, path: &str) -> (u16, Value) {
        let query: BTreeMap<&str, &str> = path.split_once('?').map_or("", |(_, q)| q).split('&').filter_map(|kv| kv.split_once('=')).collect();
        let since = match query.get("since").map(|s| self.seq_of(s)) {
            None => 0,
            Some(Some(n)) => n,
            Some(None) => return (400, json!({ "error": "bad_request", "reason": "Malformed sequence supplied in 'since' parameter." })),
        };
        let limit: usize = query.get("limit").and_then(|l| l.parse().ok()).unwrap_or(usize::MAX);
        let mut changed: Vec<(u64, &String)> = self.seqs.iter().filter(|(_, s)| **s > since).map(|(id, s)| (*s, id)).collect();
        changed.sort();
        let pending = changed.len().saturating_sub(limit);
        changed.truncate(limit);
        let results: Vec<Value> = changed
            .iter()
            .map(|(s, id)| {
                let (rev, doc) = &self.docs[*id];
                let mut d = doc.clone();
                d["_id"] = json!(id);
                d["_rev"] = json!(format!("{rev}-abc"));
                json!({ "seq": self.seq_value(*s), "id": id, "changes": [{ "rev": format!("{rev}-abc") }], "doc": d })
            })
            .collect();
        let last = changed.last().map_or(since, |(s, _)| *s);
        (200, json!({ "results": results, "last_seq": self.seq_value(last), "pending": pending }))
    }
}

/// A query value as received: `%XX` decoded.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
