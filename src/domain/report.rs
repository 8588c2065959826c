//! Report drafts (附件3 报告单, progress report, 第二十三条 summary report),
//! prefilled from the incident's log. Free-text sections edited by people are
//! events too; a report to a regulator is reviewed by a second person before
//! it is marked sent.

use super::i18n::{in_lang, t, Lang};
use super::calendar::Calendar;
use super::event::{Event, EventKind};
use super::facts::Answer;
use super::incident::Incident;
use super::ledger::Ledger;
use super::level::level_label;
use super::obligation::{obligations, Status};
use super::plan::Plan;
use super::time::{format_beijing, format_duration};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportKind {
    /// 突发事件报告单 (附件3).
    IncidentForm,
    /// 进展报告.
    Progress,
    /// 突发事件处理总结报告 (第二十三条).
    Summary,
    /// 应急演练总结报告 (第十条; seed 000 part 八).
    DrillSummary,
}

impl From<crate::domain::playbook::DraftKind> for ReportKind {
    fn from(kind: crate::domain::playbook::DraftKind) -> ReportKind {
        use crate::domain::playbook::DraftKind;
        match kind {
            DraftKind::IncidentForm => ReportKind::IncidentForm,
            DraftKind::Progress => ReportKind::Progress,
            DraftKind::Summary => ReportKind::Summary,
        }
    }
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [ReportKind::IncidentForm, ReportKind::Progress, ReportKind::Summary, ReportKind::DrillSummary];

    pub fn title(self) -> &'static str {
        match self {
            ReportKind::IncidentForm => "期货保证金存管业务系统突发事件报告单",
            ReportKind::Progress => "期货保证金存管业务系统突发事件进展报告",
            ReportKind::Summary => "期货保证金存管业务系统突发事件处理总结报告",
            ReportKind::DrillSummary => "应急演练总结报告",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::IncidentForm => "form",
            ReportKind::Progress => "progress",
            ReportKind::Summary => "summary",
            ReportKind::DrillSummary => "drill",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The title under a plan (each plan names its own forms).
    pub fn title_in(self, plan: &Plan) -> String {
        let t = &plan.report_titles;
        match self {
            ReportKind::IncidentForm => t.form.clone(),
            ReportKind::Progress => t.progress.clone(),
            ReportKind::Summary => t.summary.clone(),
            ReportKind::DrillSummary => t.drill_summary.clone(),
        }
    }

    /// Which drafts an incident offers: drills practise every report and add their own.
    pub fn offered(drill: bool) -> Vec<ReportKind> {
        Self::ALL.into_iter().filter(|k| drill || *k != ReportKind::DrillSummary).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub key: String,
    pub heading: String,
    pub body: String,
    /// People may rewrite it; the app's text is only a start.
    pub editable: bool,
    /// Someone has rewritten it.
    pub edited: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDraft {
    pub kind: ReportKind,
    pub title: String,
    pub institution: String,
    pub sections: Vec<Section>,
    /// How many events it was drafted from, and the last one's recording time.
    pub source_events: usize,
    pub source_until: DateTime<Utc>,
    /// The last link of the log's hash chain when drafted.
    pub source_hash: String,
    pub generated_at: DateTime<Utc>,
    pub drill: bool,
    pub status: ReportStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportStatus {
    pub last_editor: Option<String>,
    pub reviewed_by: Option<String>,
    pub sent_to: Option<String>,
}

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() { "（待填写）".into() } else { s.to_string() }
}

/// The course of events in one line each: discovery, level changes, restoration.
fn course(incident: &Incident) -> String {
    incident
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Opened { .. } | EventKind::Classified { .. } | EventKind::Reclassified { .. } | EventKind::LevelConfirmed { .. } | EventKind::ServiceRestored { .. } | EventKind::TerminationNoticeReceived { .. } | EventKind::DrillInject { .. } | EventKind::DrillEnded { .. }))
        .map(|e| format!("{} {}", format_beijing(e.occurred_at), e.kind.title()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn measures(incident: &Incident) -> String {
    let lines: Vec<String> = incident
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note { text, .. } => Some(format!("{} {}", format_beijing(e.occurred_at), text)),
            _ => None,
        })
        .collect();
    if lines.is_empty() { "（待填写）".into() } else { lines.join("\n") }
}

fn reporting(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> String {
    let lines: Vec<String> = obligations(incident, &plan.obligations, cal, now)
        .into_iter()
        .filter(|o| matches!(o.status, Status::DoneOnTime | Status::DoneLate))
        .filter_map(|o| {
            let d = o.discharge?;
            let late = match (o.status == Status::DoneLate, d.delay_reason.is_empty()) {
                (false, _) => String::new(),
                (true, true) => "超时完成，".to_string(),
                (true, false) => format!("超时完成，延误原因：{}；", d.delay_reason),
            };
            Some(format!("{} {}（{}，{}{}）", format_beijing(d.at), o.rule.title, d.channel.name(), late, o.rule.article))
        })
        .collect();
    if lines.is_empty() { "（尚无完成的报告和通知记录）".into() } else { lines.join("\n") }
}

fn manual_business(incident: &Incident) -> String {
    let ledger = Ledger::from_events(incident.events());
    let (_, by_direction) = ledger.totals();
    let parts: Vec<String> = by_direction
        .iter()
        .filter(|(_, t)| t.count > 0)
        .map(|(d, t)| format!("{} {} 笔 ¥{}", d.name(), t.count, t.amount))
        .collect();
    if parts.is_empty() {
        return String::new();
    }
    format!("应急期间柜面办理银期转账：{}（已扣除冲正）。", parts.join("，"))
}

/// The report form in the plan's order and words: the app fills the fields it
/// knows; a field only the plan names is left for people to write.
fn form_fields(plan: &Plan, filled: Vec<Section>) -> Vec<Section> {
    plan.report_form
        .iter()
        .map(|f| match filled.iter().find(|s| s.key == f.key) {
            Some(s) => Section { heading: f.heading.clone(), ..s.clone() },
            None => Section { key: f.key.clone(), heading: f.heading.clone(), body: "（待填写）".into(), editable: true, edited: false },
        })
        .collect()
}

/// The drill summary (seed 000 part 八 3): what was tested, the result, problems, improvements.
fn drill_sections(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Vec<Section> {
    let s = incident.state();
    let setup = s.drill.clone();
    let scenario = setup.as_ref().and_then(|d| d.scenario.as_deref()).and_then(super::drill::scenario);
    let tested = scenario.as_ref().map_or("（待填写）".to_string(), |x| x.objectives.iter().map(|o| format!("· {o}")).collect::<Vec<_>>().join("\n"));
    let score = super::drill::score(incident, plan, cal, now);
    let started = setup.as_ref().map_or(now, |d| d.real_start);
    let sec = |key: &str, heading: &str, body: String, editable| Section { key: key.to_string(), heading: heading.to_string(), body, editable, edited: false };
    let scenario_line = match &scenario {
        Some(x) if x.title != s.facts.title => format!("\n场景：{}", x.title),
        Some(_) => String::new(),
        None => "\n场景：自拟".to_string(),
    };
    // Everyone who made an entry took part; the app's own entries are not people.
    let mut people: Vec<String> = Vec::new();
    for e in incident.events() {
        if e.author != super::event::Author::system() && e.author.role != "情景推送" && !people.contains(&e.author.name) {
            people.push(e.author.name.clone());
        }
    }
    vec![
        sec("drill", "一、演练名称与时间", format!(
            "{}{scenario_line}\n组织时间（实际）：{}；演练时钟起点：{}", s.facts.title, format_beijing(started), format_beijing(s.facts.started_at)), true),
        sec("people", "二、参演人员", if people.is_empty() { "（待填写）".into() } else { people.join("、") }, true),
        sec("tested", "三、检验内容", tested, true),
        sec("course", "四、演练经过", format!("{}\n{}", course(incident), measures(incident)), true),
        sec("result", "五、演练结果", format!("{}\n{}", score.headline(), score.table()), false),
        sec("problems", "六、发现的问题", score.problems(), true),
        sec("improve", "七、改进措施", "（待填写）".into(), true),
    ]
}

/// The draft of `kind` as of `now`, with people's edits applied. Always in Chinese,
/// whatever the screen language: it is what goes to the regulator.
pub fn draft(kind: ReportKind, incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>, drill: bool) -> ReportDraft {
    in_lang(Lang::Zh, || draft_zh(kind, incident, plan, cal, now, drill))
}

fn draft_zh(kind: ReportKind, incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>, drill: bool) -> ReportDraft {
    let s = incident.state();
    let f = &s.facts;
    let impact = incident.classification(plan, cal, now).daytime_impact;
    let duration = format_duration(s.duration(now));
    let affected = if f.affected.is_empty() { "（待查）".to_string() } else { f.affected.iter().map(|a| a.describe()).collect::<Vec<_>>().join("、") };
    let phenomenon = if f.phenomenon.subcategory.is_empty() { f.phenomenon.kind.name().to_string() } else { format!("{}（{}）", f.phenomenon.kind.name(), f.phenomenon.subcategory) };
    let level = format!("{}{}", level_label(s.level), s.level_basis.as_ref().map(|b| format!("（{}）", b.describe())).unwrap_or_default());
    let status = if s.is_open() { format!("尚未恢复，已持续{duration}") } else { format!("已于 {} 恢复正常服务，持续{duration}", format_beijing(s.restored_at.unwrap_or(now))) };
    let sec = |key: &str, heading: &str, body: String, editable| Section { key: key.to_string(), heading: heading.to_string(), body, editable, edited: false };
    let mut sections = match kind {
        ReportKind::IncidentForm => form_fields(plan, vec![
            sec("unit", "报告单位", plan.institution.clone(), true),
            sec("name", "事件名称", f.title.clone(), false),
            sec("time", "发生时间", format!("{}（发现于 {}）", format_beijing(f.started_at), format_beijing(f.discovered_at)), false),
            sec("place", "地点", or_blank(&f.reporting_unit), true),
            sec("level", "事件级别", level, false),
            sec("category", "事件分类", format!("{}突发事件，{}", f.period.name(), phenomenon), false),
            sec("cause-ours", &format!("是否{}原因", plan.institution), f.bank_caused.name().to_string(), false),
            sec("course", "简要经过", format!("{}\n{}", or_blank(&f.description), course(incident)), true),
            sec("scope", "影响范围", affected.clone(), true),
            sec("degree", "影响程度", format!("日间业务受影响{}；{}", format_duration(impact), status), true),
            sec("people", "影响人数", "（待填写）".into(), true),
            sec("loss", "经济损失（初步估计）", "（待填写）".into(), true),
            sec("judgement", "后果、原因及事件性质（初步判断）", "（待填写）".into(), true),
            sec("measures", "已采取的措施及效果", measures(incident), true),
            sec("help", "需要协助处置的事宜", "无".into(), true),
            sec("contact", "联系人及联系方式", or_blank(&f.reporter), true),
            sec("signer", "签发人", "（待填写）".into(), true),
            sec("other", "其他", "无".into(), true),
        ]),
        ReportKind::Progress => vec![
            sec("unit", "报告单位", plan.institution.clone(), true),
            sec("name", "事件名称", f.title.clone(), false),
            sec("level", "当前级别", level, false),
            sec("status", "当前状态", status, false),
            sec("progress", "处置进展", measures(incident), true),
            sec("next", "下一步措施", "（待填写）".into(), true),
            sec("contact", "联系人及联系方式", or_blank(&f.reporter), true),
        ],
        ReportKind::DrillSummary => drill_sections(incident, plan, cal, now),
        ReportKind::Summary => vec![
            sec("overview", "一、事件概况（发生经过、影响范围和损失）", format!(
                "{}\n发生时段：{}；事件现象：{}；级别：{}。\n影响范围：{}。日间业务受影响{}；{}。\n损失情况：（待填写）",
                course(incident), f.period.name(), phenomenon, level_label(s.level), affected, format_duration(impact), status), true),
            sec("handling", "二、应急处置过程（上报过程、采取的措施及效果）", format!(
                "上报与通知：\n{}\n处置措施：\n{}\n{}", reporting(incident, plan, cal, now), measures(incident), manual_business(incident)), true),
            sec("cause", "三、主要原因分析和结论", format!(
                "是否本行原因：{}。{}\n（待填写原因分析和结论）", f.bank_caused.name(),
                if f.bank_caused == Answer::Unknown { "原因仍在排查。" } else { "" }), true),
        ],
    };
    let mut st = ReportStatus::default();
    for e in incident.events() {
        match &e.kind {
            EventKind::ReportEdited { report, section, text } if *report == kind => {
                if let Some(sc) = sections.iter_mut().find(|x| &x.key == section && x.editable) {
                    sc.body = text.clone();
                    sc.edited = true;
                }
                st.last_editor = Some(e.author.name.clone());
                st.reviewed_by = None;
                st.sent_to = None;
            }
            EventKind::ReportReviewed { report } if *report == kind => st.reviewed_by = Some(e.author.name.clone()),
            EventKind::ReportSent { report, to } if *report == kind => st.sent_to = Some(to.clone()),
            _ => {}
        }
    }
    let last = incident.events().iter().map(|e| e.recorded_at).max().unwrap_or(now);
    ReportDraft {
        kind,
        title: kind.title_in(plan),
        institution: plan.institution.clone(),
        sections,
        source_events: incident.events().len(),
        source_until: last,
        source_hash: super::integrity::final_hash(incident),
        generated_at: now,
        drill: drill || s.drill.is_some(),
        status: st,
    }
}

/// Whether the review recorded by `reviewer` may be accepted: a second person.
/// The maker is whoever last rewrote a section; a draft nobody rewrote is the
/// work of whoever recorded the incident (or started the drill).
pub fn review_allowed(events: &[Event], kind: ReportKind, reviewer: &str) -> Result<(), String> {
    let last_editor = events.iter().rev().find_map(|e| match &e.kind {
        EventKind::ReportEdited { report, .. } if *report == kind => Some(e.author.name.as_str()),
        _ => None,
    });
    let maker = last_editor.or_else(|| events.first().map(|e| e.author.name.as_str()));
    match maker {
        Some(maker) if maker == reviewer => Err(t("复核须由起草（修改）人以外的另一人进行").into()),
        _ => Ok(()),
    }
}

/// Whether the report may be marked sent: reviewed after its last edit.
pub fn send_allowed(events: &[Event], kind: ReportKind) -> Result<(), String> {
    let mut reviewed = false;
    for e in events {
        match &e.kind {
            EventKind::ReportEdited { report, .. } if *report == kind => reviewed = false,
            EventKind::ReportReviewed { report } if *report == kind => reviewed = true,
            _ => {}
        }
    }
    if reviewed { Ok(()) } else { Err(t("报送前须由另一人复核（最近一次修改之后）").into()) }
}

impl ReportDraft {
    /// "依据事件记录 12 条（截至 …），生成于 …" — what it was drafted from. Part of
    /// the document, so Chinese (dates included) whatever the screen language.
    pub fn provenance(&self) -> String {
        in_lang(Lang::Zh, || self.provenance_zh())
    }

    fn provenance_zh(&self) -> String {
        format!(
            "依据本事件记录 {} 条（截至 {}，校验值 {}），生成于 {}（{}）",
            self.source_events,
            format_beijing(self.source_until),
            super::integrity::short(&self.source_hash),
            format_beijing(self.generated_at),
            if self.drill { "演练时间" } else { "北京时间" }
        )
    }

    /// The heading of section `i` with its number: "3、事件名称", or as written
    /// when it carries its own ("一、事件概况").
    pub fn numbered_heading(&self, i: usize) -> String {
        let h = &self.sections[i].heading;
        if h.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']) { h.clone() } else { format!("{}、{h}", i + 1) }
    }

    /// Plain text to copy into mail or a chat: the document, in Chinese.
    pub fn to_text(&self) -> String {
        in_lang(Lang::Zh, || self.to_text_zh())
    }

    fn to_text_zh(&self) -> String {
        let mut out = String::new();
        if self.drill {
            out.push_str("【演练】\n");
        }
        out.push_str(&format!("{}\n{}\n\n", self.title, self.institution));
        for (i, s) in self.sections.iter().enumerate() {
            out.push_str(&format!("{}\n{}\n\n", self.numbered_heading(i), s.body));
        }
        out.push_str(&self.provenance());
        out.push('\n');
        out
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
