//! A full backup of this workstation: every incident with its chain, and the
//! contacts directory. Restoring never replaces newer data: incidents merge by
//! event id, contacts merge by unit and name, and a preview comes first.
//!
//! A restore is whole or nothing: `plan_restore` works out every write and every
//! clash before anything changes (the preview shows them), `apply` then writes all
//! of it through a `Target` or, when a write fails, puts back what it wrote.

use crate::domain::business::{contacts_merge::{plan_merge, MergePlan}, contacts::Directory};
use crate::domain::base::i18n::t;
use crate::domain::incidents::incident::Incident;
use crate::domain::incidents::integrity::{chain, verify, Integrity};
use crate::domain::base::file_kind::{wrong_format, FileKind};
use crate::domain::files::packet::{check_ids, preview, unreadable, Preview, MAX_CHARS};
use crate::domain::plans::plan::Plan;
use crate::domain::plans::plan_library::PlanLibrary;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = crate::domain::base::file_kind::BACKUP;
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
    pub plans: Vec<crate::domain::plans::plan::Plan>,
}

pub fn export(incidents: &[Incident], directory: &Directory, plans: &[crate::domain::plans::plan::Plan], now: DateTime<Utc>) -> String {
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

/// A checked backup, or a message naming the problem (and the incident). Archive
/// files are backups of the closed incidents, so they are read (and checked) here too.
pub fn read(text: &str) -> Result<Backup, String> {
    if text.len() > MAX_CHARS {
        return Err(crate::tf!("文件过大（{0} MB），备份上限为 20 MB", format!("{:.1}", text.len() as f64 / 1e6)));
    }
    let text = text.trim_start_matches('\u{feff}');
    let b: Backup = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            t("文件结构嵌套过深，不是有效的备份文件").to_string()
        } else {
            crate::tf!("不是有效的备份文件：{0}", unreadable(FileKind::Backup, text, &e))
        }
    })?;
    if b.format != FORMAT {
        return Err(wrong_format(FileKind::Backup, &b.format));
    }
    if b.version > VERSION {
        return Err(crate::tf!("备份由较新版本生成（版本 {0}），请先升级应急处置台", b.version));
    }
    for s in &b.incidents {
        check_ids(&s.incident).map_err(|e| crate::tf!("备份中事件“{0}”：{1}，未恢复任何数据", s.incident.state().facts.title, e))?;
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = b.incidents.iter().find(|s| !seen.insert(s.incident.id())) {
        return Err(crate::tf!("备份中事件编号 {0} 出现了两次，文件可能被改动，未恢复任何数据", twice.incident.id()));
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

/// The contacts step of a restore: the directory as it will be, and what changes.
/// The restore calls nothing else about contacts, so the merge rule can change here alone.
/// Field by field (`contacts::plan_merge`): a blank in the file never erases a number here.
pub fn merge_contacts(ours: &Directory, theirs: &Directory) -> MergePlan {
    plan_merge(ours, &theirs.contacts)
}

/// One incident of a restore or packet import.
#[derive(Clone, Debug)]
pub struct IncidentStep {
    /// Title, new or merged, events added, facts that differ.
    pub preview: Preview,
    /// Entries held here under the same id with other content: recorded as conflicts.
    pub conflicts: usize,
    /// The log as it will be written (ours merged with theirs).
    pub merged: Incident,
}

impl IncidentStep {
    fn changes(&self) -> bool {
        self.preview.new_incident || self.preview.added > 0 || self.conflicts > 0
    }

    fn describe(&self) -> String {
        let p = &self.preview;
        let what = if p.new_incident {
            crate::tf!("新增，{0} 条记录", p.added)
        } else if p.added > 0 {
            crate::tf!("合并 {0} 条新记录", p.added)
        } else {
            t("本机已有，无新记录").to_string()
        };
        let mut s = crate::tf!("事件“{0}”（{1}）", p.title, what);
        if self.conflicts > 0 {
            s.push_str(&crate::tf!("，其中 {0} 条记录与本机同号而内容不同，记为冲突、双方均保留", self.conflicts));
        }
        s
    }
}

/// Everything a restore (or a packet import) would write, worked out before anything
/// is written: a restore either writes all of it or changes nothing.
#[derive(Clone, Debug)]
pub struct RestorePlan {
    pub incidents: Vec<IncidentStep>,
    /// The plan versions the file carries (key, new here).
    pub plans: Vec<(String, bool)>,
    /// The plan versions stored here afterwards, when one is new.
    pub plans_after: Option<Vec<Plan>>,
    /// The directory afterwards, when it changes; with the counts, for the preview.
    pub directory: Option<Directory>,
    pub contacts: Option<MergePlan>,
    /// What stops the restore (a plan version clashing with ours, a locked record):
    /// with any, nothing is written.
    pub blockers: Vec<String>,
}

/// One write of a restore, in order: plan versions first (the incidents name them),
/// then each incident, then the directory.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    Plans(Vec<Plan>),
    Incident(Incident),
    Directory(Directory),
}

impl Write {
    /// The thing written, for messages.
    pub fn label(&self) -> String {
        match self {
            Write::Plans(_) => t("预案版本").into(),
            Write::Incident(i) => crate::tf!("事件“{0}”", i.state().facts.title),
            Write::Directory(_) => t("通讯录").into(),
        }
    }
}

/// What a restore would do here. `ours` is this workstation's incidents, `library`
/// its plan versions; nothing is changed.
pub fn plan_restore(ours: &[Incident], ours_directory: &Directory, library: &PlanLibrary, backup: &Backup) -> RestorePlan {
    let incoming: Vec<&Incident> = backup.incidents.iter().map(|s| &s.incident).collect();
    let mut plan = plan_incidents(ours, library, &incoming, &backup.plans);
    let contacts = merge_contacts(ours_directory, &backup.directory);
    plan.directory = (!contacts.is_empty()).then(|| contacts.after().clone());
    plan.contacts = Some(contacts);
    plan
}

/// What importing one packet would do: its incident and its plan version, no contacts.
pub fn plan_packet(ours: &[Incident], library: &PlanLibrary, incident: &Incident, plan: Option<&Plan>) -> RestorePlan {
    plan_incidents(ours, library, &[incident], &plan.into_iter().cloned().collect::<Vec<_>>())
}

fn plan_incidents(ours: &[Incident], library: &PlanLibrary, incoming: &[&Incident], plans: &[Plan]) -> RestorePlan {
    let mut blockers = Vec::new();
    let mut lib = library.clone();
    let mut kept = Vec::new();
    let mut any_new = false;
    for p in plans {
        match lib.keep(p.clone()) {
            Ok(new) => {
                any_new |= new;
                kept.push((p.key(), new));
            }
            Err(_) if library.get(&p.id, &p.version).is_some() => blockers.push(crate::tf!(
                "预案版本 {0} 与本机的同号版本内容不同：按两套规则计算的事件不能混在一起，所以整份文件都不恢复。请核对两边的该版本，由导出方改用新的版本号后重新导出",
                p.key()
            )),
            Err(e) => blockers.push(crate::tf!("预案版本 {0} 未通过检查：{1}", p.key(), e)),
        }
    }
    let incidents = incoming
        .iter()
        .map(|theirs| {
            let here = ours.iter().find(|i| i.id() == theirs.id());
            let preview = preview(here, theirs);
            let (merged, conflicts) = match here {
                Some(here) => {
                    let mut merged = here.clone();
                    let m = merged.merge_all(theirs);
                    (merged, m.conflicts)
                }
                None => ((*theirs).clone(), 0),
            };
            IncidentStep { preview, conflicts, merged }
        })
        .collect();
    RestorePlan { incidents, plans: kept, plans_after: any_new.then(|| lib.stored()), directory: None, contacts: None, blockers }
}

impl RestorePlan {
    /// The writes, in order; empty when nothing would change.
    pub fn writes(&self) -> Vec<Write> {
        let mut out = Vec::new();
        if let Some(p) = &self.plans_after {
            out.push(Write::Plans(p.clone()));
        }
        out.extend(self.incidents.iter().filter(|s| s.changes()).map(|s| Write::Incident(s.merged.clone())));
        if let Some(d) = &self.directory {
            out.push(Write::Directory(d.clone()));
        }
        out
    }

    /// Every item the file carries and what becomes of it, one phrase each.
    pub fn items(&self) -> Vec<String> {
        let mut out: Vec<String> = self.incidents.iter().map(IncidentStep::describe).collect();
        out.extend(self.plans.iter().map(|(key, new)| {
            if *new { crate::tf!("预案版本 {0}（新增）", key) } else { crate::tf!("预案版本 {0}（本机已有）", key) }
        }));
        match &self.contacts {
            Some(c) if c.is_empty() => out.push(t("通讯录（无变化）").to_string()),
            Some(c) => {
                let n = c.summary();
                out.push(crate::tf!("通讯录（新增 {0} 人，更新 {1} 人）", n.added, n.updated));
            }
            None => {}
        }
        out
    }

    /// The final message, saying whether all of it or none of it was applied, and naming every item.
    pub fn outcome(&self, applied: &Applied) -> (bool, String) {
        let items = self.items().join(t("；"));
        match applied {
            Applied::Blocked => (false, crate::tf!("未恢复：{0}。本机数据未做任何改动。文件包含：{1}。", self.blockers.join(t("；")), items)),
            Applied::All if self.writes().is_empty() => (true, crate::tf!("文件中的内容本机均已有，未做任何改动：{0}。", items)),
            Applied::All => (true, crate::tf!("已全部恢复（与本机数据合并）：{0}。", items)),
            Applied::Nothing { failed, error } => (
                false,
                crate::tf!("未恢复：写入{0}时失败（{1}）。已写入的部分均已撤回，本机数据与恢复前相同。文件包含：{2}。", failed, error, items),
            ),
            Applied::Partly { failed, error, undo_errors } => (
                false,
                crate::tf!(
                    "恢复未完成：写入{0}时失败（{1}），撤回已写入的部分时也出错（{2}），本机数据可能只恢复了一部分，请刷新页面查看后再从备份恢复。文件包含：{3}。",
                    failed,
                    error,
                    undo_errors.join(t("；")),
                    items
                ),
            ),
        }
    }
}

/// Where a restore writes: storage, or a stand-in in tests. `previous` reads what is
/// stored now where a write goes, so a failed restore can put it back.
pub trait Target {
    type Previous;
    fn previous(&self, write: &Write) -> Self::Previous;
    fn write(&mut self, write: &Write) -> Result<(), String>;
    fn put_back(&mut self, previous: Self::Previous) -> Result<(), String>;
}

/// How a restore ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// A blocker was found before writing: nothing was written.
    Blocked,
    /// Every write went through.
    All,
    /// A write failed; everything written before it was put back.
    Nothing { failed: String, error: String },
    /// A write failed and putting back what was written failed too.
    Partly { failed: String, error: String, undo_errors: Vec<String> },
}

/// Writes all of `plan`, or nothing: on the first failure, whatever this restore
/// wrote is put back as it was (the failed write's own place too), last first.
pub fn apply<T: Target>(plan: &RestorePlan, target: &mut T) -> Applied {
    if !plan.blockers.is_empty() {
        return Applied::Blocked;
    }
    let mut done = Vec::new();
    for w in plan.writes() {
        let before = target.previous(&w);
        if let Err(error) = target.write(&w) {
            done.push(before);
            let undo_errors: Vec<String> = done.into_iter().rev().filter_map(|p| target.put_back(p).err()).collect();
            let failed = w.label();
            return if undo_errors.is_empty() { Applied::Nothing { failed, error } } else { Applied::Partly { failed, error, undo_errors } };
        }
        done.push(before);
    }
    Applied::All
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod tests;
