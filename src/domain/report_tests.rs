use super::*;
use crate::domain::classification::Rule;
use crate::domain::event::Author;
use crate::domain::facts::Period;
use crate::domain::fixtures::{facts, t};
use crate::domain::incident::LogError;
use crate::domain::level::Level;

fn ev(id: &str, at: &str, who: &str, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: who.into(), role: String::new() }, kind }
}

fn incident() -> Incident {
    let mut f = facts(Period::Daytime, "2026-11-23T09:00");
    f.title = "郑商所出入金中断".into();
    f.description = "出金指令无法发送".into();
    let mut inc = Incident::open("i".into(), ev("e0", "2026-11-23T09:00", "王", EventKind::Opened { facts: f, plan_id: "p".into(), plan_version: "1".into(), drill: None })).unwrap();
    let rule = Rule::DaytimeImpact { minutes: 30, article: "第七条（二）".into() };
    inc.append(ev("r", "2026-11-23T09:30", "系统", EventKind::Classified { level: Level::II, effective_at: t("2026-11-23T09:30"), rule })).unwrap();
    inc.append(ev("n", "2026-11-23T09:40", "王", EventKind::Note { text: "已切换备用线路".into(), major: false })).unwrap();
    inc.append(ev("end", "2026-11-23T10:10", "王", EventKind::ServiceRestored { note: String::new() })).unwrap();
    inc
}

fn summary(inc: &Incident) -> ReportDraft {
    draft(ReportKind::Summary, inc, &Plan::bank_depository(), &Calendar::china_builtin(), t("2026-11-23T11:00"), false)
}

#[test]
fn the_summary_has_the_three_parts_of_article_23_prefilled_from_the_log() {
    let d = summary(&incident());
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    assert!(headings[0].starts_with("一、事件概况") && headings[1].starts_with("二、应急处置过程") && headings[2].starts_with("三、主要原因分析"));
    assert!(d.sections[0].body.contains("2026-11-23 09:30:00 定级为Ⅱ级"));
    assert!(d.sections[0].body.contains("已于 2026-11-23 10:10:00 恢复正常服务"));
    assert!(d.sections[1].body.contains("已切换备用线路"));
    assert!(d.provenance().starts_with("依据本事件记录 4 条（截至 2026-11-23 10:10:00，校验值 "), "{}", d.provenance());
    assert!(d.provenance().ends_with("），生成于 2026-11-23 11:00:00（北京时间）"));
    assert!(d.provenance().contains(&crate::domain::integrity::short(&crate::domain::integrity::final_hash(&incident()))));
    assert!(d.to_text().contains("\n一、事件概况（"));
    assert!(!d.to_text().contains("1、一、"));
}

#[test]
fn edits_replace_a_section_and_reset_review() {
    let mut inc = incident();
    let edit = EventKind::ReportEdited { report: ReportKind::Summary, section: "cause".into(), text: "供应商线路设备故障，非本行原因。".into() };
    inc.append(ev("ed", "2026-11-23T11:05", "王", edit)).unwrap();
    let d = summary(&inc);
    assert_eq!(d.sections[2].body, "供应商线路设备故障，非本行原因。");
    assert!(d.sections[2].edited);
    assert_eq!(d.status.last_editor.as_deref(), Some("王"));
}

#[test]
fn a_report_is_reviewed_by_a_second_person_before_it_is_sent() {
    let mut inc = incident();
    inc.append(ev("ed", "2026-11-23T11:05", "王", EventKind::ReportEdited { report: ReportKind::Summary, section: "cause".into(), text: "原因".into() })).unwrap();
    let sent = |id: &str| ev(id, "2026-11-23T11:20", "王", EventKind::ReportSent { report: ReportKind::Summary, to: "国家金融监督管理总局".into() });
    assert!(matches!(inc.append(sent("s0")), Err(LogError::Refused(_))), "not reviewed");
    assert!(matches!(inc.append(ev("v0", "2026-11-23T11:10", "王", EventKind::ReportReviewed { report: ReportKind::Summary })), Err(LogError::Refused(_))), "the maker cannot check");
    inc.append(ev("v1", "2026-11-23T11:10", "李", EventKind::ReportReviewed { report: ReportKind::Summary })).unwrap();
    // An edit after the review needs a new review.
    inc.append(ev("ed2", "2026-11-23T11:12", "王", EventKind::ReportEdited { report: ReportKind::Summary, section: "cause".into(), text: "原因（改）".into() })).unwrap();
    assert!(inc.append(sent("s1")).is_err());
    inc.append(ev("v2", "2026-11-23T11:15", "李", EventKind::ReportReviewed { report: ReportKind::Summary })).unwrap();
    inc.append(sent("s2")).unwrap();
    let d = summary(&inc);
    assert_eq!((d.status.reviewed_by.as_deref(), d.status.sent_to.as_deref()), (Some("李"), Some("国家金融监督管理总局")));
}

#[test]
fn the_report_form_carries_the_fields_of_annex_3() {
    let d = draft(ReportKind::IncidentForm, &incident(), &Plan::bank_depository(), &Calendar::china_builtin(), t("2026-11-23T11:00"), false);
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    for want in ["报告单位", "事件名称", "发生时间", "事件级别", "事件分类", "是否本行原因", "简要经过", "影响范围", "影响程度", "经济损失（初步估计）", "已采取的措施及效果", "需要协助处置的事宜", "联系人及联系方式", "签发人"] {
        assert!(headings.contains(&want), "{want}");
    }
    assert_eq!(d.numbered_heading(1), "2、事件名称");
    let docx = crate::domain::docx::report_docx(&d);
    assert_eq!(&docx[..2], b"PK");
    let text = String::from_utf8_lossy(&docx);
    assert!(text.contains("期货保证金存管业务系统突发事件报告单"));
    assert!(text.contains("单位（盖章）"));
}

#[test]
fn an_unedited_draft_is_the_recorders_work_and_needs_another_reviewer() {
    let mut inc = incident();
    let review = |id: &str, who: &str| ev(id, "2026-11-23T11:10", who, EventKind::ReportReviewed { report: ReportKind::Progress });
    assert!(matches!(inc.append(review("v0", "王")), Err(LogError::Refused(_))), "王 recorded the incident");
    inc.append(review("v1", "李")).unwrap();
}

#[test]
fn the_report_form_follows_the_plans_fields_order_and_headings() {
    use crate::domain::plan::{Plan, ReportField};
    let mut plan = Plan::bank_depository();
    plan.report_form.retain(|f| f.key != "other");
    plan.report_form[0].heading = "填报单位".into();
    plan.report_form.insert(1, ReportField { key: "duty-phone".into(), heading: "值班电话".into() });
    let mut inc = incident();
    inc.append(ev("ed", "2026-11-23T11:00", "王", EventKind::ReportEdited { report: ReportKind::IncidentForm, section: "duty-phone".into(), text: "010-12345678".into() })).unwrap();
    let d = draft(ReportKind::IncidentForm, &inc, &plan, &Calendar::china_builtin(), t("2026-11-23T11:00"), false);
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(&headings[..3], &["填报单位", "值班电话", "事件名称"]);
    assert!(!headings.contains(&"其他"));
    assert_eq!(d.sections[0].body, "本行", "a known field is still filled from the plan and the log");
    assert_eq!((d.sections[1].body.as_str(), d.sections[1].edited), ("010-12345678", true), "a field only the plan names is for people");
}
