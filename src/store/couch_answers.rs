//! How the replicator reads CouchDB's answers (`couch`): a `_bulk_docs` result per
//! document, a changes feed page of documents to check. A child module, so it works
//! on the replicator's own fields.

use super::{Pulled, Replicator, BATCH};
use crate::domain::sync::event_doc::{self, Refusal};
use crate::domain::sync::shared_doc;
use serde_json::Value;

/// The checkpoint's key for shared documents (plan versions, contacts): not an incident id.
pub(super) const SHARED: &str = "";

impl Replicator {
    /// Documents of ours the server will not take: out of the outbox, named, and the rest goes on.
    pub(super) fn set_aside(&mut self, ids: &[String], why: &str) -> Pulled {
        let mut out = Pulled::default();
        for id in ids {
            if self.outbox.remove(id).is_some() {
                self.set_aside += 1;
                out.refused.push(Refusal { doc_id: id.clone(), reason: crate::tf!("同步服务器不接受这条记录（{0}）；它仍保存在本机", why), raw: String::new() });
            }
        }
        out
    }

    /// `_bulk_docs` answers per document: written; a conflict (the id is taken: by
    /// the same document, since they are immutable, or by another workstation's copy
    /// under the same id, which the next pull brings and the merge keeps beside ours
    /// as a conflict entry, pushed in turn); or refused by the rule (set aside).
    /// `None`: not an answer of that shape, or none of the documents answered for.
    pub(super) fn pushed(&mut self, ids: &[String], body: &Value) -> Option<Pulled> {
        let results = body.as_array()?;
        let mut refused = Vec::new();
        let mut answered = 0;
        for r in results {
            let id = r.get("id").and_then(Value::as_str).unwrap_or_default();
            if !ids.iter().any(|i| i == id) {
                continue;
            }
            answered += 1;
            let (error, reason) = (r.get("error").and_then(Value::as_str), r.get("reason").and_then(Value::as_str).unwrap_or_default());
            match error {
                // Written; or already there: the same document (they are immutable), or
                // another workstation's copy, which the next pull brings and the merge keeps
                // beside ours as a conflict entry. PouchDB says the latter with the rule's
                // refusal (`design::NEVER_CHANGED`) where CouchDB says `conflict`.
                None | Some("conflict") => self.on_server_now(id),
                Some("forbidden") if reason == crate::domain::sync::design::NEVER_CHANGED => self.on_server_now(id),
                Some(e) => refused.push((id.to_string(), format!("{e}: {reason}"))),
            }
        }
        if answered == 0 && !ids.is_empty() {
            return None;
        }
        let mut out = Pulled::default();
        for (id, why) in refused {
            out.refused.extend(self.set_aside(&[id], &why).refused);
        }
        Some(out)
    }

    /// `None`: not a changes feed (no `results`).
    pub(super) fn pulled(&mut self, body: &Value) -> Option<Pulled> {
        let mut out = Pulled::default();
        let results = body.get("results").and_then(Value::as_array)?;
        for r in results {
            let Some(doc) = r.get("doc") else { continue };
            let size = doc.to_string().len();
            match shared_doc::read_shared(doc, size) {
                Ok(Some(shared)) => {
                    let id = doc.get("_id").and_then(Value::as_str).unwrap_or_default().to_string();
                    self.outbox.remove(&id);
                    self.checkpoint.on_server.entry(SHARED.into()).or_default().insert(id);
                    out.shared.push(shared);
                    continue;
                }
                Ok(None) => {}
                Err(refusal) => {
                    out.refused.push(refusal);
                    continue;
                }
            }
            match event_doc::read_doc(doc, size) {
                Ok(Some(d)) => {
                    self.checkpoint.on_server.entry(d.incident_id.clone()).or_default().insert(d.event.id.clone());
                    self.outbox.remove(&event_doc::doc_id(&d.incident_id, &d.event.id));
                    out.docs.push(d);
                }
                Ok(None) => {}
                Err(refusal) => out.refused.push(refusal),
            }
        }
        if let Some(last) = body.get("last_seq") {
            self.checkpoint.since = Some(last.clone());
        }
        self.revision += 1;
        // The end of the feed for now: nothing pending (CouchDB says how many), or a short page.
        // (An empty page is the end whatever `pending` says: asking again would loop.)
        self.caught_up = match body.get("pending").and_then(Value::as_u64) {
            _ if results.is_empty() => true,
            Some(pending) => pending == 0,
            None => results.len() < BATCH,
        };
        Some(out)
    }

    fn on_server_now(&mut self, id: &str) {
        if let Some(doc) = self.outbox.remove(id) {
            self.mark(&doc);
        }
    }

    fn mark(&mut self, doc: &Value) {
        self.revision += 1;
        let id = doc.get("_id").and_then(Value::as_str).unwrap_or_default();
        if id.starts_with("doc:") {
            self.checkpoint.on_server.entry(SHARED.into()).or_default().insert(id.to_string());
            return;
        }
        let incident = doc.get("incident").and_then(Value::as_str).unwrap_or_default().to_string();
        let event = doc.get("event").and_then(|e| e.get("id")).and_then(Value::as_str).unwrap_or_default().to_string();
        self.checkpoint.on_server.entry(incident).or_default().insert(event);
    }
}
