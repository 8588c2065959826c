//! Duties, continued: recipients and their names, the data-submission duty, working-day
//! deadlines, urgency and alarms, and the reason a late completion needs. The
//! helpers are `obligation_tests.rs`'s.

use super::*;
use crate::domain::incidents::recipients::recipient_names;

#[test]
fn recipients_resolve_from_the_facts_and_todays_regulator_names() {
    let inc = incident(Answer::Yes);
    let state = inc.state();
    let plan = crate::domain::plans::plan::Plan::bank_depository();
    let rule = rules().into_iter().find(|r| r.id == "notify-parties").unwrap();
    assert_eq!(
        recipient_names(&rule.recipients, &state, &plan),
        vec!["郑州商品交易所", "甲期货", "中国期货保证金监控中心", "省级分行应急处置实施工作小组"]
    );
    let rule = rules().into_iter().find(|r| r.id == "regulators-report-i").unwrap();
    assert_eq!(recipient_names(&rule.recipients, &state, &plan), vec!["国家金融监督管理总局", "中国证监会"]);
}

#[test]
fn a_data_submission_over_an_hour_late_becomes_the_working_groups_duty() {
    let mut inc = incident(Answer::Yes);
    let kind = EventKind::DataSubmissionDelayed { due_at: t("2026-11-23T10:30"), note: "日终数据未能报送".into() };
    inc.append(ev("ds", "2026-11-23T10:40", kind)).unwrap();
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T11:29"));
    assert!(!keys(&list).contains(&"data-submission-recovery@ds"), "not yet an hour late");
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T11:31"));
    let o = find(&list, "data-submission-recovery@ds");
    assert_eq!((o.started_at, o.deadline), (t("2026-11-23T11:30"), t("2026-11-23T12:30")));
    assert_eq!(o.rule.article, "第二十一条");
    assert_eq!(o.responsible(), "working-group");
}

#[test]
fn the_summary_report_is_due_in_working_days_after_the_end() {
    // Ⅲ ended Wed 2026-09-30 16:00: one working day, after the national day → 10-08 24:00.
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r3", Level::III, "2026-09-30T10:05");
    inc.append(ev("end", "2026-09-30T16:00", EventKind::ServiceRestored { note: String::new() })).unwrap();
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-10-02T12:00"));
    assert_eq!(find(&list, "summary-report-iii").deadline, t("2026-10-09T00:00"));
    assert!(!keys(&list).contains(&"summary-report-ii-i"));
    assert_eq!(find(&list, "notify-termination").deadline, t("2026-09-30T16:30"), "bank-caused: notify the end");
    assert_eq!(find(&list, "local-summary-report").deadline, t("2026-10-10T00:00"));

    // Ⅱ ended Fri 2026-02-13 11:00: two working days are Sat 02-14 (make-up) and Tue 02-24.
    let mut inc = incident(Answer::No);
    rise(&mut inc, "r2", Level::II, "2026-02-13T10:00");
    inc.append(ev("end", "2026-02-13T11:00", EventKind::ServiceRestored { note: String::new() })).unwrap();
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-02-20T12:00"));
    assert_eq!(find(&list, "summary-report-ii-i").deadline, t("2026-02-25T00:00"));
    assert!(!keys(&list).contains(&"notify-termination"), "not bank-caused: wait for the other party's notice");
    assert!(!keys(&list).contains(&"notify-termination-after-notice"));
    inc.append(ev("tn", "2026-02-13T11:20", EventKind::TerminationNoticeReceived { from: "郑州商品交易所".into(), note: String::new() })).unwrap();
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-02-13T11:25"));
    assert_eq!(find(&list, "notify-termination-after-notice").deadline, t("2026-02-13T11:50"));
}

#[test]
fn recipients_and_the_apps_own_author_stay_chinese_on_english_screens() {
    use crate::domain::base::i18n::{in_lang, Lang};
    let inc = incident(Answer::Yes);
    let state = inc.state();
    let plan = crate::domain::plans::plan::Plan::bank_depository();
    let rule = rules().into_iter().find(|r| r.id == "notify-parties").unwrap();
    in_lang(Lang::En, || {
        // Kept in the log as typed and matched against the directory's units.
        assert_eq!(recipient_names(&rule.recipients, &state, &plan)[0], "郑州商品交易所");
        assert_eq!(Exchange::Zce.name(), "Zhengzhou Commodity Exchange");
        assert_eq!(Author::system().name, "系统");
        assert_eq!(Status::Overdue.name(), "Overdue");
    });
}

#[test]
fn urgency_is_read_from_time_left_alone() {
    use chrono::Duration;
    assert_eq!(Urgency::of(Duration::seconds(-1)), Urgency::Overdue);
    assert_eq!(Urgency::of(Duration::zero()), Urgency::LastMinutes);
    assert_eq!(Urgency::of(Duration::seconds(4 * 60 + 42)), Urgency::LastMinutes);
    assert_eq!(Urgency::of(Duration::seconds(5 * 60 + 1)), Urgency::Soon);
    assert_eq!(Urgency::of(Duration::seconds(14 * 60 + 54)), Urgency::Soon);
    assert_eq!(Urgency::of(Duration::seconds(15 * 60 + 1)), Urgency::Later);
}

#[test]
fn an_exchange_named_only_among_the_parties_is_notified_too() {
    // The user ticked no exchange's 出入金 but wrote the exchange in 涉及各方.
    let plan = crate::domain::plans::plan::Plan::bank_depository();
    let rule = rules().into_iter().find(|r| r.id == "notify-parties").unwrap();
    let with_parties = |affected: Vec<AffectedBusiness>, parties: &str| {
        let facts = IncidentFacts { affected, parties: parties.into(), ..facts(Period::Daytime, "2026-11-23T09:58") };
        let opened = ev("e0", "2026-11-23T10:00", EventKind::Opened { facts, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None });
        Incident::open("i".into(), opened).unwrap().state()
    };
    let state = with_parties(vec![], "大连商品交易所；本行大连分行");
    assert_eq!(
        recipient_names(&rule.recipients, &state, &plan),
        vec!["大连商品交易所", "中国期货保证金监控中心", "省级分行应急处置实施工作小组"]
    );
    // Ticked first, then named; each once, whatever the spelling.
    let state = with_parties(vec![AffectedBusiness::ExchangeFunds(Exchange::Zce)], "郑商所、大商所结算部");
    assert_eq!(recipient_names(&rule.recipients, &state, &plan)[..2], ["郑州商品交易所", "大连商品交易所"]);
    let state = with_parties(vec![], "Dalian Commodity Exchange, CZCE");
    assert_eq!(recipient_names(&rule.recipients, &state, &plan)[..2], ["大连商品交易所", "郑州商品交易所"]);
    // A code inside another word is not the exchange; the monitoring centre is no exchange.
    let state = with_parties(vec![], "ADCEX 公司；中国期货保证金监控中心");
    assert_eq!(recipient_names(&rule.recipients, &state, &plan), vec!["中国期货保证金监控中心", "省级分行应急处置实施工作小组"]);
    // Naming an exchange does not say its fund movements are affected: no manual business for it.
    let state = with_parties(vec![], "大连商品交易所");
    assert!(!applies(Condition::ExchangeFundsAffected, &state));
    assert_eq!(state.facts.exchanges_named_only(), vec![Exchange::Dce]);
}

#[test]
fn a_late_completion_needs_the_reason_for_the_delay() {
    let deadline = t("2026-11-23T10:17");
    // Up to and including the deadline is on time: no reason asked, any typed one dropped.
    assert_eq!(delay_reason_for(deadline, t("2026-11-23T10:17"), ""), Ok(String::new()));
    assert_eq!(delay_reason_for(deadline, t("2026-11-23T10:10"), "传真机故障"), Ok(String::new()));
    // A second after it is late: a reason is required, blanks are none.
    let late = deadline + Duration::seconds(1);
    let err = delay_reason_for(deadline, late, "  ").unwrap_err();
    assert!(err.contains("延误原因") && err.contains("10:17"), "{err}");
    assert_eq!(delay_reason_for(deadline, late, " 传真机卡纸，改用电话 "), Ok("传真机卡纸，改用电话".into()));

    // Kept in the log with the completion and read back with it; the duty shows done late.
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r3", Level::III, "2026-11-23T10:05");
    confirm(&mut inc, "c3", Level::III, "2026-11-23T10:07");
    let kind = EventKind::ObligationDischarged {
        key: "notify-parties".into(),
        channel: Channel::Phone,
        recipients: vec![],
        reference: String::new(),
        note: String::new(),
        delay_reason: "联系人电话无人接听".into(),
    };
    inc.append(ev("d", "2026-11-23T10:30", kind)).unwrap();
    let o = find(&obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:31")), "notify-parties");
    assert_eq!(o.status, Status::DoneLate);
    assert_eq!(o.discharge.unwrap().delay_reason, "联系人电话无人接听");
}

#[test]
fn the_delay_reason_is_absent_from_on_time_entries_and_old_records_still_read() {
    let on_time = EventKind::ObligationDischarged {
        key: "k".into(), channel: Channel::Fax, recipients: vec![], reference: String::new(), note: String::new(), delay_reason: String::new(),
    };
    let json = serde_json::to_string(&on_time).unwrap();
    assert_eq!(json, r#"{"type":"ObligationDischarged","key":"k","channel":"Fax","recipients":[],"reference":"","note":""}"#, "same JSON, same chain as before");
    let read: EventKind = serde_json::from_str(&json).unwrap();
    assert_eq!(read, on_time);
    let late = EventKind::ObligationDischarged {
        key: "k".into(), channel: Channel::Fax, recipients: vec![], reference: String::new(), note: String::new(), delay_reason: "停电".into(),
    };
    let json = serde_json::to_string(&late).unwrap();
    assert!(json.ends_with(r#""delay_reason":"停电"}"#), "{json}");
    assert_eq!(serde_json::from_str::<EventKind>(&json).unwrap(), late);
}

#[test]
fn a_duty_alarms_on_entering_its_last_minutes_only_when_it_had_more_time() {
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r3", Level::III, "2026-11-23T10:03");
    confirm(&mut inc, "c3", Level::III, "2026-11-23T10:07");
    let at = |inc: &Incident, now: &str| obligations(inc, &rules(), &Calendar::china_builtin(), t(now));
    // The 10-minute notice (due 10:17): quiet with 6 minutes left, alarms with 5, and again once overdue.
    assert_eq!(find(&at(&inc, "2026-11-23T10:11"), "notify-parties").alarm(t("2026-11-23T10:11")), None);
    assert_eq!(find(&at(&inc, "2026-11-23T10:12"), "notify-parties").alarm(t("2026-11-23T10:12")), Some(Alarm::LastMinutes));
    assert_eq!(find(&at(&inc, "2026-11-23T10:17:01"), "notify-parties").alarm(t("2026-11-23T10:17:01")), Some(Alarm::Overdue));
    // A 5-minute duty (report to the province, due 10:05) is in its last minutes from its start: no alarm until overdue.
    assert_eq!(find(&at(&inc, "2026-11-23T10:01"), "report-to-province").alarm(t("2026-11-23T10:01")), None);
    assert_eq!(find(&at(&inc, "2026-11-23T10:06"), "report-to-province").alarm(t("2026-11-23T10:06")), Some(Alarm::Overdue));
    // Settled, it is quiet whatever the clock says.
    done(&mut inc, "d1", "report-to-province", "2026-11-23T10:08");
    assert_eq!(find(&at(&inc, "2026-11-23T10:09"), "report-to-province").alarm(t("2026-11-23T10:09")), None);
}
