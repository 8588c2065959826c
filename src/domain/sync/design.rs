//! The server's own rule. CouchDB runs a design document's `validate_doc_update` on
//! every write, replication included; this one keeps the shared log append-only at
//! the server too: an event document is written once and never changed or deleted,
//! and nothing of an unknown shape is taken. The app installs it when it may (an
//! administrator's session) and, before syncing, checks that it is there as written.

use serde_json::{json, Value};

pub const DESIGN_ID: &str = "_design/incident-desk";

/// What the rule answers when an event document is written again. PouchDB runs the
/// rule before it looks for a conflict, so a second copy of a document already there
/// (two workstations that worked out the same rise) gets this, where CouchDB would
/// say `conflict`; the client takes either as "already on the server".
pub const NEVER_CHANGED: &str = "an event document is never changed or deleted";

/// Plain ES5: CouchDB 3 runs it in SpiderMonkey (or QuickJS), PouchDB-server in Node.
pub const VALIDATE: &str = r#"function (newDoc, oldDoc, userCtx) {
  var id = newDoc._id || '';
  var admin = userCtx && userCtx.roles && userCtx.roles.indexOf('_admin') !== -1;
  if (id.indexOf('_design/') === 0) {
    if (!admin) { throw({ forbidden: 'only an administrator changes the rules of this database' }); }
    return;
  }
  var form = /^[A-Za-z0-9_-]{1,100}$/;
  if (id.indexOf('ev:') === 0) {
    if (oldDoc || newDoc._deleted) { throw({ forbidden: 'an event document is never changed or deleted' }); }
    var e = newDoc.event;
    if (newDoc.type !== 'incident-desk/event' || typeof newDoc.v !== 'number' || typeof newDoc.digest !== 'string'
        || typeof newDoc.incident !== 'string' || !form.test(newDoc.incident)
        || !e || typeof e !== 'object' || typeof e.id !== 'string' || !form.test(e.id)) {
      throw({ forbidden: 'not an event document of Incident Desk' });
    }
    if (id !== 'ev:' + newDoc.incident + ':' + e.id) { throw({ forbidden: 'the id does not name its incident and event' }); }
    return;
  }
  if (id.indexOf('doc:') === 0) {
    if (newDoc._deleted) { throw({ forbidden: 'a shared document is never deleted' }); }
    if (newDoc.type !== 'incident-desk/document' || typeof newDoc.body !== 'object' || newDoc.body === null) {
      throw({ forbidden: 'not a shared document of Incident Desk' });
    }
    return;
  }
  throw({ forbidden: 'not a document of Incident Desk' });
}"#;

/// The design document to install.
pub fn design_doc() -> Value {
    json!({ "_id": DESIGN_ID, "language": "javascript", "validate_doc_update": VALIDATE })
}

/// Whether the server's design document (as read back) holds the rule as this build
/// wrote it: another text may let through what this one refuses.
pub fn rule_in_place(found: &Value) -> bool {
    found.get("validate_doc_update").and_then(Value::as_str).is_some_and(|f| f.trim() == VALIDATE.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_read_back_as_written_is_in_place_and_any_other_text_is_not() {
        assert!(rule_in_place(&design_doc()));
        let mut loosened = design_doc();
        loosened["validate_doc_update"] = Value::from(VALIDATE.replace("if (oldDoc || newDoc._deleted)", "if (false)"));
        assert!(!rule_in_place(&loosened));
        assert!(!rule_in_place(&json!({ "_id": DESIGN_ID })));
        assert!(VALIDATE.contains(&format!("forbidden: '{NEVER_CHANGED}'")));
    }
}
