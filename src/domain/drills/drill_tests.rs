//! Drills: the clock at 1×/10×/60×, injects, and scoring against 第十三条/第十五条.

use super::*;
use crate::domain::events::drill_setup::DrillSetup;
use crate::domain::events::event::{Author, Event};
use crate::domain::events::facts::Exchange;
use crate::domain::events::fixtures::t;
use crate::domain::base::level::Level;
use crate::domain::events::channel::Channel;

fn ev(id: &str, at: DateTime<Utc>, kind: EventKind) -> Event {
    Event { id: id.into(), occurred_at: at, recorded_at: at, author: Author { name: "李演练".into(), role: "工作小组".into() }, kind }
}

fn scenario_fixture() -> Scenario {
    zce_line()
}

fn zce_line() -> Scenario {
    Scenario {
        id: "zce-line".into(),
        plan_id: "bank-depository".into(),
        title: "日间·郑商所专线中断".into(),
        summary: String::new(),
        objectives: vec!["检验Ⅲ级通知时限".into()],
        start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        period: Period::Daytime,
        phenomenon: PhenomenonKind::System,
        subcategory: "通讯链路中断".into(),
        affected: vec![AffectedBusiness::ExchangeFunds(Exchange::Zce)],
        bank_caused: Answer::Yes,
        next_start_affected: Answer::Unknown,
        discovered_after_minutes: 2,
        description: "郑商所出入金报文发送失败".into(),
        reporting_unit: "郑州商品交易所支行".into(),
        parties: "郑州商品交易所".into(),
        duration_minutes: 60,
        injects: vec![Inject { after_minutes: 25, text: "郑商所专线仍未恢复".into() }, Inject { after_minutes: 40, text: "交易所来电".into() }],
    }
}

/// A drill of `zce_line()` started at wall-clock `real` at `speed`.
fn drill(real: &str, speed: u32) -> Incident {
    let s = zce_line();
    let cal = Calendar::china_builtin();
    let sim_start = s.sim_start(&cal, t(real));
    let setup = DrillSetup { scenario: Some(s.id.clone()), title: s.title.clone(), real_start: t(real), sim_start, speed };
    let facts = s.facts(sim_start, "李演练");
    let kind = EventKind::Opened { facts, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: Some(setup) };
    Incident::open("d".into(), ev("e0", sim_start, kind)).unwrap()
}

#[test]
fn the_drill_starts_on_the_latest_trading_day_at_the_scenarios_time() {
    let s = zce_line();
    let cal = Calendar::china_builtin();
    // Monday 2026-11-23 at 14:00: today 10:00 has passed.
    assert_eq!(s.sim_start(&cal, t("2026-11-23T14:00")), t("2026-11-23T10:00"));
    // Monday 09:00: today's 10:00 is still ahead, so the previous trading day (Friday).
    assert_eq!(s.sim_start(&cal, t("2026-11-23T09:00")), t("2026-11-20T10:00"));
    // Sunday: Friday.
    assert_eq!(s.sim_start(&cal, t("2026-11-22T15:00")), t("2026-11-20T10:00"));
}

#[test]
fn the_drill_clock_runs_at_its_speed_pauses_and_stops_at_the_end() {
    let mut d = drill("2026-11-23T14:00", 60);
    let clock = DrillClock::of(&d).unwrap();
    // One wall-clock minute at 60× is an hour of drill time.
    assert_eq!(clock.now(t("2026-11-23T14:01")), t("2026-11-23T11:00"));
    assert_eq!(clock.speed(), 60);
    // Paused at 14:01 (drill 11:00), resumed at 10× at 14:05.
    d.append(ev("c1", t("2026-11-23T11:00"), EventKind::DrillClockSet { speed: 0, real_at: t("2026-11-23T14:01") })).unwrap();
    d.append(ev("c2", t("2026-11-23T11:00"), EventKind::DrillClockSet { speed: 10, real_at: t("2026-11-23T14:05") })).unwrap();
    let clock = DrillClock::of(&d).unwrap();
    assert_eq!(clock.now(t("2026-11-23T14:04")), t("2026-11-23T11:00"), "paused");
    assert_eq!(clock.now(t("2026-11-23T14:08")), t("2026-11-23T11:30"), "three minutes at 10×");
    d.append(ev("end", t("2026-11-23T11:30"), EventKind::DrillEnded { note: String::new() })).unwrap();
    let clock = DrillClock::of(&d).unwrap();
    assert_eq!(clock.now(t("2026-11-23T18:00")), t("2026-11-23T11:30"), "stopped at the end");
    assert!(clock.ended() && clock.speed() == 0);
    assert!(d.state().closed && d.state().drill.is_some());
    // A real incident has no drill clock.
    let mut f = zce_line().facts(t("2026-11-23T10:00"), "王");
    f.title = "真实事件".into();
    let real = Incident::open("r".into(), ev("e0", t("2026-11-23T10:00"), EventKind::Opened { facts: f, plan_id: "p".into(), plan_version: "1".into(), drill: None })).unwrap();
    assert_eq!(DrillClock::of(&real), None);
}

#[test]
fn injects_fall_due_on_drill_time_once_each() {
    let mut d = drill("2026-11-23T14:00", 60);
    let s = zce_line();
    assert!(due_injects(&d, &s, t("2026-11-23T10:24")).is_empty());
    let due = due_injects(&d, &s, t("2026-11-23T10:41"));
    assert_eq!(due.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), vec![(0, t("2026-11-23T10:25")), (1, t("2026-11-23T10:40"))]);
    d.append(ev("i0", t("2026-11-23T10:25"), EventKind::DrillInject { index: 0, text: due[0].2.clone() })).unwrap();
    assert_eq!(due_injects(&d, &s, t("2026-11-23T10:41")).len(), 1, "delivered once");
}

#[test]
fn the_score_counts_obligations_met_on_time_late_and_missed() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let mut d = drill("2026-11-23T14:00", 60);
    // The rules make it Ⅲ at 10:05; the working group confirms at 10:06 → notify parties by 10:16 (第十五条（一）1).
    let rise = d.due_rises(&plan, &cal, t("2026-11-23T10:06"));
    let step = &rise[0];
    d.append(ev("r1", step.at, EventKind::Classified { level: step.level, effective_at: step.at, rule: step.rule.clone() })).unwrap();
    d.append(ev("c1", t("2026-11-23T10:06"), EventKind::LevelConfirmed { level: Level::III })).unwrap();
    let done = |key: &str| EventKind::ObligationDischarged {
        key: key.into(),
        channel: Channel::Phone,
        recipients: vec![],
        reference: String::new(),
        note: String::new(),
        delay_reason: String::new(),
    };
    d.append(ev("d1", t("2026-11-23T10:10"), done("notify-parties"))).unwrap();
    // Reported to the province at 10:09, though due by 10:07 (discovered 10:02 + 5 min).
    d.append(ev("d2", t("2026-11-23T10:09"), done("report-to-province"))).unwrap();
    d.append(ev("end", t("2026-11-23T10:40"), EventKind::DrillEnded { note: String::new() })).unwrap();
    let s = score(&d, &plan, &cal, t("2026-11-23T10:40"));
    let outcome = |title: &str| s.lines.iter().find(|l| l.title.starts_with(title)).map(|l| l.outcome);
    assert_eq!(outcome("通知受影响各方"), Some(Outcome::OnTime));
    assert_eq!(outcome("向省级分行实施工作小组报告"), Some(Outcome::Late));
    assert_eq!(outcome("以传真向交易所"), Some(Outcome::Missed), "the fax report was due by 10:36 (bank-caused)");
    // Due by 10:40: the province report (late), notify-parties (on time); missed: the operations centre's
    // report and the manual-business preparation (10:07), the province's report upwards (10:09 + 5), the fax (10:36).
    assert_eq!((s.on_time, s.late, s.missed), (1, 1, 4), "{}", s.table());
    assert_eq!(s.percent, Some(17));
    assert_eq!(s.headline(), "按时 1 项，超时 1 项，未完成 4 项；按时率 17%");
    assert_eq!(s.lines.iter().filter(|l| l.outcome == Outcome::NotDue).count(), 1, "the first progress round (11:16) is not due");
    assert!(s.problems().contains("超时：向省级分行实施工作小组报告"));
    assert!(s.table().contains("按时｜通知受影响各方"));
}

#[test]
fn the_scenario_library_covers_the_plans_cases_and_every_scenario_is_valid() {
    use crate::domain::incidents::draft::IncidentDraft;
    let all = scenarios();
    let bank: Vec<&Scenario> = all.iter().filter(|s| s.plan_id == "bank-depository").collect();
    assert_eq!(next_inject(&drill("2026-11-23T14:00", 60), &scenario_fixture(), t("2026-11-23T10:30")), Some(t("2026-11-23T10:40")));
    assert!(bank.len() >= 6, "at least six bank scenarios");
    assert!(all.iter().any(|s| s.plan_id == "securities-company"));
    let has = |f: &dyn Fn(&Scenario) -> bool| bank.iter().any(|s| f(s));
    assert!(has(&|s| s.period == Period::Daytime) && has(&|s| s.period == Period::EndOfDay), "日间 and 日终");
    for kind in PhenomenonKind::ALL {
        assert!(has(&|s| s.phenomenon == kind), "{kind:?}");
    }
    for x in Exchange::ALL {
        assert!(has(&|s| s.affected.contains(&AffectedBusiness::ExchangeFunds(x))), "{x:?}");
    }
    assert!(has(&|s| s.bank_caused == Answer::Yes) && has(&|s| s.bank_caused == Answer::No), "bank-caused or not");
    assert!(has(&|s| s.affected.contains(&AffectedBusiness::DataSubmission)));
    let cal = Calendar::china_builtin();
    let (lib, _) = crate::domain::plans::plan_library::PlanLibrary::new(vec![], Default::default());
    let mut ids = std::collections::HashSet::new();
    for s in all {
        assert!(ids.insert(&s.id), "unique id {}", s.id);
        let plan = lib.current(&s.plan_id).unwrap_or_else(|| panic!("{} names a missing plan", s.id));
        let subs = match s.phenomenon {
            PhenomenonKind::System => &plan.subcategories.system,
            PhenomenonKind::Application => &plan.subcategories.application,
            PhenomenonKind::Data => &plan.subcategories.data,
        };
        assert!(subs.contains(&s.subcategory), "{}: {}", s.id, s.subcategory);
        assert!(s.injects.windows(2).all(|w| w[0].after_minutes < w[1].after_minutes), "{}: injects in order", s.id);
        assert!(s.injects.iter().all(|i| i.after_minutes < s.duration_minutes), "{}", s.id);
        // The scenario's facts pass the same checks as a typed-in incident.
        let start = s.sim_start(&cal, t("2026-11-23T23:00"));
        let facts = s.facts(start, "李演练");
        let draft = IncidentDraft::from_facts(&facts);
        assert_eq!(draft.validate(t("2026-11-24T23:00")).map(|f| f.title), Ok(s.title.clone()), "{}", s.id);
    }
}

#[test]
fn a_bank_scenario_at_sixty_times_rises_by_the_plan_and_injects_on_time() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let s = super::scenario("dce-line-down").unwrap().clone();
    let real = t("2026-11-23T14:00");
    let sim_start = s.sim_start(&cal, real);
    let setup = DrillSetup { scenario: Some(s.id.clone()), title: s.title.clone(), real_start: real, sim_start, speed: 60 };
    let kind = EventKind::Opened { facts: s.facts(sim_start, "李演练"), plan_id: plan.id.clone(), plan_version: plan.version.clone(), drill: Some(setup) };
    let d = Incident::open("d".into(), ev("e0", sim_start, kind)).unwrap();
    let clock = DrillClock::of(&d).unwrap();
    // 150 minutes of scenario in two and a half real minutes.
    let end = clock.now(real + Duration::seconds(150));
    assert_eq!(end - sim_start, Duration::minutes(150));
    let levels: Vec<Level> = d.due_rises(&plan, &cal, end).into_iter().map(|r| r.level).collect();
    assert_eq!(levels, vec![Level::III, Level::II, Level::I], "5 min, 30 min, 2 h of daytime impact (第七条)");
    assert_eq!(due_injects(&d, &s, end).len(), s.injects.len());
}

#[test]
fn an_ended_drill_refuses_late_discharges_and_each_inject_is_logged_once() {
    let mut d = drill("2026-11-23T14:00", 60);
    d.append(ev("i0", t("2026-11-23T10:25"), EventKind::DrillInject { index: 0, text: "a".into() })).unwrap();
    assert!(d.append(ev("i0b", t("2026-11-23T10:25"), EventKind::DrillInject { index: 0, text: "a".into() })).is_err());
    d.append(ev("end", t("2026-11-23T10:40"), EventKind::DrillEnded { note: String::new() })).unwrap();
    let late = EventKind::ObligationDischarged { key: "notify-parties".into(), channel: Channel::Phone, recipients: vec![], reference: String::new(), note: String::new(), delay_reason: String::new() };
    assert!(d.append(ev("d1", t("2026-11-23T10:12"), late)).unwrap_err().to_string().contains("演练已结束"));
    d.append(ev("n1", t("2026-11-23T10:40"), EventKind::Note { text: "复盘".into(), major: false })).unwrap();
}

#[test]
fn a_duty_still_open_is_never_called_missed_in_english() {
    use crate::domain::base::i18n::{in_lang, Lang};
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let d = drill("2026-11-23T14:00", 60);
    // Discovered 10:02: at 10:04 every duty is open and none has fallen due, so none counts against the drill.
    let s = score(&d, &plan, &cal, t("2026-11-23T10:04"));
    assert_eq!((s.on_time, s.late, s.missed, s.percent), (0, 0, 0, None), "{}", s.table());
    assert!(s.lines.iter().all(|l| l.outcome == Outcome::NotDue));
    // At 10:08 the first reports (due 10:07) are past their deadline but can still be made:
    // counted as overdue, and worded so, not as missed.
    let s = score(&d, &plan, &cal, t("2026-11-23T10:08"));
    assert_eq!(s.missed, 3, "{}", s.table());
    in_lang(Lang::En, || {
        let headline = s.headline();
        assert_eq!(headline, "0 on time, 0 late, 3 overdue and not done; 0% on time");
        assert!(!headline.to_lowercase().contains("missed"));
        assert_eq!(Outcome::Missed.name(), "Not done");
        // Done after the deadline is "late", not "overdue" (which is still to do).
        assert_eq!(Outcome::Late.name(), "Late");
    });
}

#[test]
fn a_late_duty_carries_its_delay_reason_into_the_problems_found() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let mut d = drill("2026-11-23T14:00", 60);
    let late = EventKind::ObligationDischarged {
        key: "report-to-province".into(),
        channel: Channel::Phone,
        recipients: vec![],
        reference: String::new(),
        note: String::new(),
        delay_reason: "省分行电话占线".into(),
    };
    d.append(ev("d1", t("2026-11-23T10:09"), late)).unwrap();
    let s = score(&d, &plan, &cal, t("2026-11-23T10:10"));
    assert!(s.problems().contains("超时：向省级分行实施工作小组报告故障或交易异常现象（第十三条（一））；延误原因：省分行电话占线"), "{}", s.problems());
}
