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

fn discharged(key: &str, reference: &str) -> EventKind {
    EventKind::ObligationDischarged {
        key: key.into(),
        channel: Channel::Fax,
        recipients: vec!["国家金融监督管理总局".into()],
        reference: reference.into(),
        note: String::new(),
        delay_reason: String::new(),
    }
}

fn done(inc: &mut Incident, id: &str, key: &str, at: &str) {
    inc.append(ev(id, at, discharged(key, "传真回执 001"))).unwrap();
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

// The oracle: the log scans `obligations` made before the index, kept verbatim.
fn ref_settlement<'a>(events: &'a [Event], key: &str, rule_id: &str) -> Option<&'a Event> {
    events
        .iter()
        .filter(|e| e.kind.settles(key) || matches!(&e.kind, EventKind::ObligationNotApplicable { key: k, .. } if k == rule_id))
        .min_by_key(|e| e.occurred_at)
}

fn ref_starts(rule: &ObligationRule, inc: &Incident, state: &IncidentState, rules: &[ObligationRule]) -> Vec<(String, DateTime<Utc>)> {
    let one = |t: Option<DateTime<Utc>>| t.map(|t| (String::new(), t)).into_iter().collect();
    match &rule.trigger {
        Trigger::Discovered => vec![(String::new(), state.facts.discovered_at)],
        Trigger::Confirmed(min) => one(confirmed_at(state, *min)),
        Trigger::AfterDischarge(previous) => {
            let done = inc.events().iter().filter(|e| matches!(&e.kind,
                EventKind::ObligationDischarged { key, .. } if key == previous)).map(|e| e.occurred_at).min();
            one(done.filter(|_| rules.iter().any(|r| &r.id == previous)))
        }
        Trigger::AfterDeadlineOf(first) => one(rules.iter().find(|r| &r.id == first && r.id != rule.id).and_then(|r| match r.schedule {
            Schedule::Within { minutes } => ref_starts(r, inc, state, rules).into_iter().map(|(_, t)| t + Duration::minutes(i64::from(minutes))).min(),
            Schedule::Every { .. } | Schedule::WorkingDays { .. } => None,
        })),
        Trigger::Ended => one(state.restored_at),
        Trigger::TerminationNotice => one(inc.events().iter().filter(|e| matches!(e.kind, EventKind::TerminationNoticeReceived { .. })).map(|e| e.occurred_at).min()),
        Trigger::DataSubmissionLate { minutes } => inc.events().iter().filter_map(|e| match &e.kind {
            EventKind::DataSubmissionDelayed { due_at, .. } => Some((format!("@{}", e.id), *due_at + Duration::minutes(i64::from(*minutes)))),
            _ => None,
        }).collect(),
        Trigger::MajorProgress(min) => inc.events().iter().filter(|e| matches!(e.kind, EventKind::Note { major: true, .. }))
            .filter(|e| confirmed_at(state, *min).is_some_and(|c| c <= e.occurred_at)).map(|e| (format!("@{}", e.id), e.occurred_at)).collect(),
    }
}

fn reference(inc: &Incident, rules: &[ObligationRule], cal: &Calendar, now: DateTime<Utc>) -> Vec<Obligation> {
    let state = inc.state();
    let mut out = Vec::new();
    for rule in rules.iter().filter(|r| applies(r.condition, &state)) {
        for (suffix, start) in ref_starts(rule, inc, &state, rules) {
            if matches!(rule.trigger, Trigger::DataSubmissionLate { .. }) && start > now { continue; }
            let (window, recurring) = match rule.schedule {
                Schedule::Within { minutes } => (Duration::minutes(i64::from(minutes.max(1))), false),
                Schedule::Every { minutes } => (Duration::minutes(i64::from(minutes.max(1))), true),
                Schedule::WorkingDays { days } => (cal.working_days_deadline(start, days) - start, false),
            };
            let rounds: Vec<(String, DateTime<Utc>)> = if recurring {
                (1..).map(|n| (n, start + window * n))
                    .take_while(|(n, d)| state.restored_at.is_none_or(|r| *d <= r) && (*n == 1 || *d - window <= now))
                    .map(|(n, d)| (format!("{}#{n}", rule.id), d)).collect()
            } else {
                vec![(format!("{}{suffix}", rule.id), start + window)]
            };
            for (key, deadline) in rounds {
                let settled = ref_settlement(inc.events(), &key, &rule.id);
                let mut status = status(deadline, settled, now);
                // The successor's earliest start, then the same test as `superseded`.
                let next = rules.iter().find(|r| Some(&r.id) == rule.superseded_by.as_ref());
                if let Some((by, next_start)) = next.and_then(|n| ref_starts(n, inc, &state, rules).into_iter().map(|(_, t)| t).min().map(|t| (n, t))) {
                    if next_start <= deadline && !settled.is_some_and(|e| e.occurred_at <= next_start) {
                        status = Status::NotApplicable { reason: crate::tf!("已由“{0}”取代", tr(&by.title)) };
                    }
                }
                out.push(Obligation { key, rule: std::sync::Arc::new(rule.clone()), started_at: start, deadline, discharge: settled.and_then(discharge), status });
            }
        }
    }
    out.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.key.cmp(&b.key)));
    out
}

fn na(key: &str, reason: &str) -> EventKind {
    EventKind::ObligationNotApplicable { key: key.into(), reason: reason.into() }
}

/// Straight to Ⅰ, recurring rounds settled every way, ties of one key at one time
/// with different content, notices, late submissions, major notes, and `notes`
/// plain notes: loaded as stored, so what `append` would refuse is in it.
fn ledger(answer: Answer, restored: bool, notes: usize) -> Incident {
    let rule = Rule::DaytimeImpact { minutes: 5, article: "第七条".into() };
    let delayed = |due: &str| EventKind::DataSubmissionDelayed { due_at: t(due), note: String::new() };
    let major = |text: &str| EventKind::Note { text: text.into(), major: true };
    let notice = EventKind::TerminationNoticeReceived { from: "郑商所".into(), note: String::new() };
    let mut log = vec![
        ev("p0", "2026-11-23T10:20", major("before the confirmation")),
        ev("r1", "2026-11-23T10:28", EventKind::Classified { level: Level::I, effective_at: t("2026-11-23T10:28"), rule }),
        ev("c1", "2026-11-23T10:31", EventKind::LevelConfirmed { level: Level::I }),
        ev("prov-a", "2026-11-23T10:03", discharged("report-to-province", "A")), ev("prov-b", "2026-11-23T10:03", discharged("report-to-province", "B")),
        ev("prov-na", "2026-11-23T10:01", na("report-to-province", "earlier, later in the log")),
        ev("np-late", "2026-11-23T10:45", discharged("notify-parties", "late")), ev("np-early", "2026-11-23T10:40", discharged("notify-parties", "early")),
        ev("reg2", "2026-11-23T10:35", discharged("regulators-report-ii", "after the successor started")),
        ev("ip1", "2026-11-23T11:30", discharged("inform-parties-progress#1", "1")),
        ev("ip2-a", "2026-11-23T12:41", discharged("inform-parties-progress#2", "A")), ev("ip2-b", "2026-11-23T12:41", discharged("inform-parties-progress#2", "B")),
        ev("ip2-na", "2026-11-23T12:41", na("inform-parties-progress#2", "tie, last")),
        ev("ip3", "2026-11-23T13:00", na("inform-parties-progress#3", "round")),
        ev("rp1", "2026-11-23T12:30", discharged("regulators-progress-i#1", "own, before the whole rule")),
        ev("rp2", "2026-11-23T16:30", discharged("regulators-progress-i#2", "after the whole rule")),
        ev("rp5", "2026-11-23T16:00", discharged("regulators-progress-i#5", "tie, before the whole rule")),
        ev("rp-all", "2026-11-23T16:00", na("regulators-progress-i", "whole rule")),
        ev("rp4", "2026-11-23T16:00", discharged("regulators-progress-i#4", "tie, after the whole rule")),
        ev("tn-late", "2026-11-23T15:00", notice.clone()), ev("tn-early", "2026-11-23T14:30", notice),
        ev("ds1", "2026-11-23T11:05", delayed("2026-11-23T11:00")), ev("ds2", "2026-11-23T13:05", delayed("2026-11-23T13:00")),
        ev("ds1-done", "2026-11-23T12:20", discharged("data-submission-recovery@ds1", "ds")),
        ev("p2", "2026-11-23T11:10", major("p2")), ev("p3", "2026-11-23T13:20", major("p3")),
        ev("p3-na", "2026-11-23T13:25", na("regulators-major-progress@p3", "own")),
        ev("mp-all", "2026-11-23T13:30", na("regulators-major-progress", "whole rule")),
    ];
    let base = t("2026-11-23T10:05");
    log.extend((0..notes).map(|i| Event {
        occurred_at: base + Duration::seconds(i as i64),
        kind: EventKind::Note { text: format!("转账 {i}"), major: i % 1000 == 999 },
        ..ev(&format!("n{i}"), "2026-11-23T10:05", EventKind::Note { text: String::new(), major: false })
    }));
    if restored {
        log.push(ev("end", "2026-11-23T17:30", EventKind::ServiceRestored { note: String::new() }));
    }
    Incident::from_log("i".into(), incident(answer).events()[0].clone(), log).unwrap()
}

const NOWS: [&str; 9] = ["2026-11-23T10:02", "2026-11-23T10:40", "2026-11-23T12:00", "2026-11-23T12:41", "2026-11-23T13:05",
    "2026-11-23T16:00", "2026-11-23T16:41", "2026-11-23T18:00", "2026-11-25T09:00"];

fn same_as_the_oracle(notes: usize) {
    let cal = Calendar::china_builtin();
    for (answer, restored) in [(Answer::No, false), (Answer::No, true), (Answer::Yes, true)] {
        let inc = ledger(answer, restored, notes);
        for now in NOWS.map(t) {
            assert_eq!(obligations(&inc, &rules(), &cal, now), reference(&inc, &rules(), &cal, now), "{answer:?} {restored} at {now}");
        }
    }
}

#[test]
fn a_long_log_gives_what_the_log_scans_gave() {
    same_as_the_oracle(0);
    // The oracle's picks, checked by hand so a shared slip cannot pass.
    let list = obligations(&ledger(Answer::No, false, 0), &rules(), &Calendar::china_builtin(), t("2026-11-23T20:00"));
    let reference_of = |key: &str| find(&list, key).discharge.map(|d| d.reference);
    assert_eq!(find(&list, "report-to-province").status, Status::NotApplicable { reason: "earlier, later in the log".into() });
    assert_eq!(find(&list, "province-to-working-group").started_at, t("2026-11-23T10:03"), "counted from the discharge only");
    assert_eq!(reference_of("notify-parties").as_deref(), Some("early"));
    assert_eq!(reference_of("inform-parties-progress#2").as_deref(), Some("A"), "a tie goes to the first in the log");
    assert_eq!(reference_of("regulators-progress-i#1").as_deref(), Some("own, before the whole rule"));
    assert_eq!(reference_of("regulators-progress-i#5").as_deref(), Some("tie, before the whole rule"));
    for key in ["regulators-progress-i#2", "regulators-progress-i#3", "regulators-progress-i#4"] {
        assert_eq!(find(&list, key).status, Status::NotApplicable { reason: "whole rule".into() }, "{key}");
    }
    assert_eq!(find(&list, "regulators-major-progress@p3").status, Status::NotApplicable { reason: "own".into() });
    assert_eq!(find(&list, "regulators-major-progress@p2").status, Status::NotApplicable { reason: "whole rule".into() });
    assert!(!keys(&list).contains(&"regulators-major-progress@p0"), "noted before the confirmation");
    assert_eq!(find(&list, "notify-termination-after-notice").started_at, t("2026-11-23T14:30"));
    assert!(matches!(find(&list, "regulators-report-ii").status, Status::NotApplicable { ref reason } if reason.contains("取代")));
    assert_eq!(reference_of("data-submission-recovery@ds1").as_deref(), Some("ds"));
    assert_eq!(find(&list, "data-submission-recovery@ds2").started_at, t("2026-11-23T14:00"));
}

#[test]
fn ten_thousand_notes_give_what_the_log_scans_gave() {
    same_as_the_oracle(10_000);
}

#[path = "obligation_recipient_tests.rs"]
mod recipients;
