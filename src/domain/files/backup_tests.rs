//! Backups: export, read, and the restore plan merged with what is here, all or nothing.

use super::*;
use crate::domain::events::event::{Author, Event, EventKind};
use crate::domain::events::facts::Period;
use crate::domain::events::fixtures::{facts, t};
use crate::domain::plans::plan::Plan;

fn inc(id: &str) -> Incident {
    let e = Event { id: format!("{id}-0"), occurred_at: t("2026-11-23T09:00"), recorded_at: t("2026-11-23T09:00"), author: Author::system(),
        kind: EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00"), plan_id: "p".into(), plan_version: "1".into(), drill: None } };
    Incident::open(id.into(), e).unwrap()
}

#[test]
fn a_backup_round_trips_and_restoring_merges_instead_of_replacing() {
    let mut newer = inc("a");
    let text = export(&[newer.clone(), inc("b")], &Directory::default(), &[], t("2026-11-23T10:00"));
    let b = read(&text).unwrap();
    // Since the backup, this workstation recorded more on incident a.
    newer.append(Event { id: "a-1".into(), occurred_at: t("2026-11-23T10:30"), recorded_at: t("2026-11-23T10:30"), author: Author::system(), kind: EventKind::Note { text: "新记录".into(), major: false } }).unwrap();
    let plan = plan_restore(&[newer.clone()], &Directory::default(), &library(), &b);
    let previews: Vec<&Preview> = plan.incidents.iter().map(|s| &s.preview).collect();
    assert_eq!((previews[0].new_incident, previews[0].added), (false, 0), "nothing of ours is replaced");
    assert_eq!((previews[1].new_incident, previews[1].added), (true, 1));
    assert_eq!(plan.writes(), vec![Write::Incident(inc("b"))], "only what changes is written");
}

#[test]
fn restoring_contacts_merges_field_by_field_and_an_identical_restore_changes_nothing() {
    use crate::domain::business::contacts::{Contact, UnitKind};
    let duty = Contact { kind: UnitKind::Exchange, unit: "上海期货交易所".into(), role: String::new(), name: "值班室".into(),
        office_phone: String::new(), mobile: "13800138000".into(), fax: String::new(), email: String::new() };
    let ours = Directory { contacts: vec![duty.clone()], ..Directory::default() };
    let same = read(&export(&[], &ours, &[], t("2026-11-23T10:00"))).unwrap();
    let lib = PlanLibrary::new(vec![], Default::default()).0;
    let contacts = plan_restore(&[], &ours, &lib, &same).contacts.unwrap();
    assert!(contacts.is_empty(), "an identical restore is no change: {contacts:?}");
    let theirs = Directory { contacts: vec![Contact { mobile: String::new(), email: "duty@shfe.example.com".into(), ..duty }], ..Directory::default() };
    let b = read(&export(&[], &theirs, &[], t("2026-11-23T10:00"))).unwrap();
    let contacts = plan_restore(&[], &ours, &lib, &b).contacts.unwrap();
    assert_eq!(contacts.after().contacts[0].mobile, "13800138000", "a blank never erases");
    assert_eq!(contacts.after().contacts[0].email, "duty@shfe.example.com");
}

#[test]
fn a_backup_carries_the_local_plan_versions() {
    let mut p = crate::domain::plans::plan::Plan::bank_depository();
    p.version = "1+local.1".into();
    p.institution = "甲银行".into();
    let b = read(&export(&[inc("a")], &Directory::default(), &[p.clone()], t("2026-11-23T10:00"))).unwrap();
    assert_eq!(b.plans, vec![p]);
}

#[test]
fn a_damaged_backup_restores_nothing() {
    let text = export(&[inc("a")], &Directory::default(), &[], t("2026-11-23T10:00"));
    assert!(read(&text.replace("出入金系统中断", "改")).unwrap_err().contains("校验失败"));
    assert!(read("[]").unwrap_err().starts_with("不是有效的备份文件"));
}

fn library() -> PlanLibrary {
    PlanLibrary::new(vec![], Default::default()).0
}

fn local_plan(institution: &str) -> Plan {
    let mut p = Plan::bank_depository();
    p.version = "1+local.1".into();
    p.institution = institution.into();
    p
}

fn titled(id: &str, title: &str) -> Incident {
    let mut f = facts(Period::Daytime, "2026-11-23T09:00");
    f.title = title.into();
    let e = Event { id: format!("{id}-0"), occurred_at: t("2026-11-23T09:00"), recorded_at: t("2026-11-23T09:00"), author: Author::system(),
        kind: EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1+local.1".into(), drill: None } };
    Incident::open(id.into(), e).unwrap()
}

fn contact(name: &str) -> crate::domain::business::contacts::Contact {
    use crate::domain::business::contacts::{Contact, UnitKind};
    Contact { kind: UnitKind::Exchange, unit: "上海期货交易所".into(), role: String::new(), name: name.into(), office_phone: "021-68881234".into(), mobile: String::new(), fax: String::new(), email: String::new() }
}

/// Storage as a map with a size limit, like localStorage.
struct Fake {
    stored: std::collections::BTreeMap<String, String>,
    room: usize,
}

fn key(w: &Write) -> (String, String) {
    match w {
        Write::Plans(p) => ("plans".into(), serde_json::to_string(p).unwrap()),
        Write::Incident(i) => (format!("incident:{}", i.id()), serde_json::to_string(i).unwrap()),
        Write::Directory(d) => ("directory".into(), serde_json::to_string(d).unwrap()),
    }
}

impl Target for Fake {
    type Previous = (String, Option<String>);
    fn previous(&self, w: &Write) -> Self::Previous {
        let k = key(w).0;
        let v = self.stored.get(&k).cloned();
        (k, v)
    }
    fn write(&mut self, w: &Write) -> Result<(), String> {
        let (k, v) = key(w);
        let used: usize = self.stored.iter().filter(|(x, _)| **x != k).map(|(_, v)| v.len()).sum();
        if used + v.len() > self.room {
            return Err("存储空间已满".into());
        }
        self.stored.insert(k, v);
        Ok(())
    }
    fn put_back(&mut self, (k, v): Self::Previous) -> Result<(), String> {
        match v {
            Some(v) => self.stored.insert(k, v),
            None => self.stored.remove(&k),
        };
        Ok(())
    }
}

#[test]
fn the_preview_finds_a_clashing_plan_version_and_nothing_is_written() {
    let mut lib = library();
    lib.add(local_plan("甲银行")).unwrap();
    let mut d = Directory::default();
    d.merge(vec![contact("值班室")]);
    let b = read(&export(&[titled("n1", "新事件")], &d, &[local_plan("乙银行")], t("2026-11-23T10:00"))).unwrap();
    let plan = plan_restore(&[], &Directory::default(), &lib, &b);
    assert_eq!(plan.blockers.len(), 1, "the clash is known before confirming");
    assert!(plan.blockers[0].starts_with("预案版本 bank-depository@1+local.1 与本机的同号版本内容不同"), "{:?}", plan.blockers);
    assert_eq!(plan.writes().len(), 2, "the incident and the contacts would be written");
    let mut store = Fake { stored: Default::default(), room: usize::MAX };
    assert_eq!(apply(&plan, &mut store), Applied::Blocked);
    assert!(store.stored.is_empty(), "neither the incident nor the contacts were written");
    let (ok, message) = plan.outcome(&Applied::Blocked);
    assert!(!ok);
    assert!(message.starts_with("未恢复") && message.contains("本机数据未做任何改动"));
    assert!(message.contains("事件“新事件”（新增，1 条记录）") && message.contains("通讯录（新增 1 人，更新 0 人）"), "{message}");
}

#[test]
fn a_restore_that_runs_out_of_room_midway_puts_back_what_it_wrote() {
    let b = read(&export(&[titled("n1", "第一件"), titled("n2", "第二件")], &Directory::default(), &[local_plan("甲银行")], t("2026-11-23T10:00"))).unwrap();
    let plan = plan_restore(&[], &Directory::default(), &library(), &b);
    assert!(plan.blockers.is_empty());
    let writes = plan.writes();
    assert_eq!(writes.len(), 3, "plan versions, then both incidents");
    // Room for the plans and one incident, with something of ours already stored.
    let room = key(&writes[0]).1.len() + key(&writes[1]).1.len() + 10;
    let ours: std::collections::BTreeMap<String, String> = [("incident:mine".to_string(), "0123456789".to_string())].into();
    let mut store = Fake { stored: ours.clone(), room };
    let applied = apply(&plan, &mut store);
    assert_eq!(applied, Applied::Nothing { failed: "事件“第二件”".into(), error: "存储空间已满".into() });
    assert_eq!(store.stored, ours, "what this restore wrote was put back");
    let (ok, message) = plan.outcome(&applied);
    assert!(!ok && message.contains("写入事件“第二件”时失败（存储空间已满）") && message.contains("本机数据与恢复前相同"), "{message}");
    assert!(message.contains("事件“第一件”") && message.contains("预案版本 bank-depository@1+local.1（新增）"), "every item is named: {message}");

    let mut roomy = Fake { stored: ours.clone(), room: usize::MAX };
    assert_eq!(apply(&plan, &mut roomy), Applied::All);
    assert_eq!(roomy.stored.len(), 4);
    let (ok, message) = plan.outcome(&Applied::All);
    assert!(ok && message.starts_with("已全部恢复") && message.contains("事件“第一件”（新增，1 条记录）；事件“第二件”（新增，1 条记录）"), "{message}");
}

#[test]
fn an_identical_restore_writes_nothing_and_says_so() {
    let mine = titled("n1", "已有事件");
    let mut lib = library();
    lib.add(local_plan("甲银行")).unwrap();
    let b = read(&export(&[mine.clone()], &Directory::default(), &[local_plan("甲银行")], t("2026-11-23T10:00"))).unwrap();
    let plan = plan_restore(&[mine], &Directory::default(), &lib, &b);
    assert!(plan.writes().is_empty());
    let (ok, message) = plan.outcome(&Applied::All);
    assert!(ok && message.contains("未做任何改动") && message.contains("本机已有，无新记录") && message.contains("（本机已有）"), "{message}");
}

#[test]
fn a_restore_records_a_conflicting_copy_instead_of_dropping_it() {
    let mut ours = inc("a");
    ours.append(Event { id: "a-1".into(), occurred_at: t("2026-11-23T09:10"), recorded_at: t("2026-11-23T09:10"), author: Author::system(), kind: EventKind::Note { text: "本机".into(), major: false } }).unwrap();
    let mut theirs = inc("a");
    theirs.append(Event { id: "a-1".into(), occurred_at: t("2026-11-23T09:10"), recorded_at: t("2026-11-23T09:10"), author: Author::system(), kind: EventKind::Note { text: "别处".into(), major: false } }).unwrap();
    let b = read(&export(&[theirs], &Directory::default(), &[], t("2026-11-23T10:00"))).unwrap();
    let plan = plan_restore(&[ours], &Directory::default(), &library(), &b);
    assert_eq!((plan.incidents[0].preview.added, plan.incidents[0].conflicts), (0, 1));
    assert_eq!(plan.writes().len(), 1, "the conflict is written");
    assert!(plan.items()[0].contains("记为冲突"));
}

#[test]
fn bad_ids_and_repeated_incidents_are_refused_at_the_door() {
    let text = export(&[inc("a")], &Directory::default(), &[], t("2026-11-23T10:00"));
    let bad = text.replace("\"id\":\"a\"", "\"id\":\"abc/transfers\"");
    let e = read(&bad).unwrap_err();
    assert!(e.contains("事件编号“abc/transfers”不符合本应用的格式") && e.contains("未恢复任何数据"), "{e}");
    let twice = export(&[inc("a"), inc("a")], &Directory::default(), &[], t("2026-11-23T10:00"));
    assert!(read(&twice).unwrap_err().contains("出现了两次"));
}
