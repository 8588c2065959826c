//! 第十三条 and 第十五条 with an injected clock: exact deadlines per level and rise.

use super::*;
use crate::domain::events::rule::Rule;
use crate::domain::events::event::{Author, Event, EventKind};
use crate::domain::events::facts::{Exchange, IncidentFacts, Period};
use crate::domain::base::calendar::Calendar;
use crate::domain::plans::plan::Plan;
use crate::domain::events::fixtures::{facts, t};

fn ev(id: &str, at: &str, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "王值班".into(), role: "工作小组".into() }, kind }
}

fn incident(bank_caused: Answer) -> Incident {
    let facts = IncidentFacts {
        title: "郑商所出入金中断".into(),
        discovered_at: t("2026-11-23T10:00"),
        started_at: t("2026-11-23T09:58"),
        affected: vec![
            AffectedBusiness::ExchangeFunds(Exchange::Zce),
            AffectedBusiness::BankFuturesTransfer { futures_company: "甲期货".into() },
        ],
        bank_caused,
        ..facts(Period::Daytime, "2026-11-23T09:58")
    };
    let opened = ev("e0", "2026-11-23T10:00", EventKind::Opened { facts, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None });
    Incident::open("i".into(), opened).unwrap()
}

fn rise(inc: &mut Incident, id: &str, level: Level, at: &str) {
    let rule = Rule::DaytimeImpact { minutes: 5, article: "第七条".into() };
    inc.append(ev(id, at, EventKind::Classified { level, effective_at: t(at), rule })).unwrap();
}

fn confirm(inc: &mut Incident, id: &str, level: Level, at: &str) {
    inc.append(ev(id, at, EventKind::LevelConfirmed { level })).unwrap();
}

fn done(inc: &mut Incident, id: &str, key: &str, at: &str) {
    let kind = EventKind::ObligationDischarged {
        key: key.into(),
        channel: Channel::Fax,
        recipients: vec!["国家金融监督管理总局".into()],
        reference: "传真回执 001".into(),
        note: String::new(),
        delay_reason: String::new(),
    };
    inc.append(ev(id, at, kind)).unwrap();
}

fn rules() -> Vec<ObligationRule> {
    Plan::bank_depository().obligations
}

fn find(list: &[Obligation], key: &str) -> Obligation {
    list.iter().find(|o| o.key == key).unwrap_or_else(|| panic!("no obligation {key} in {:?}", list.iter().map(|o| &o.key).collect::<Vec<_>>())).clone()
}

fn keys(list: &[Obligation]) -> Vec<&str> {
    list.iter().map(|o| o.key.as_str()).collect()
}

#[test]
fn before_any_confirmation_only_the_reporting_chain_runs() {
    let inc = incident(Answer::Yes);
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:02"));
    assert_eq!(keys(&list), vec!["operations-to-working-group", "prepare-manual-business", "report-to-province"]);
    let o = find(&list, "report-to-province");
    assert_eq!(o.deadline, t("2026-11-23T10:05"));
    assert_eq!(o.rule.article, "第十三条（一）");
    // Three minutes left: due soon, by time left whatever the window.
    assert_eq!(o.status, Status::DueSoon);
    assert_eq!(o.urgency(t("2026-11-23T10:02")), Urgency::LastMinutes);
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:05:30"));
    assert_eq!(find(&list, "report-to-province").status, Status::Overdue);
}

#[test]
fn the_chain_moves_on_when_the_previous_report_is_made() {
    let mut inc = incident(Answer::Yes);
    done(&mut inc, "d1", "report-to-province", "2026-11-23T10:03");
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:04"));
    assert_eq!(find(&list, "report-to-province").status, Status::DoneOnTime);
    let next = find(&list, "province-to-working-group");
    assert_eq!((next.started_at, next.deadline), (t("2026-11-23T10:03"), t("2026-11-23T10:08")));
}

#[test]
fn level_three_confirmed_at_10_07_notify_by_10_17() {
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r3", Level::III, "2026-11-23T10:03");
    assert_eq!(inc.state().unconfirmed, Some((Level::III, t("2026-11-23T10:03"))));
    confirm(&mut inc, "c3", Level::III, "2026-11-23T10:07");
    assert_eq!(inc.state().unconfirmed, None);
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:08"));
    assert_eq!(find(&list, "notify-parties").deadline, t("2026-11-23T10:17"));
    // Nine minutes left of ten: due soon; the 30-minute fax, 29 minutes off, is not yet.
    assert_eq!(find(&list, "notify-parties").status, Status::DueSoon);
    assert_eq!(find(&list, "fax-report-to-parties").deadline, t("2026-11-23T10:37"));
    assert_eq!(find(&list, "fax-report-to-parties").status, Status::Pending);
    assert_eq!(find(&list, "inform-parties-progress#1").deadline, t("2026-11-23T11:17"));
    assert!(!keys(&list).iter().any(|k| k.starts_with("regulators")), "no regulator report at Ⅲ");
    // At 10:18 nothing was done: overdue.
    assert_eq!(find(&obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:18")), "notify-parties").status, Status::Overdue);
}

#[test]
fn discharge_on_time_and_late() {
    let mut inc = incident(Answer::No);
    rise(&mut inc, "r3", Level::III, "2026-11-23T10:03");
    confirm(&mut inc, "c3", Level::III, "2026-11-23T10:07");
    done(&mut inc, "d1", "notify-parties", "2026-11-23T10:17");
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:30"));
    let o = find(&list, "notify-parties");
    assert_eq!(o.status, Status::DoneOnTime, "the bound is inclusive");
    let d = o.discharge.unwrap();
    assert_eq!((d.by.as_str(), d.channel, d.reference.as_str()), ("王值班", Channel::Fax, "传真回执 001"));

    done(&mut inc, "d2", "report-to-province", "2026-11-23T10:06");
    assert_eq!(find(&obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:30")), "report-to-province").status, Status::DoneLate);
}

#[test]
fn not_bank_caused_means_no_fax_to_the_parties() {
    let mut inc = incident(Answer::No);
    rise(&mut inc, "r3", Level::III, "2026-11-23T10:03");
    confirm(&mut inc, "c3", Level::III, "2026-11-23T10:07");
    assert!(!keys(&obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:08"))).contains(&"fax-report-to-parties"));
}

#[test]
fn rises_three_two_one_start_each_levels_duties_at_its_confirmation() {
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r3", Level::III, "2026-11-23T10:03");
    confirm(&mut inc, "c3", Level::III, "2026-11-23T10:07");
    done(&mut inc, "d-notify", "notify-parties", "2026-11-23T10:12");
    rise(&mut inc, "r2", Level::II, "2026-11-23T10:28");
    confirm(&mut inc, "c2", Level::II, "2026-11-23T10:31");
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:32"));
    assert_eq!(find(&list, "regulators-report-ii").deadline, t("2026-11-23T11:01"));
    assert_eq!(find(&list, "report-to-leadership").deadline, t("2026-11-23T10:36"));
    assert_eq!(find(&list, "local-regulators-ii").deadline, t("2026-11-23T11:31"));
    assert_eq!(find(&list, "notify-parties").status, Status::DoneOnTime, "what Ⅲ discharged stays discharged");
    assert_eq!(list.iter().filter(|o| o.rule.id == "notify-parties").count(), 1, "not started again by the rise");

    done(&mut inc, "d-reg2", "regulators-report-ii", "2026-11-23T10:50");
    rise(&mut inc, "r1", Level::I, "2026-11-23T11:58");
    confirm(&mut inc, "c1", Level::I, "2026-11-23T12:02");
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T16:30"));
    assert_eq!(find(&list, "regulators-report-ii").status, Status::DoneOnTime);
    assert_eq!(find(&list, "regulators-report-i").deadline, t("2026-11-23T12:12"));
    assert_eq!(find(&list, "report-to-leadership-i").deadline, t("2026-11-23T12:07"), "the rise to Ⅰ goes to the leadership group too");
    let progress: Vec<DateTime<Utc>> = list.iter().filter(|o| o.rule.id == "regulators-progress-i").map(|o| o.deadline).collect();
    assert_eq!(progress, vec![t("2026-11-23T14:12"), t("2026-11-23T16:12"), t("2026-11-23T18:12")], "past rounds and the next one");
}

#[test]
fn the_progress_cadence_stops_at_the_end_of_the_emergency() {
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r1", Level::I, "2026-11-23T11:58");
    confirm(&mut inc, "c1", Level::I, "2026-11-23T12:02");
    inc.append(ev("end", "2026-11-23T17:00", EventKind::ServiceRestored { note: String::new() })).unwrap();
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-24T09:00"));
    let progress: Vec<&str> = list.iter().filter(|o| o.rule.id == "regulators-progress-i").map(|o| o.key.as_str()).collect();
    assert_eq!(progress, vec!["regulators-progress-i#1", "regulators-progress-i#2"]);
    // Straight to Ⅰ: the Ⅱ report is replaced by the Ⅰ report, not owed twice.
    let ii = find(&list, "regulators-report-ii");
    assert!(matches!(ii.status, Status::NotApplicable { ref reason } if reason.contains("取代")), "{:?}", ii.status);
}

#[test]
fn a_late_level_two_report_is_not_excused_by_a_later_rise() {
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r2", Level::II, "2026-11-23T10:28");
    confirm(&mut inc, "c2", Level::II, "2026-11-23T10:31");
    rise(&mut inc, "r1", Level::I, "2026-11-23T11:58");
    confirm(&mut inc, "c1", Level::I, "2026-11-23T12:02");
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T12:05"));
    assert_eq!(find(&list, "regulators-report-ii").status, Status::Overdue);
}

#[test]
fn major_progress_at_level_two_must_reach_the_regulators_within_30_minutes() {
    let mut inc = incident(Answer::Yes);
    rise(&mut inc, "r2", Level::II, "2026-11-23T10:28");
    confirm(&mut inc, "c2", Level::II, "2026-11-23T10:31");
    inc.append(ev("p1", "2026-11-23T11:10", EventKind::Note { text: "已切换备用线路".into(), major: true })).unwrap();
    inc.append(ev("n1", "2026-11-23T11:12", EventKind::Note { text: "普通记录".into(), major: false })).unwrap();
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T11:15"));
    let o = find(&list, "regulators-major-progress@p1");
    assert_eq!(o.deadline, t("2026-11-23T11:40"));
    assert_eq!(list.iter().filter(|o| o.rule.id == "regulators-major-progress").count(), 1);
}

#[test]
fn not_applicable_needs_a_reason_and_is_shown_with_it() {
    let mut inc = incident(Answer::Yes);
    let bare = EventKind::ObligationNotApplicable { key: "operations-to-working-group".into(), reason: " ".into() };
    assert!(inc.append(ev("na0", "2026-11-23T10:01", bare)).is_err());
    let kind = EventKind::ObligationNotApplicable { key: "operations-to-working-group".into(), reason: "由支行发现，非营运中心监测".into() };
    inc.append(ev("na", "2026-11-23T10:01", kind)).unwrap();
    let o = find(&obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T11:00")), "operations-to-working-group");
    assert_eq!(o.status, Status::NotApplicable { reason: "由支行发现，非营运中心监测".into() });
    // Settled once: a second record for the same duty is refused.
    assert!(inc.append(ev("d", "2026-11-23T10:02", EventKind::ObligationDischarged {
        key: "operations-to-working-group".into(), channel: Channel::Phone, recipients: vec![], reference: String::new(), note: String::new(),
        delay_reason: String::new(),
    })).is_err());
}

#[test]
fn only_the_level_in_effect_can_be_confirmed() {
    let mut inc = incident(Answer::Yes);
    assert!(inc.append(ev("c", "2026-11-23T10:01", EventKind::LevelConfirmed { level: Level::III })).is_err(), "nothing to confirm yet");
    rise(&mut inc, "r3", Level::III, "2026-11-23T10:03");
    rise(&mut inc, "r2", Level::II, "2026-11-23T10:28");
    assert!(inc.append(ev("c3", "2026-11-23T10:30", EventKind::LevelConfirmed { level: Level::III })).is_err(), "Ⅲ is no longer in effect");
    confirm(&mut inc, "c2", Level::II, "2026-11-23T10:31");
    // Confirming Ⅱ directly starts the Ⅲ duties too.
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:32"));
    assert_eq!(find(&list, "notify-parties").deadline, t("2026-11-23T10:41"));
}

#[test]
fn a_manual_reclassification_counts_as_the_decision() {
    let mut inc = incident(Answer::Yes);
    let kind = EventKind::Reclassified { level: Some(Level::I), reason: "领导小组决定".into() };
    inc.append(ev("m", "2026-11-23T10:05", kind)).unwrap();
    assert_eq!(inc.state().unconfirmed, None);
    let list = obligations(&inc, &rules(), &Calendar::china_builtin(), t("2026-11-23T10:06"));
    assert_eq!(find(&list, "regulators-report-i").deadline, t("2026-11-23T10:15"));
}

#[path = "obligation_recipient_tests.rs"]
mod recipients;
