//! The incident form: every field checked, with its own message.

use super::*;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    // 2026-11-23 10:07 Beijing
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 7, 0).unwrap()
}

fn good() -> IncidentDraft {
    IncidentDraft {
        title: "大商所出入金通讯中断".into(),
        discovered_at: "2026-11-23T10:02".into(),
        started_at: "2026-11-23T10:00".into(),
        phenomenon: Some(PhenomenonKind::System),
        exchanges: vec![Exchange::Zce, Exchange::Dce, Exchange::Dce],
        futures_companies: "甲期货，乙期货、 甲期货".into(),
        data_submission: true,
        ..IncidentDraft::default()
    }
}

fn fields(draft: &IncidentDraft) -> Vec<Field> {
    draft.validate(now()).unwrap_err().into_iter().map(|e| e.field).collect()
}

#[test]
fn a_complete_draft_becomes_facts() {
    let facts = good().validate(now()).unwrap();
    assert_eq!(facts.title, "大商所出入金通讯中断");
    assert_eq!(facts.started_at, Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap());
    assert_eq!(
        facts.affected,
        vec![
            AffectedBusiness::ExchangeFunds(Exchange::Dce),
            AffectedBusiness::ExchangeFunds(Exchange::Zce),
            AffectedBusiness::BankFuturesTransfer { futures_company: "甲期货".into() },
            AffectedBusiness::BankFuturesTransfer { futures_company: "乙期货".into() },
            AffectedBusiness::DataSubmission,
        ]
    );
}

#[test]
fn empty_title_and_missing_phenomenon_are_named() {
    let draft = IncidentDraft { title: "   ".into(), phenomenon: None, ..good() };
    assert_eq!(fields(&draft), vec![Field::Title, Field::Phenomenon]);
}

#[test]
fn start_after_discovery_is_rejected() {
    let draft = IncidentDraft { started_at: "2026-11-23T10:05".into(), ..good() };
    let errors = draft.validate(now()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, Field::StartedAt);
    assert!(errors[0].message.contains("不能晚于发现时间"));
}

#[test]
fn future_times_are_rejected_beyond_a_minute() {
    let draft = IncidentDraft { discovered_at: "2026-11-23T10:08".into(), ..good() };
    assert!(draft.validate(now()).is_ok(), "the current minute's edge is allowed");
    let draft = IncidentDraft { discovered_at: "2026-11-23T10:09".into(), ..good() };
    let errors = draft.validate(now()).unwrap_err();
    assert_eq!(errors[0].field, Field::DiscoveredAt);
    assert!(errors[0].message.contains("2026-11-23 10:07"), "{}", errors[0].message);
}

#[test]
fn missing_and_malformed_times_have_their_own_messages() {
    let draft = IncidentDraft { discovered_at: "".into(), started_at: "明天".into(), ..good() };
    let errors = draft.validate(now()).unwrap_err();
    assert_eq!(errors[0].message, "请填写发现时间");
    assert!(errors[1].message.contains("格式不正确"));
}

#[test]
fn next_start_answer_only_kept_for_end_of_day() {
    let draft = IncidentDraft { next_start_affected: Answer::Yes, ..good() };
    assert_eq!(draft.validate(now()).unwrap().next_start_affected, Answer::Unknown);
    let draft = IncidentDraft { period: Period::EndOfDay, next_start_affected: Answer::Yes, ..good() };
    assert_eq!(draft.validate(now()).unwrap().next_start_affected, Answer::Yes);
}

#[test]
fn a_mistyped_year_is_caught() {
    let draft = IncidentDraft { started_at: "0202-11-23T10:00".into(), ..good() };
    let errors = draft.validate(now()).unwrap_err();
    assert_eq!((errors[0].field, errors[0].message.as_str()), (Field::StartedAt, "开始时间早于一年前，请检查年份"));
}

#[test]
fn an_incident_recorded_after_restoration_carries_its_restoration_time() {
    let draft = IncidentDraft { restored_at: "2026-11-23T10:05".into(), ..good() };
    let new = draft.validate_new(now()).unwrap();
    assert_eq!(new.restored_at, Some(Utc.with_ymd_and_hms(2026, 11, 23, 2, 5, 0).unwrap()));
    let draft = IncidentDraft { restored_at: "2026-11-23T09:59".into(), ..good() };
    let errors = draft.validate_new(now()).unwrap_err();
    assert_eq!(errors[0].field, Field::RestoredAt);
    assert!(errors[0].message.starts_with("恢复时间不能早于事件开始时间"), "{}", errors[0].message);
    let draft = IncidentDraft { restored_at: "2026-11-23T09:59".into(), title: String::new(), ..good() };
    assert_eq!(draft.validate_new(now()).unwrap_err().len(), 1, "only the title: the restoration parses");
}

#[test]
fn a_correction_starts_from_the_recorded_facts() {
    let facts = good().validate(now()).unwrap();
    let again = IncidentDraft::from_facts(&facts).validate(now()).unwrap();
    assert_eq!(again, facts);
}

#[test]
fn names_and_text_are_cleaned_on_input() {
    // One company however many invisible characters follow it.
    assert_eq!(split_names("中信期货、中信期货\u{200B}，\u{FEFF}中信期货\u{202E}；乙期货"), vec!["中信期货", "乙期货"]);
    assert_eq!(split_names("\u{200B}、 \u{2060} "), Vec::<String>::new(), "invisible-only names are blanks");
    let draft = IncidentDraft {
        title: "\u{202E}大商所出入金通讯中断\u{FFFE}".into(),
        description: "第一行\r\n\u{200B}第二行".into(),
        futures_companies: "甲期货\u{200B}，甲期货".into(),
        reporter: " 王\u{200D}值班 ".into(),
        ..good()
    };
    let facts = draft.validate(now()).unwrap();
    assert_eq!(facts.title, "大商所出入金通讯中断");
    assert_eq!(facts.description, "第一行\n第二行");
    assert_eq!(facts.reporter, "王值班");
    let companies: Vec<&AffectedBusiness> = facts.affected.iter().filter(|a| matches!(a, AffectedBusiness::BankFuturesTransfer { .. })).collect();
    assert_eq!(companies, vec![&AffectedBusiness::BankFuturesTransfer { futures_company: "甲期货".into() }]);
    let blank = IncidentDraft { title: "\u{200B}\u{FEFF}".into(), ..good() };
    assert_eq!(fields(&blank), vec![Field::Title], "an invisible title is an empty one");
}

#[test]
fn overlong_title_is_rejected() {
    let draft = IncidentDraft { title: "断".repeat(101), ..good() };
    assert_eq!(fields(&draft), vec![Field::Title]);
}
