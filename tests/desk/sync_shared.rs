//! Plan versions and contacts pulled from the sync server taken in by the desk: a new
//! plan version kept and stored but not made current, a clashing one refused and
//! quarantined; contacts filling in what is missing, never replacing a number.

use crate::support::World;
use incident_desk::domain::business::contacts::{Contact, Directory, UnitKind};
use incident_desk::domain::sync::shared_doc::Shared;
use incident_desk::domain::Plan;

fn person(name: &str, office: &str, mobile: &str) -> Contact {
    Contact { kind: UnitKind::Exchange, unit: "上海期货交易所".into(), role: String::new(), name: name.into(), office_phone: office.into(), mobile: mobile.into(), fax: String::new(), email: String::new() }
}

#[test]
fn a_plan_version_made_elsewhere_is_kept_and_stored_but_not_made_current() {
    let mut w = World::at("2026-11-23T09:00");
    let mut theirs = Plan::builtin().remove(0);
    theirs.version = "2026-12-总行修订".into();
    theirs.institution = "甲银行".into();
    let current = w.desk.plans.current(&theirs.id).map(|p| p.version.clone());
    w.run(|d, c| d.take_shared(c, vec![Shared::Plan(theirs.clone())]));
    assert_eq!(w.desk.plans.get(&theirs.id, &theirs.version), Some(&theirs));
    assert_eq!(w.desk.plans.current(&theirs.id).map(|p| p.version.clone()), current, "the duty officer chooses the current version");
    assert!(w.store.load_plans().unwrap().unwrap().contains(&theirs));
    assert!(w.desk.sync_refused.is_empty(), "{:?}", w.desk.sync_refused);
}

#[test]
fn a_plan_version_that_clashes_with_ours_is_refused_and_quarantined() {
    let mut w = World::at("2026-11-23T09:00");
    let mut clash = Plan::builtin().remove(0);
    clash.title = "同号不同内容".into();
    let before = w.desk.plans.get(&clash.id, &clash.version).cloned();
    w.run(|d, c| d.take_shared(c, vec![Shared::Plan(clash.clone())]));
    assert_eq!(w.desk.plans.get(&clash.id, &clash.version).cloned(), before);
    assert!(w.desk.sync_refused.iter().any(|l| l.contains(&clash.key()) && l.contains("同号")), "{:?}", w.desk.sync_refused);
    assert!(w.store.quarantined().iter().any(|(k, v)| k.ends_with(&format!("sync:doc:plan:{}", clash.key())) && v.contains("同号不同内容")));
}

#[test]
fn contacts_shared_elsewhere_fill_in_and_never_replace_a_number() {
    let mut w = World::at("2026-11-23T09:00");
    let ours = Directory { contacts: vec![person("张三", "021-68881111", "")], ..Directory::default() };
    w.run(|d, c| d.save_directory(c, ours)).unwrap();
    let theirs = vec![person("张三", "021-68889999", "13900000000"), person("王五", "021-68883333", "")];
    w.run(|d, c| d.take_shared(c, vec![Shared::Contacts(theirs.clone())]));
    let want = vec![person("张三", "021-68881111", "13900000000"), person("王五", "021-68883333", "")];
    assert_eq!(w.desk.directory.contacts, want);
    assert_eq!(w.store.load_directory().unwrap().unwrap().contacts, want, "stored");
    assert!(w.desk.sync_refused.iter().any(|l| l.contains("021-68881111") && l.contains("021-68889999")), "{:?}", w.desk.sync_refused);
    // The same again: nothing more, said once
    w.run(|d, c| d.take_shared(c, vec![Shared::Contacts(theirs)]));
    assert_eq!(w.desk.sync_refused.len(), 1);
}
