//! A full backup of this workstation: every incident with its chain, and the
//! contacts directory. Restoring never replaces newer data: incidents merge by
//! event id, contacts merge by unit and name, and a preview comes first.

use super::contacts::{plan_merge, Directory, MergePlan};
use super::incident::Incident;
use super::integrity::{chain, verify, Integrity};
use super::packet::{preview, Preview, MAX_CHARS};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "incident-desk-backup";
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedIncident {
    pub incident: Incident,
    pub chain: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub incidents: Vec<SealedIncident>,
    pub directory: Directory,
    /// Plan versions customised or imported on the workstation (incidents name them).
    #[serde(default)]
    pub plans: Vec<super::plan::Plan>,
}

pub fn export(incidents: &[Incident], directory: &Directory, plans: &[super::plan::Plan], now: DateTime<Utc>) -> String {
    let b = Backup {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: now,
        incidents: incidents.iter().map(|i| SealedIncident { incident: i.clone(), chain: chain(i) }).collect(),
        directory: directory.clone(),
        plans: plans.to_vec(),
    };
    serde_json::to_string(&b).expect("a backup always serialises")
}

/// A checked backup, or a message naming the problem (and the incident).
pub fn read(text: &str) -> Result<Backup, String> {
    if text.len() > MAX_CHARS {
        return Err(crate::tf!("文件过大（{0} MB），备份上限为 20 MB", format!("{:.1}", text.len() as f64 / 1e6)));
    }
    let b: Backup = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| crate::tf!("不是有效的备份文件：{0}", e))?;
    if b.format != FORMAT {
        return Err(crate::tf!("文件类型不符：应为 {0}", FORMAT));
    }
    if b.version > VERSION {
        return Err(crate::tf!("备份由较新版本生成（版本 {0}），请先升级应急处置台", b.version));
    }
    for s in &b.incidents {
        match verify(&s.incident, &s.chain) {
            Integrity::Intact if s.chain.len() == s.incident.events().len() => {}
            Integrity::BrokenAt { position, .. } => {
                return Err(crate::tf!("备份中事件“{0}”第 {1} 条记录校验失败，未恢复任何数据", s.incident.state().facts.title, position + 1));
            }
            _ => return Err(crate::tf!("备份中事件“{0}”缺少完整的校验值，未恢复任何数据", s.incident.state().facts.title)),
        }
    }
    Ok(b)
}

/// What restoring would do, incident by incident, and to the directory.
pub fn plan_restore(ours: &[Incident], ours_directory: &Directory, backup: &Backup) -> (Vec<Preview>, MergePlan) {
    let previews = backup
        .incidents
        .iter()
        .map(|s| preview(ours.iter().find(|i| i.id() == s.incident.id()), &s.incident))
        .collect();
    (previews, plan_merge(ours_directory, &backup.directory.contacts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{Author, Event, EventKind};
    use crate::domain::facts::Period;
    use crate::domain::fixtures::{facts, t};

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
        let (previews, _) = plan_restore(&[newer.clone()], &Directory::default(), &b);
        assert_eq!((previews[0].new_incident, previews[0].added), (false, 0), "nothing of ours is replaced");
        assert_eq!((previews[1].new_incident, previews[1].added), (true, 1));
    }

    #[test]
    fn restoring_contacts_merges_field_by_field_and_an_identical_restore_changes_nothing() {
        use crate::domain::contacts::{Contact, UnitKind};
        let duty = Contact { kind: UnitKind::Exchange, unit: "上海期货交易所".into(), role: String::new(), name: "值班室".into(),
            office_phone: String::new(), mobile: "13800138000".into(), fax: String::new(), email: String::new() };
        let ours = Directory { contacts: vec![duty.clone()], ..Directory::default() };
        let same = read(&export(&[], &ours, &[], t("2026-11-23T10:00"))).unwrap();
        let (_, contacts) = plan_restore(&[], &ours, &same);
        assert!(contacts.is_empty(), "an identical restore is no change: {contacts:?}");
        let theirs = Directory { contacts: vec![Contact { mobile: String::new(), email: "duty@shfe.example.com".into(), ..duty }], ..Directory::default() };
        let b = read(&export(&[], &theirs, &[], t("2026-11-23T10:00"))).unwrap();
        let (_, contacts) = plan_restore(&[], &ours, &b);
        assert_eq!(contacts.after().contacts[0].mobile, "13800138000", "a blank never erases");
        assert_eq!(contacts.after().contacts[0].email, "duty@shfe.example.com");
    }

    #[test]
    fn a_backup_carries_the_local_plan_versions() {
        let mut p = crate::domain::plan::Plan::bank_depository();
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
}
