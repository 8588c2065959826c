use super::*;
use crate::domain::business::contacts::UnitKind;

fn plan() -> Plan {
    let mut p = Plan::builtin().remove(0);
    p.version = "2026-12-甲分行".into();
    p.institution = "甲银行".into();
    p
}

fn contact(name: &str, phone: &str) -> Contact {
    Contact { kind: UnitKind::Exchange, unit: "上海期货交易所".into(), role: String::new(), name: name.into(), office_phone: phone.into(), mobile: String::new(), fax: String::new(), email: String::new() }
}

/// A document as the server hands it back: with its first revision.
fn served(mut doc: Value) -> Value {
    doc["_rev"] = json!("1-abc");
    doc
}

fn read(doc: &Value) -> Result<Option<Shared>, Refusal> {
    read_shared(doc, doc.to_string().len())
}

#[test]
fn a_plan_version_and_the_contacts_come_back_as_they_went() {
    let (id, doc) = plan_doc(&plan());
    assert_eq!(id, format!("doc:plan:{}", plan().key()));
    assert_eq!(read(&served(doc)), Ok(Some(Shared::Plan(plan()))));
    let contacts = vec![contact("张三", "021-1"), contact("李四", "021-2")];
    let (id, doc) = contacts_doc(&contacts).unwrap();
    assert!(id.starts_with("doc:contacts:") && id.len() == "doc:contacts:".len() + 32);
    assert_eq!(read(&served(doc)), Ok(Some(Shared::Contacts(contacts.clone()))));
    // Another state of the directory is another document; none for an empty one
    assert_ne!(contacts_doc(&contacts[..1]).unwrap().0, id);
    assert!(contacts_doc(&[]).is_none());
    // Events and design documents are not for this reader
    assert_eq!(read(&json!({ "_id": "ev:a:b", "_rev": "1-x" })), Ok(None));
}

#[test]
fn a_shared_document_changed_on_the_server_is_refused_and_named() {
    let (_, doc) = contacts_doc(&[contact("张三", "021-1")]).unwrap();
    // Revised
    let mut revised = served(doc.clone());
    revised["_rev"] = json!("2-def");
    assert!(read(&revised).unwrap_err().reason.contains("修订号"));
    // Its content no longer matching its digest (written as a first revision by someone else)
    let mut altered = served(doc.clone());
    altered["body"]["contacts"][0]["office_phone"] = json!("021-9999");
    let refusal = read(&altered).unwrap_err();
    assert!(refusal.reason.contains("编号与其中的内容不符") || refusal.reason.contains("校验值"), "{}", refusal.reason);
    assert!(refusal.raw.contains("021-9999"), "what came is kept for the quarantine");
    // Its digest rewritten to match, under the old id: the id no longer names it
    let mut renamed = altered.clone();
    renamed["digest"] = json!(digest_of(&vec![contact("张三", "021-9999")]));
    assert!(read(&renamed).unwrap_err().reason.contains("编号与其中的内容不符"));
    // A plan whose id names another version
    let (_, doc) = plan_doc(&plan());
    let mut other = served(doc);
    other["_id"] = json!("doc:plan:bank-depository@1");
    assert!(read(&other).unwrap_err().reason.contains("编号与其中的内容不符"));
    // Not ours, deleted, from a newer build
    for bad in [json!({ "_id": "doc:x", "_rev": "1-a", "type": "other" }), json!({ "_id": "doc:x", "_rev": "1-a", "type": TYPE, "v": 1, "_deleted": true })] {
        assert!(read(&bad).unwrap_err().reason.contains("不是本应用的共享文档"));
    }
    assert!(read(&json!({ "_id": "doc:x", "_rev": "1-a", "type": TYPE, "v": 9, "body": {} })).unwrap_err().reason.contains("较新版本"));
}
