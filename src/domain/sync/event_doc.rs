//! One event as one CouchDB document. Events are never edited, so their documents
//! are written once and never updated: a document that was (revision 2 or later, or
//! content that no longer matches its digest) is refused on the way in, named, and
//! nothing local changes.
//!
//! `{ "_id": "ev:{incident}:{event}", "type": "incident-desk/event", "v": 1,
//!    "incident": "{incident}", "digest": "{sha-256 of the event's canonical form}",
//!    "event": { … the event as the app stores it … } }`

use crate::domain::base::ids::is_valid_id;
use crate::domain::events::canonical::event_digest;
use crate::domain::events::event::{Event, EventKind};
use crate::domain::files::packet::shown_id;
use serde_json::{json, Value};

pub const TYPE: &str = "incident-desk/event";
pub const VERSION: u64 = 1;
/// Far above any real entry (a long note, a conflict entry holding a copy): a larger
/// document is refused rather than parsed.
pub const MAX_DOC_CHARS: usize = 1_000_000;

/// The document id of an event: both ids are in the app's form (letters, digits,
/// `-`, `_`), so `:` cannot occur in them and the id reads back unambiguously.
pub fn doc_id(incident_id: &str, event_id: &str) -> String {
    format!("ev:{incident_id}:{event_id}")
}

/// The document to write for `event` of incident `incident_id`.
pub fn to_doc(incident_id: &str, event: &Event) -> Value {
    json!({
        "_id": doc_id(incident_id, &event.id),
        "type": TYPE,
        "v": VERSION,
        "incident": incident_id,
        "digest": event_digest(event),
        "event": event,
    })
}

/// A pulled event document that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDoc {
    pub incident_id: String,
    pub event: Event,
}

/// A pulled document refused: its id as a message can show it, why, and what came
/// (kept in the quarantine, so it can be shown to whoever looks into it; empty for a
/// document of ours the server would not take, which stays in the log here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub doc_id: String,
    pub reason: String,
    pub raw: String,
}

/// At most this much of a refused document is kept (localStorage holds the
/// quarantine; a refused document can be far larger than any real entry).
pub const KEPT_CHARS: usize = 64_000;

/// What is kept of a refused document's text.
pub fn kept(raw: String) -> String {
    match raw.char_indices().nth(KEPT_CHARS) {
        Some((cut, _)) => format!("{}…", &raw[..cut]),
        None => raw,
    }
}

/// Checks a pulled document (`raw_len`: its size as received). `Ok(None)`: not an
/// event document (another kind this build leaves to others, or a design document).
pub fn read_doc(doc: &Value, raw_len: usize) -> Result<Option<EventDoc>, Refusal> {
    let id = doc.get("_id").and_then(Value::as_str).unwrap_or_default();
    let refuse = |reason: String| Refusal { doc_id: shown_doc_id(id), reason, raw: kept(doc.to_string()) };
    if !id.starts_with("ev:") {
        return Ok(None);
    }
    if raw_len > MAX_DOC_CHARS {
        return Err(refuse(crate::tf!("文档过大（{0} 个字符），不是本应用写入的记录", raw_len)));
    }
    // Written once, never updated: a later revision was changed on the server. (The
    // server gives every document its revision; one without is not the server's.)
    match doc.get("_rev").and_then(Value::as_str) {
        Some(rev) if rev.starts_with("1-") => {}
        Some(rev) => return Err(refuse(crate::tf!("记录在服务器上被改动过（修订号 {0}），未采用", shown_id(rev)))),
        None => return Err(refuse(crate::domain::base::i18n::t("不是本应用的事件记录文档").into())),
    }
    // Two revisions side by side: only a write that bypasses the rule's view of the old
    // one (`new_edits: false`, a replication from elsewhere) makes them; which is real
    // cannot be told here, so neither is taken.
    if doc.get("_conflicts").and_then(Value::as_array).is_some_and(|c| !c.is_empty()) {
        return Err(refuse(crate::domain::base::i18n::t("服务器上这条记录有不止一个版本（可能被人绕过规则写入），未采用").into()));
    }
    if doc.get("_deleted").and_then(Value::as_bool) == Some(true) {
        return Err(refuse(crate::domain::base::i18n::t("记录在服务器上被删除，本机的记录保持不变").into()));
    }
    if doc.get("type").and_then(Value::as_str) != Some(TYPE) {
        return Err(refuse(crate::domain::base::i18n::t("不是本应用的事件记录文档").into()));
    }
    match doc.get("v").and_then(Value::as_u64) {
        Some(v) if v <= VERSION => {}
        Some(v) => return Err(refuse(crate::tf!("记录由较新版本写入（版本 {0}），请先升级应急处置台", v))),
        None => return Err(refuse(crate::domain::base::i18n::t("不是本应用的事件记录文档").into())),
    }
    let incident_id = doc.get("incident").and_then(Value::as_str).unwrap_or_default();
    if !is_valid_id(incident_id) {
        return Err(refuse(crate::tf!("事件编号“{0}”不符合本应用的格式", shown_id(incident_id))));
    }
    let event: Event = doc
        .get("event")
        .cloned()
        .ok_or_else(|| refuse(crate::domain::base::i18n::t("文档中没有事件记录").into()))
        .and_then(|v| serde_json::from_value(v).map_err(|e| refuse(crate::tf!("事件记录无法读取：{0}", e))))?;
    if !is_valid_id(&event.id) || nested_ids(&event).iter().any(|i| !is_valid_id(i)) {
        return Err(refuse(crate::tf!("记录编号“{0}”不符合本应用的格式", shown_id(&event.id))));
    }
    if id != doc_id(incident_id, &event.id) {
        return Err(refuse(crate::domain::base::i18n::t("文档编号与其中的事件不符，未采用").into()));
    }
    if doc.get("digest").and_then(Value::as_str) != Some(event_digest(&event).as_str()) {
        return Err(refuse(crate::domain::base::i18n::t("记录内容与其校验值不符，可能在服务器上被改动，未采用").into()));
    }
    Ok(Some(EventDoc { incident_id: incident_id.to_string(), event }))
}

/// A pulled document's id as a message shows it: whole when it has the form this app
/// writes (`ev:` and two ids of the app's form; the quarantine keeps it under this
/// name, so two documents never share one), made safe and cut short otherwise.
fn shown_doc_id(id: &str) -> String {
    let ours = id.strip_prefix("ev:").and_then(|rest| rest.split_once(':')).is_some_and(|(i, e)| is_valid_id(i) && is_valid_id(e));
    if ours { id.to_string() } else { shown_id(id) }
}

/// Ids carried inside an entry (a conflict entry holds a whole copy of another).
fn nested_ids(event: &Event) -> Vec<&str> {
    match &event.kind {
        EventKind::EventConflict { event_id, other } => vec![event_id.as_str(), other.id.as_str()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
#[path = "event_doc_tests.rs"]
mod tests;
