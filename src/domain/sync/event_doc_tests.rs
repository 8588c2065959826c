//! An event document written and read back; every way a pulled one is refused.

use super::*;
use crate::domain::events::event::Author;
use crate::domain::events::facts::Period;
use crate::domain::events::fixtures::{facts, t};

fn note(id: &str, at: &str, text: &str) -> Event {
    Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "李四".into(), role: "值班".into() }, kind: EventKind::Note { text: text.into(), major: false } }
}

/// As the server hands a document back: with its first revision.
fn read(doc: &Value) -> Result<Option<EventDoc>, Refusal> {
    let mut served = doc.clone();
    if served.get("_rev").is_none() && served["_id"].as_str().is_some_and(|i| i.starts_with("ev:")) {
        served["_rev"] = "1-abc".into();
    }
    read_doc(&served, served.to_string().len())
}

#[test]
fn an_event_document_reads_back_as_the_event_it_was_made_of() {
    let e = note("n1", "2026-11-23T09:02:00", "已电话通知郑商所 \"引号\" <b>");
    let doc = to_doc("inc-1", &e);
    assert_eq!(doc["_id"], "ev:inc-1:n1");
    assert_eq!(read(&doc), Ok(Some(EventDoc { incident_id: "inc-1".into(), event: e.clone() })));
    // Without a revision it is not the server's.
    assert!(read_doc(&doc, 0).is_err());
    let opening = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00:00"), plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
    let opened = Event { kind: opening, ..note("e0", "2026-11-23T09:00:00", "") };
    assert_eq!(read(&to_doc("inc-1", &opened)).unwrap().unwrap().event, opened);
}

#[test]
fn a_document_of_another_kind_is_left_alone() {
    assert_eq!(read(&serde_json::json!({ "_id": "_design/incident-desk" })), Ok(None));
    assert_eq!(read(&serde_json::json!({ "_id": "doc:plans", "type": "incident-desk/document" })), Ok(None));
}

#[test]
fn a_document_changed_on_the_server_is_refused_and_named() {
    let doc = to_doc("inc-1", &note("n1", "2026-11-23T09:02:00", "原文"));
    let refused = |d: &Value| read(d).unwrap_err();
    // A later revision: it was written again.
    let mut later = doc.clone();
    later["_rev"] = "2-def".into();
    assert!(refused(&later).reason.contains("修订号"), "{:?}", refused(&later));
    assert_eq!(refused(&later).doc_id, "ev:inc-1:n1");
    // The text changed, the digest left as it was.
    let mut altered = doc.clone();
    altered["event"]["kind"]["text"] = "改过的文字".into();
    assert!(refused(&altered).reason.contains("校验值"));
    // Deleted on the server.
    let mut gone = doc.clone();
    gone["_deleted"] = true.into();
    assert!(refused(&gone).reason.contains("删除"));
}

#[test]
fn a_document_of_the_wrong_shape_is_refused() {
    let doc = to_doc("inc-1", &note("n1", "2026-11-23T09:02:00", "原文"));
    let refused = |d: &Value| read(d).unwrap_err().reason;
    let with = |f: &dyn Fn(&mut Value)| {
        let mut d = doc.clone();
        f(&mut d);
        d
    };
    assert!(refused(&with(&|d| d["type"] = "other".into())).contains("不是本应用"));
    assert!(refused(&with(&|d| d["v"] = 2.into())).contains("较新版本"));
    assert!(refused(&with(&|d| { d.as_object_mut().unwrap().remove("v"); })).contains("不是本应用"));
    assert!(refused(&with(&|d| d["incident"] = "inc 1".into())).contains("格式"));
    assert!(refused(&with(&|d| d["event"] = serde_json::json!({ "id": "n1" }))).contains("无法读取"));
    assert!(refused(&with(&|d| { d.as_object_mut().unwrap().remove("event"); })).contains("没有事件"));
    // The id names another incident or entry than the one inside.
    assert!(refused(&with(&|d| d["_id"] = "ev:inc-2:n1".into())).contains("不符"));
    // An entry id out of form inside a valid-looking document.
    let odd = note("n 1", "2026-11-23T09:02:00", "x");
    let mut d = to_doc("inc-1", &odd);
    d["_id"] = "ev:inc-1:n 1".into();
    assert!(refused(&d).contains("格式"));
    // Too large to be one of ours.
    let mut served = doc.clone();
    served["_rev"] = "1-abc".into();
    assert!(read_doc(&served, MAX_DOC_CHARS + 1).unwrap_err().reason.contains("过大"));
}
