use super::*;
use crate::domain::reports::sending::{duties_settled_by, reaches, sent_events};
use crate::domain::events::rule::Rule;
use crate::domain::events::event::{Author, Event};
use crate::domain::events::facts::Period;
use crate::domain::events::fixtures::{facts, t};
use crate::domain::incidents::incident::LogError;
use crate::domain::base::level::Level;
use crate::domain::events::channel::Channel;

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

fn sender() -> Sender {
    Sender { institution: Some("甲银行".into()), unit: "上海分行营业部".into(), place: "上海市浦东新区银城中路 1 号".into(), phone: "021-68881234".into(), fax: "021-68885678".into() }
}

fn summary(inc: &Incident) -> ReportDraft {
    draft(ReportKind::Summary, inc, &Plan::bank_depository(), &Calendar::china_builtin(), t("2026-11-23T11:00"), false, &sender())
}

fn form(inc: &Incident, plan: &Plan) -> ReportDraft {
    draft(ReportKind::IncidentForm, inc, plan, &Calendar::china_builtin(), t("2026-11-23T11:00"), false, &sender())
}

fn confirm(inc: &mut Incident, id: &str, at: &str, level: Level) {
    inc.append(ev(id, at, "李", EventKind::LevelConfirmed { level })).unwrap();
}

fn discharge(inc: &mut Incident, id: &str, at: &str, key: &str, to: &str) {
    let kind = EventKind::ObligationDischarged { key: key.into(), channel: Channel::Phone, recipients: vec![to.into()], reference: String::new(), note: String::new(), delay_reason: String::new() };
    inc.append(ev(id, at, "王", kind)).unwrap();
}

#[test]
fn the_summary_has_the_three_parts_of_article_23_prefilled_from_the_log() {
    let d = summary(&incident());
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    assert!(headings[0].starts_with("一、事件概况") && headings[2].starts_with("三、应急处置过程") && headings[4].starts_with("五、主要原因分析"));
    assert!(d.sections[0].body.contains("09:30 达到Ⅱ级"), "{}", d.sections[0].body);
    assert!(d.sections[0].body.contains("已于 2026年11月23日 10:10 恢复正常服务"));
    assert!(d.sections[2].body.contains("已切换备用线路"));
    assert!(d.provenance().starts_with("依据本事件记录 4 条（截至 2026-11-23 10:10:00，校验值 "), "{}", d.provenance());
    assert!(d.provenance().ends_with("），生成于 2026-11-23 11:00:00（北京时间）"));
    assert!(d.provenance().contains(&crate::domain::incidents::integrity::short(&crate::domain::incidents::integrity::final_hash(&incident()))));
    assert!(d.to_text().contains("\n一、事件概况（"));
    assert!(!d.to_text().contains("1、一、"));
}

#[test]
fn edits_replace_a_section_and_reset_review() {
    let mut inc = incident();
    let edit = EventKind::ReportEdited { report: ReportKind::Summary, section: "cause".into(), text: "供应商线路设备故障，非本行原因。".into() };
    inc.append(ev("ed", "2026-11-23T11:05", "王", edit)).unwrap();
    let d = summary(&inc);
    assert_eq!(d.sections[4].body, "供应商线路设备故障，非本行原因。");
    assert!(d.sections[4].edited);
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
    let d = form(&incident(), &Plan::bank_depository());
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    for want in ["报告单位", "事件名称", "发生时间", "事件级别", "事件分类", "是否本行原因", "简要经过", "影响范围", "影响程度", "经济损失（初步估计）", "已采取的措施及效果", "需要协助处置的事宜", "联系人及联系方式", "签发人"] {
        assert!(headings.contains(&want), "{want}");
    }
    assert_eq!(d.numbered_heading(1), "2、事件名称");
    let docx = crate::domain::reports::docx::report_docx(&d);
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
    use crate::domain::plans::plan::{Plan, ReportField};
    let mut plan = Plan::bank_depository();
    plan.report_form.retain(|f| f.key != "other");
    plan.report_form[0].heading = "填报单位".into();
    plan.report_form.insert(1, ReportField { key: "duty-phone".into(), heading: "值班电话".into() });
    let mut inc = incident();
    inc.append(ev("ed", "2026-11-23T11:00", "王", EventKind::ReportEdited { report: ReportKind::IncidentForm, section: "duty-phone".into(), text: "010-12345678".into() })).unwrap();
    let d = form(&inc, &plan);
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(&headings[..3], &["填报单位", "值班电话", "事件名称"]);
    assert!(!headings.contains(&"其他"));
    assert_eq!(d.sections[0].body, "甲银行 上海分行营业部", "a known field is still filled from the setup and the log");
    assert_eq!((d.sections[1].body.as_str(), d.sections[1].edited), ("010-12345678", true), "a field only the plan names is for people");
}

#[test]
fn the_form_names_the_sender_and_leaves_unknown_fields_blank_to_write_in() {
    let d = form(&incident(), &Plan::bank_depository());
    let body = |key: &str| d.sections.iter().find(|s| s.key == key).unwrap().body.clone();
    assert_eq!(body("unit"), "甲银行 上海分行营业部");
    assert_eq!(body("place"), "上海市浦东新区银城中路 1 号");
    assert_eq!(body("contact"), "王，电话 021-68881234，传真 021-68885678", "the recorder, with the duty phone and fax");
    assert_eq!((body("people"), body("signer")), (String::new(), String::new()));
    assert_eq!(d.institution, "甲银行");
    let text = d.to_text();
    for never in ["待填写", "本行 "] {
        assert!(!text.contains(never), "{never} in {text}");
    }
    assert!(text.starts_with("【草稿·未复核】\n"), "unreviewed: marked");
    // Before setup: no name at all rather than "本行".
    let unnamed = draft(ReportKind::IncidentForm, &incident(), &Plan::bank_depository(), &Calendar::china_builtin(), t("2026-11-23T11:00"), false, &Sender::default());
    assert_eq!(unnamed.institution, "");
    assert_eq!(unnamed.sections[0].body, "");
}

#[test]
fn the_course_says_who_was_told_when_and_the_manual_business_done() {
    use crate::domain::{business::ledger::{Ledger, TransferDraft}, events::transfer::TransferDirection};
    let mut inc = incident();
    confirm(&mut inc, "c2", "2026-11-23T09:32", Level::II);
    discharge(&mut inc, "d1", "2026-11-23T09:35", "notify-parties", "中信期货");
    discharge(&mut inc, "d0", "2026-11-23T09:08", "report-to-province", "省级分行实施工作小组");
    let typed = TransferDraft {
        at: "2026-11-23T09:50".into(), direction: Some(TransferDirection::BankToFutures), customer: "张三".into(),
        bank_account: "6222 0200 1234 1234".into(), futures_company: "中信期货".into(), futures_account: "80012345".into(),
        amount: "10,101,234".into(), voucher: "V1".into(), operator: "王经办".into(), reviewer: "李复核".into(), note: String::new(),
    };
    let known = crate::domain::business::counterparty::Counterparties::of_names(["中信期货"]);
    let transfer = typed.validate("t1".into(), &Ledger::default(), &known, crate::domain::base::money::Fen(100_000_000_000), t("2026-11-23T11:00")).unwrap();
    inc.append(ev("tr", "2026-11-23T09:50", "王", EventKind::TransferRecorded { transfer })).unwrap();
    let d = form(&inc, &Plan::bank_depository());
    let course = &d.sections.iter().find(|s| s.key == "course").unwrap().body;
    assert!(course.contains("2026年11月23日 09:00 起，日间业务出现系统异常；09:00 发现。"), "{course}");
    assert!(course.contains("09:30 达到Ⅱ级") && course.contains("09:32 确认Ⅱ级"), "{course}");
    let told = course.find("09:08 以电话告知省级分行实施工作小组").expect(course);
    assert!(told < course.find("09:35 以电话告知中信期货").unwrap(), "earliest first");
    assert!(course.contains("应急业务：柜面办理银期转账：银转期 1 笔，合计 ¥10,101,234.00（壹仟零壹拾万壹仟贰佰叁拾肆元整）"), "{course}");
    assert!(course.lines().last().unwrap().starts_with("已于 2026年11月23日 10:10 恢复正常服务，历时1小时10分钟。"), "{course}");
}

#[test]
fn the_summary_lists_reports_in_time_order_and_names_every_late_or_missed_duty() {
    let mut inc = incident();
    confirm(&mut inc, "c2", "2026-11-23T09:32", Level::II);
    // Recorded out of order: the later one first.
    discharge(&mut inc, "d1", "2026-11-23T10:05", "notify-parties", "中信期货");
    discharge(&mut inc, "d0", "2026-11-23T09:08", "report-to-province", "省级分行实施工作小组");
    let d = summary(&inc);
    let handling = &d.sections.iter().find(|s| s.key == "handling").unwrap().body;
    assert!(handling.find("09:08").unwrap() < handling.find("10:05").unwrap(), "{handling}");
    let late = &d.sections.iter().find(|s| s.key == "late").unwrap().body;
    assert!(late.contains("以传真向监管机构上报突发事件报告单（Ⅱ级）") && late.contains("时限 10:02，未完成"), "{late}");
    assert!(late.contains("通知受影响各方应急联络人及省级分行实施工作小组") && late.contains("时限 09:42，10:05 完成"), "{late}");
}

#[test]
fn a_report_sent_after_review_settles_the_duties_that_ask_for_it() {
    use crate::domain::incidents::obligation::obligations;
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let mut inc = incident();
    confirm(&mut inc, "c2", "2026-11-23T09:32", Level::II);
    let rule = Rule::DaytimeImpact { minutes: 45, article: "第七条（一）".into() };
    inc.append(ev("r1", "2026-11-23T09:45", "系统", EventKind::Classified { level: Level::I, effective_at: t("2026-11-23T09:45"), rule })).unwrap();
    confirm(&mut inc, "c1", "2026-11-23T09:45", Level::I);
    inc.append(ev("v", "2026-11-23T09:50", "李", EventKind::ReportReviewed { report: ReportKind::IncidentForm })).unwrap();
    let now = t("2026-11-23T09:52");
    let all = obligations(&inc, &plan.obligations, &cal, now);
    let settled: Vec<&str> = duties_settled_by(ReportKind::IncidentForm, &all).iter().map(|o| o.rule.id.as_str()).collect();
    for want in ["fax-report-to-parties", "regulators-report-i"] {
        assert!(settled.contains(&want), "{want} in {settled:?}");
    }
    assert!(!settled.iter().any(|id| id.contains("progress") || id.contains("summary")), "{settled:?}");
    // Ticked by default only where the report goes: the regulators' duties, not the parties' fax.
    let owed = |id: &str| crate::domain::incidents::recipients::recipient_names(&all.iter().find(|o| o.rule.id == id).unwrap().rule.recipients, &inc.state(), &plan);
    assert!(reaches(&owed("regulators-report-i"), "国家金融监督管理总局、中国证监会"));
    assert!(!reaches(&owed("fax-report-to-parties"), "国家金融监督管理总局、中国证监会"));
    let d = draft(ReportKind::IncidentForm, &inc, &plan, &cal, now, false, &sender());
    assert!(d.reviewed());
    let duties = duties_settled_by(ReportKind::IncidentForm, &all);
    let at = t("2026-11-23T09:53");
    assert_eq!(sent_events(&d, " ", Channel::Fax, "", "", &duties, at), Err("请填写报送对象".to_string()));
    let late = sent_events(&d, "国家金融监督管理总局", Channel::Fax, "", "", &duties, t("2026-11-23T10:30")).unwrap_err();
    assert!(late.contains("请填写延误原因"), "{late}");
    let events = sent_events(&d, "国家金融监督管理总局、中国证监会", Channel::Fax, "传真 2 页", "", &duties, at).unwrap();
    assert!(matches!(&events[0], EventKind::ReportSent { to, .. } if to == "国家金融监督管理总局、中国证监会"));
    for (i, kind) in events.into_iter().enumerate() {
        inc.append(ev(&format!("s{i}"), "2026-11-23T09:53", "李", kind)).unwrap();
    }
    let after = obligations(&inc, &plan.obligations, &cal, t("2026-11-23T09:54"));
    let i = after.iter().find(|o| o.rule.id == "regulators-report-i").unwrap();
    assert_eq!(i.status, Status::DoneOnTime);
    let done = i.discharge.as_ref().unwrap();
    assert_eq!((done.channel, done.recipients.clone()), (Channel::Fax, vec!["国家金融监督管理总局".to_string(), "中国证监会".to_string()]));
    assert!(done.reference.starts_with("传真 2 页，期货保证金存管业务系统突发事件报告单（复核：李；记录校验 "), "{}", done.reference);
    assert!(duties_settled_by(ReportKind::IncidentForm, &after).is_empty(), "nothing left for this report");
}

#[test]
fn the_form_pairs_short_fields_and_gives_long_ones_a_row_in_the_plans_order() {
    let d = form(&incident(), &Plan::bank_depository());
    let rows = d.form_rows();
    let keys: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(|i| d.sections[*i].key.as_str()).collect()).collect();
    let flat: Vec<&str> = keys.iter().flatten().copied().collect();
    let order: Vec<&str> = d.sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(flat, order, "every field once, in order");
    assert!(keys.contains(&vec!["course"]) && keys.contains(&vec!["measures"]), "{keys:?}");
    assert!(keys.iter().any(|r| r.len() == 2), "{keys:?}");
    assert!(rows.len() < d.sections.len());
}
