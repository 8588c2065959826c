//! Report drafts (附件3 报告单, progress report, 第二十三条 summary report),
//! prefilled from the incident's log. Free-text sections edited by people are
//! events too; a report to a regulator is reviewed by a second person before
//! it is marked sent.

use crate::domain::base::i18n::{in_lang, t, Lang};
use crate::domain::base::calendar::Calendar;
use crate::domain::events::event::{Author, EventKind};
use crate::domain::events::report_kind::ReportKind;
use crate::domain::events::facts::Answer;
use crate::domain::incidents::incident::Incident;
use crate::domain::base::level::level_label;
use crate::domain::incidents::obligation::{obligations, Status};
use crate::domain::plans::plan::Plan;
use crate::domain::base::time::format_beijing;
use chrono::{DateTime, Utc};

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

/// What every page of a draft not yet reviewed by a second person says.
pub const DRAFT_MARK: &str = "草稿·未复核";

/// Who sends the report: the institution named by its plan and this
/// workstation's setup. A blank value prints as blank space to write in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sender {
    /// `None` while the plan still says only "本行" / "本公司".
    pub institution: Option<String>,
    pub unit: String,
    pub place: String,
    pub phone: String,
    pub fax: String,
}

impl Sender {
    /// The sender of a report on an incident run under `pinned`: the name that
    /// version gives, or else the one its plan has now (named after the incident
    /// was opened), and this workstation's setup.
    pub fn of(pinned: &Plan, current: Option<&Plan>, w: &crate::domain::base::workstation::Workstation) -> Sender {
        use crate::domain::base::workstation::named;
        Sender {
            institution: named(&pinned.institution).or_else(|| current.and_then(|c| named(&c.institution))),
            unit: w.unit.clone(),
            place: w.place.clone(),
            phone: w.phone.clone(),
            fax: w.fax.clone(),
        }
    }

    /// What the report would print blank for want of setup, to say so on screen.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.institution.is_none() {
            out.push(t("机构名称"));
        }
        if self.place.trim().is_empty() {
            out.push(t("地点"));
        }
        if self.phone.trim().is_empty() {
            out.push(t("值班电话"));
        }
        out
    }

    /// 报告单位: the institution and, after it, the unit ("甲银行 上海分行营业部").
    pub fn reporting_unit(&self, incident_unit: &str) -> String {
        let unit = if incident_unit.trim().is_empty() { self.unit.trim() } else { incident_unit.trim() };
        match self.institution.as_deref() {
            Some(name) if !unit.is_empty() && !unit.starts_with(name) => format!("{name} {unit}"),
            Some(name) if unit.is_empty() => name.to_string(),
            _ => unit.to_string(),
        }
    }

    /// 联系人及联系方式: the name with the duty phone and fax.
    pub fn contact(&self, person: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !person.trim().is_empty() {
            parts.push(person.trim().to_string());
        }
        if !self.phone.trim().is_empty() {
            parts.push(format!("电话 {}", self.phone.trim()));
        }
        if !self.fax.trim().is_empty() {
            parts.push(format!("传真 {}", self.fax.trim()));
        }
        parts.join("，")
    }
}

fn measures(incident: &Incident) -> String {
    crate::domain::reports::record_summary::notes(incident)
}

/// Reports and notifications done, earliest first: time, what, channel, to whom.
fn reporting(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> String {
    let day0 = incident.state().facts.started_at;
    let all = obligations(incident, &plan.obligations, cal, now);
    let lines: Vec<String> = crate::domain::reports::record_summary::done_in_order(&all)
        .into_iter()
        .filter_map(|o| {
            let d = o.discharge.as_ref()?;
            let to = if d.recipients.is_empty() { String::new() } else { format!("，对象：{}", d.recipients.join("、")) };
            let late = if o.status == Status::DoneLate { "，超时完成" } else { "" };
            Some(format!("{} {}（{}{to}{late}；{}）", crate::domain::reports::record_summary::when(d.at, day0), o.rule.title, d.channel.name(), o.rule.article))
        })
        .collect();
    lines.join("\n")
}

/// The report form in the plan's order and words: the app fills the fields it
/// knows; a field only the plan names is left for people to write.
fn form_fields(plan: &Plan, filled: Vec<Section>) -> Vec<Section> {
    plan.report_form
        .iter()
        .map(|f| match filled.iter().find(|s| s.key == f.key) {
            Some(s) => Section { heading: f.heading.clone(), ..s.clone() },
            None => Section { key: f.key.clone(), heading: f.heading.clone(), body: String::new(), editable: true, edited: false },
        })
        .collect()
}

/// The drill summary (seed 000 part 八 3): what was tested, the result, problems, improvements.
fn drill_sections(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Vec<Section> {
    let s = incident.state();
    let setup = s.drill.clone();
    let scenario = setup.as_ref().and_then(|d| d.scenario.as_deref()).and_then(crate::domain::drills::drill::scenario);
    let tested = scenario.as_ref().map_or(String::new(), |x| x.objectives.iter().map(|o| format!("· {o}")).collect::<Vec<_>>().join("\n"));
    let score = crate::domain::drills::drill::score(incident, plan, cal, now);
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
        if e.author != Author::system() && !e.author.is_drill_director() && !people.contains(&e.author.name) {
            people.push(e.author.name.clone());
        }
    }
    vec![
        sec("drill", "一、演练名称与时间", format!(
            "{}{scenario_line}\n组织时间（实际）：{}；演练时钟起点：{}", s.facts.title, format_beijing(started), format_beijing(s.facts.started_at)), true),
        sec("people", "二、参演人员", people.join("、"), true),
        sec("tested", "三、检验内容", tested, true),
        sec("course", "四、演练经过", [crate::domain::reports::record_summary::course(incident, plan, cal, now), measures(incident)].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join("\n"), true),
        sec("result", "五、演练结果", format!("{}\n{}", score.headline(), score.table()), false),
        sec("problems", "六、发现的问题", score.problems(), true),
        sec("improve", "七、改进措施", String::new(), true),
    ]
}

/// The draft of `kind` as of `now`, with people's edits applied. Always in Chinese,
/// whatever the screen language: it is what goes to the regulator.
pub fn draft(kind: ReportKind, incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>, drill: bool, from: &Sender) -> ReportDraft {
    in_lang(Lang::Zh, || draft_zh(kind, incident, plan, cal, now, drill, from))
}

fn draft_zh(kind: ReportKind, incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>, drill: bool, from: &Sender) -> ReportDraft {
    use crate::domain::reports::record_summary as record;
    let s = incident.state();
    let f = &s.facts;
    let impact = incident.classification(plan, cal, now).daytime_impact;
    let affected = f.affected.iter().map(|a| a.describe()).collect::<Vec<_>>().join("、");
    let phenomenon = if f.phenomenon.subcategory.is_empty() { f.phenomenon.kind.name().to_string() } else { format!("{}（{}）", f.phenomenon.kind.name(), f.phenomenon.subcategory) };
    let level = format!("{}{}", level_label(s.level), s.level_basis.as_ref().map(|b| format!("（{}）", b.describe())).unwrap_or_default());
    let unit = from.reporting_unit(&f.reporting_unit);
    // Whoever recorded the incident, unless the form named the reporter.
    let person = if f.reporter.trim().is_empty() { incident.events().first().map(|e| e.author.name.clone()).unwrap_or_default() } else { f.reporter.clone() };
    let contact = from.contact(&person);
    let degree = format!("日间业务受影响{}。{}", record::span(impact), record::state_now(incident, now));
    let sec = |key: &str, heading: &str, body: String, editable| Section { key: key.to_string(), heading: heading.to_string(), body, editable, edited: false };
    let blank = |key: &str, heading: &str| sec(key, heading, String::new(), true);
    // "是否本行原因" as the plan's form asks it: a question, not the institution's name.
    let cause_question = plan.report_form.iter().find(|x| x.key == "cause-ours").map_or_else(|| "是否本机构原因".to_string(), |x| x.heading.clone());
    let mut sections = match kind {
        ReportKind::IncidentForm => form_fields(plan, vec![
            sec("unit", "报告单位", unit, true),
            sec("name", "事件名称", f.title.clone(), false),
            sec("time", "发生时间", format!("{}（发现于 {}）", format_beijing(f.started_at), format_beijing(f.discovered_at)), false),
            sec("place", "地点", from.place.clone(), true),
            sec("level", "事件级别", level, false),
            sec("category", "事件分类", format!("{}突发事件，{}", f.period.name(), phenomenon), false),
            sec("cause-ours", &cause_question, f.bank_caused.name().to_string(), false),
            sec("course", "简要经过", record::course(incident, plan, cal, now), true),
            sec("scope", "影响范围", affected.clone(), true),
            sec("degree", "影响程度", degree.clone(), true),
            blank("people", "影响人数"),
            blank("loss", "经济损失（初步估计）"),
            blank("judgement", "后果、原因及事件性质（初步判断）"),
            sec("measures", "已采取的措施及效果", measures(incident), true),
            sec("help", "需要协助处置的事宜", "无".into(), true),
            sec("contact", "联系人及联系方式", contact, true),
            blank("signer", "签发人"),
            sec("other", "其他", "无".into(), true),
        ]),
        ReportKind::Progress => vec![
            sec("unit", "报告单位", unit, true),
            sec("name", "事件名称", f.title.clone(), false),
            sec("level", "当前级别", level, false),
            sec("status", "当前状态", degree.clone(), false),
            sec("course", "事件经过", record::course(incident, plan, cal, now), true),
            sec("progress", "处置进展", measures(incident), true),
            blank("next", "下一步措施"),
            sec("contact", "联系人及联系方式", contact, true),
        ],
        ReportKind::DrillSummary => drill_sections(incident, plan, cal, now),
        ReportKind::Summary => {
            let late = record::late_and_missed(incident, plan, cal, now);
            let handling = [reporting(incident, plan, cal, now), measures(incident), record::manual_business(incident)];
            let [told, notes, business] = handling;
            let mut parts = Vec::new();
            if !told.is_empty() {
                parts.push(format!("报告与通知（按时间先后）：\n{told}"));
            }
            if !notes.is_empty() {
                parts.push(format!("处置措施：\n{notes}"));
            }
            if !business.is_empty() {
                parts.push(format!("应急业务：{business}"));
            }
            vec![
                sec("overview", "一、事件概况（发生经过、影响范围）", format!(
                    "{}\n事件现象：{}；级别：{}。\n影响范围：{}。\n影响程度：{}",
                    record::course(incident, plan, cal, now), phenomenon, level_label(s.level), if affected.is_empty() { "无".to_string() } else { affected.clone() }, format!("日间业务受影响{}。", record::span(impact))), true),
                blank("loss", "二、损失情况"),
                sec("handling", "三、应急处置过程（上报过程、采取的措施及效果）", parts.join("\n"), true),
                sec("late", "四、未按时完成的报告和通知", if late.is_empty() { "无。".to_string() } else { late.join("\n") }, false),
                sec("cause", "五、主要原因分析和结论", format!(
                    "{}：{}。{}", cause_question, f.bank_caused.name(),
                    if f.bank_caused == Answer::Unknown { "原因仍在排查。" } else { "" }), true),
            ]
        }
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
        institution: from.institution.clone().unwrap_or_default(),
        sections,
        source_events: incident.events().len(),
        source_until: last,
        source_hash: crate::domain::incidents::integrity::final_hash(incident),
        generated_at: now,
        drill: drill || s.drill.is_some(),
        status: st,
    }
}

impl ReportDraft {
    /// The 报告单's rows, in the plan's order: two short fields side by side,
    /// a long one (or one of many lines) across the whole row. Indexes into `sections`.
    pub fn form_rows(&self) -> Vec<Vec<usize>> {
        const WIDE: [&str; 7] = ["course", "scope", "degree", "judgement", "measures", "help", "other"];
        let short = |i: usize| {
            let s = &self.sections[i];
            !WIDE.contains(&s.key.as_str()) && s.body.chars().count() <= 24 && !s.body.contains('\n')
        };
        let mut rows = Vec::new();
        let mut i = 0;
        while i < self.sections.len() {
            if short(i) && i + 1 < self.sections.len() && short(i + 1) {
                rows.push(vec![i, i + 1]);
                i += 2;
            } else {
                rows.push(vec![i]);
                i += 1;
            }
        }
        rows
    }

    /// Reviewed by a second person since its last edit: until then every page says 草稿·未复核.
    pub fn reviewed(&self) -> bool {
        self.status.reviewed_by.is_some()
    }

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
            crate::domain::incidents::integrity::short(&self.source_hash),
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
        if !self.reviewed() {
            out.push_str(&format!("【{DRAFT_MARK}】\n"));
        }
        out.push_str(&format!("{}\n", self.title));
        if !self.institution.is_empty() {
            out.push_str(&format!("{}\n", self.institution));
        }
        out.push('\n');
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
