//! Plan versions and the contacts directory as shared documents (`doc:` in the
//! server's rule). A plan version never changes once made (`id@version`), so its
//! document is written once. The directory does change: each state of its contacts
//! is a document of its own, named by its digest, and a workstation that pulls one
//! merges it field by field into its own (`contacts_merge`: a blank never erases a
//! number), as a packet's contacts are. Like an event document, a pulled one is
//! refused and named if it was revised on the server or no longer matches its digest.
//!
//! `{ "_id": "doc:plan:{id}@{version}" | "doc:contacts:{digest32}", "type": "incident-desk/document",
//!    "v": 1, "digest": "{sha-256 of the body's content}", "body": { "plan": … } | { "contacts": […] } }`

use super::event_doc::{kept, Refusal, MAX_DOC_CHARS};
use crate::domain::base::i18n::t;
use crate::domain::business::contacts::Contact;
use crate::domain::events::canonical::hex;
use crate::domain::files::packet::shown_id;
use crate::domain::plans::plan::Plan;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const TYPE: &str = "incident-desk/document";
pub const VERSION: u64 = 1;

/// What a shared document brings.
#[derive(Debug, Clone, PartialEq)]
pub enum Shared {
    Plan(Plan),
    Contacts(Vec<Contact>),
}

fn digest_of<T: serde::Serialize>(value: &T) -> String {
    hex(&Sha256::digest(serde_json::to_vec(value).expect("plain data serialises")))
}

/// The document of a plan version made here.
pub fn plan_doc(plan: &Plan) -> (String, Value) {
    let id = format!("doc:plan:{}", plan.key());
    let doc = json!({ "_id": id, "type": TYPE, "v": VERSION, "digest": digest_of(plan), "body": { "plan": plan } });
    (id, doc)
}

/// The document of the directory's contacts as they stand (`None`: no contacts, nothing to share).
pub fn contacts_doc(contacts: &[Contact]) -> Option<(String, Value)> {
    if contacts.is_empty() {
        return None;
    }
    let digest = digest_of(&contacts);
    let id = format!("doc:contacts:{}", &digest[..32]);
    Some((id.clone(), json!({ "_id": id, "type": TYPE, "v": VERSION, "digest": digest, "body": { "contacts": contacts } })))
}

/// Checks a pulled shared document. `Ok(None)`: not one (an event, a design document).
pub fn read_shared(doc: &Value, raw_len: usize) -> Result<Option<Shared>, Refusal> {
    let id = doc.get("_id").and_then(Value::as_str).unwrap_or_default();
    if !id.starts_with("doc:") {
        return Ok(None);
    }
    let refuse = |reason: String| Refusal { doc_id: shown_id(id), reason, raw: kept(doc.to_string()) };
    if raw_len > MAX_DOC_CHARS {
        return Err(refuse(crate::tf!("文档过大（{0} 个字符），不是本应用写入的记录", raw_len)));
    }
    match doc.get("_rev").and_then(Value::as_str) {
        Some(rev) if rev.starts_with("1-") => {}
        Some(rev) => return Err(refuse(crate::tf!("记录在服务器上被改动过（修订号 {0}），未采用", shown_id(rev)))),
        None => return Err(refuse(t("不是本应用的共享文档").into())),
    }
    if doc.get("_conflicts").and_then(Value::as_array).is_some_and(|c| !c.is_empty()) {
        return Err(refuse(t("服务器上这条记录有不止一个版本（可能被人绕过规则写入），未采用").into()));
    }
    if doc.get("type").and_then(Value::as_str) != Some(TYPE) || doc.get("_deleted").and_then(Value::as_bool) == Some(true) {
        return Err(refuse(t("不是本应用的共享文档").into()));
    }
    match doc.get("v").and_then(Value::as_u64) {
        Some(v) if v <= VERSION => {}
        Some(v) => return Err(refuse(crate::tf!("记录由较新版本写入（版本 {0}），请先升级应急处置台", v))),
        None => return Err(refuse(t("不是本应用的共享文档").into())),
    }
    let body = doc.get("body").cloned().unwrap_or(Value::Null);
    let digest = doc.get("digest").and_then(Value::as_str).unwrap_or_default();
    let (expected_id, actual, shared) = if let Some(plan) = body.get("plan") {
        let plan: Plan = serde_json::from_value(plan.clone()).map_err(|e| refuse(crate::tf!("预案版本无法读取（可能由较新版本写入）：{0}", e)))?;
        let actual = digest_of(&plan);
        (format!("doc:plan:{}", plan.key()), actual, Shared::Plan(plan))
    } else if let Some(contacts) = body.get("contacts") {
        let contacts: Vec<Contact> = serde_json::from_value(contacts.clone()).map_err(|e| refuse(crate::tf!("通讯录无法读取：{0}", e)))?;
        let actual = digest_of(&contacts);
        (format!("doc:contacts:{}", &actual[..32]), actual, Shared::Contacts(contacts))
    } else {
        return Err(refuse(t("不是本应用的共享文档").into()));
    };
    if id != expected_id {
        return Err(refuse(t("文档编号与其中的内容不符，未采用").into()));
    }
    if digest != actual {
        return Err(refuse(t("记录内容与其校验值不符，可能在服务器上被改动，未采用").into()));
    }
    Ok(Some(shared))
}

#[cfg(test)]
#[path = "shared_doc_tests.rs"]
mod tests;
