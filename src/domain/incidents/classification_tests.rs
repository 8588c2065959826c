//! 第七条 bounds, service-hour edges and 日终 rules.

use super::*;
use crate::domain::events::facts::Answer;
use crate::domain::events::fixtures::{facts, t};

fn level_at(f: &IncidentFacts, at: &str) -> Option<Level> {
    classify(&Plan::bank_depository(), &Calendar::china_builtin(), f, None, t(at)).level
}

/// 2026-11-23 is a Monday and an ordinary trading day.
#[test]
fn article_7_daytime_bounds_are_inclusive() {
    let f = facts(Period::Daytime, "2026-11-23T09:00:00");
    let cases = [
        ("2026-11-23T09:04:59", None),
        ("2026-11-23T09:05:00", Some(Level::III)),
        ("2026-11-23T09:29:59", Some(Level::III)),
        ("2026-11-23T09:30:00", Some(Level::II)),
        ("2026-11-23T10:59:59", Some(Level::II)),
        ("2026-11-23T11:00:00", Some(Level::I)),
    ];
    for (at, want) in cases {
        assert_eq!(level_at(&f, at), want, "at {at}");
    }
}

#[test]
fn the_rule_says_which_threshold_and_article() {
    let f = facts(Period::Daytime, "2026-11-23T09:00:00");
    let c = classify(&Plan::bank_depository(), &Calendar::china_builtin(), &f, None, t("2026-11-23T09:45:00"));
    assert_eq!(c.daytime_impact, Duration::minutes(45));
    let rule = c.rule.unwrap();
    assert_eq!(rule.article(), "第七条（二）");
    assert_eq!(rule.describe(), "日间业务累计受影响已达30分钟（含），依据第七条（二）");
    let c = classify(&Plan::bank_depository(), &Calendar::china_builtin(), &f, None, t("2026-11-23T11:00:00"));
    assert!(c.rule.unwrap().describe().contains("2小时（含）"));
}

#[test]
fn impact_counts_only_from_service_opening() {
    // Started before 08:30: the first minutes do not count.
    let f = facts(Period::Daytime, "2026-11-23T08:20:00");
    assert_eq!(level_at(&f, "2026-11-23T08:34:59"), None);
    assert_eq!(level_at(&f, "2026-11-23T08:35:00"), Some(Level::III));
}

#[test]
fn impact_stops_at_close_and_resumes_next_trading_day() {
    let f = facts(Period::Daytime, "2026-11-23T15:58:00");
    // 2 minutes on Monday, nothing overnight.
    assert_eq!(level_at(&f, "2026-11-23T23:00:00"), None);
    assert_eq!(level_at(&f, "2026-11-24T08:32:59"), None);
    assert_eq!(level_at(&f, "2026-11-24T08:33:00"), Some(Level::III));
}

#[test]
fn weekends_do_not_count() {
    // Friday 15:50: 10 min by close, then Monday from 08:30.
    let f = facts(Period::Daytime, "2026-11-20T15:50:00");
    assert_eq!(level_at(&f, "2026-11-22T12:00:00"), Some(Level::III));
    assert_eq!(level_at(&f, "2026-11-23T08:49:59"), Some(Level::III));
    assert_eq!(level_at(&f, "2026-11-23T08:50:00"), Some(Level::II));
}

#[test]
fn holidays_and_makeup_saturdays_do_not_count() {
    // 2026-02-14 is a make-up working Saturday but the exchanges are closed,
    // then the spring festival runs to 02-23: impact resumes on Tue 02-24.
    let f = facts(Period::Daytime, "2026-02-14T10:00:00");
    assert_eq!(level_at(&f, "2026-02-23T20:00:00"), None);
    assert_eq!(level_at(&f, "2026-02-24T08:35:00"), Some(Level::III));
    // National day: 20 min on 09-30, nothing 10-01..10-07, then 10-08.
    let f = facts(Period::Daytime, "2026-09-30T15:40:00");
    assert_eq!(level_at(&f, "2026-10-07T12:00:00"), Some(Level::III));
    assert_eq!(level_at(&f, "2026-10-08T08:40:00"), Some(Level::II));
}

#[test]
fn restoration_stops_the_clock() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let f = facts(Period::Daytime, "2026-11-23T09:00:00");
    let c = classify(&plan, &cal, &f, Some(t("2026-11-23T09:20:00")), t("2026-11-23T15:00:00"));
    assert_eq!(c.level, Some(Level::III));
    assert_eq!(c.daytime_impact, Duration::minutes(20));
}

#[test]
fn end_of_day_affecting_next_start_is_level_two() {
    let mut f = facts(Period::EndOfDay, "2026-11-23T17:00:00");
    f.next_start_affected = Answer::Yes;
    assert_eq!(level_at(&f, "2026-11-23T17:00:00"), Some(Level::II));
}

#[test]
fn end_of_day_not_affecting_next_start_is_level_three() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let mut f = facts(Period::EndOfDay, "2026-11-23T17:00:00");
    f.next_start_affected = Answer::No;
    let c = classify(&plan, &cal, &f, Some(t("2026-11-23T21:00:00")), t("2026-11-24T12:00:00"));
    assert_eq!(c.level, Some(Level::III));
    assert_eq!(c.rule.unwrap().article(), "第七条（三）");
    // Restored exactly at the start: the start was served.
    let c = classify(&plan, &cal, &f, Some(t("2026-11-24T08:30:00")), t("2026-11-24T12:00:00"));
    assert_eq!(c.level, Some(Level::III));
}

#[test]
fn end_of_day_still_open_at_next_start_rises_and_accrues_daytime_impact() {
    let f = facts(Period::EndOfDay, "2026-11-23T17:00:00");
    assert_eq!(level_at(&f, "2026-11-24T08:29:59"), Some(Level::III));
    assert_eq!(level_at(&f, "2026-11-24T08:30:00"), Some(Level::II));
    assert_eq!(level_at(&f, "2026-11-24T10:29:59"), Some(Level::II));
    assert_eq!(level_at(&f, "2026-11-24T10:30:00"), Some(Level::I));
    let c = classify(&Plan::bank_depository(), &Calendar::china_builtin(), &f, None, t("2026-11-24T08:31:00"));
    assert_eq!(c.rule, Some(Rule::EndOfDayAffected { open_at_start: true, article: "第七条（二）".into() }));
}

#[test]
fn end_of_day_on_friday_night_waits_for_monday() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    assert_eq!(next_daytime_start(&plan, &cal, t("2026-11-20T22:00:00")), Some(t("2026-11-23T08:30:00")));
    // After the national day the next start is 10-08 (10-10 is a make-up Saturday, closed).
    assert_eq!(next_daytime_start(&plan, &cal, t("2026-09-30T20:00:00")), Some(t("2026-10-08T08:30:00")));
    // A night batch at 02:00 affects the same morning's start.
    assert_eq!(next_daytime_start(&plan, &cal, t("2026-11-24T02:00:00")), Some(t("2026-11-24T08:30:00")));
}

#[test]
fn steps_carry_the_instant_each_threshold_was_crossed() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let f = facts(Period::Daytime, "2026-11-23T15:00:00");
    let steps = level_steps(&plan, &cal, &f, None, t("2026-11-24T12:00:00"));
    let got: Vec<(DateTime<Utc>, Level)> = steps.iter().map(|s| (s.at, s.level)).collect();
    assert_eq!(
        got,
        vec![
            (t("2026-11-23T15:05:00"), Level::III),
            (t("2026-11-23T15:30:00"), Level::II),
            // 60 min on Monday, the other 60 on Tuesday morning.
            (t("2026-11-24T09:30:00"), Level::I),
        ]
    );
}

#[test]
fn a_plan_with_other_thresholds_classifies_differently() {
    let mut plan = Plan::bank_depository();
    plan.levels[0].daytime_minutes = Some(10);
    plan.service_hours.open = chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    let f = facts(Period::Daytime, "2026-11-23T08:50:00");
    let cal = Calendar::china_builtin();
    assert_eq!(classify(&plan, &cal, &f, None, t("2026-11-23T09:09:59")).level, None);
    assert_eq!(classify(&plan, &cal, &f, None, t("2026-11-23T09:10:00")).level, Some(Level::III));
}

#[test]
fn countdown_to_the_next_level() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let f = facts(Period::Daytime, "2026-11-23T09:00:00");
    let up = |current, at| upcoming_rise(&plan, &cal, &f, current, t(at));
    let after = |level, minutes| Some(Upcoming::AfterImpact { level, left: Duration::minutes(minutes) });
    assert_eq!(up(None, "2026-11-23T09:03:00"), after(Level::III, 2));
    assert_eq!(up(Some(Level::III), "2026-11-23T09:07:00"), after(Level::II, 23));
    assert_eq!(up(Some(Level::II), "2026-11-23T09:40:00"), after(Level::I, 80));
    assert_eq!(up(Some(Level::I), "2026-11-23T11:10:00"), None);
    // A manual Ⅰ leaves nothing to count down to.
    assert_eq!(up(Some(Level::I), "2026-11-23T09:03:00"), None);
}

#[test]
fn an_end_of_day_countdown_points_at_the_next_daytime_start() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    let f = facts(Period::EndOfDay, "2026-11-20T18:00:00"); // Friday evening
    assert_eq!(
        upcoming_rise(&plan, &cal, &f, Some(Level::III), t("2026-11-21T12:00:00")),
        Some(Upcoming::AtDaytimeStart { level: Level::II, at: t("2026-11-23T08:30:00") })
    );
    assert_eq!(
        upcoming_rise(&plan, &cal, &f, Some(Level::II), t("2026-11-23T09:00:00")),
        Some(Upcoming::AfterImpact { level: Level::I, left: Duration::minutes(90) })
    );
}

#[test]
fn an_end_of_day_incident_inside_service_hours_counts_impact_only_from_the_next_start() {
    // Started 15:30 on Monday, answer 否: the afternoon does not count as daytime impact.
    let mut f = facts(Period::EndOfDay, "2026-11-23T15:30:00");
    f.next_start_affected = Answer::No;
    assert_eq!(level_at(&f, "2026-11-23T16:30:00"), Some(Level::III));
    // Still open at Tuesday 08:30: Ⅱ; two hours after that start: Ⅰ.
    assert_eq!(level_at(&f, "2026-11-24T08:30:00"), Some(Level::II));
    assert_eq!(level_at(&f, "2026-11-24T10:29:59"), Some(Level::II));
    assert_eq!(level_at(&f, "2026-11-24T10:30:00"), Some(Level::I));
}

#[test]
fn an_unknown_answer_is_said_to_be_provisional() {
    let f = facts(Period::EndOfDay, "2026-11-23T17:00:00");
    let c = classify(&Plan::bank_depository(), &Calendar::china_builtin(), &f, None, t("2026-11-23T18:00:00"));
    assert!(c.rule.unwrap().describe().contains("尚待查明，暂按未受影响定级"));
}

#[test]
fn service_hours_are_half_open() {
    let plan = Plan::bank_depository();
    let cal = Calendar::china_builtin();
    assert!(!in_service_hours(&plan, &cal, t("2026-11-23T08:29:59")));
    assert!(in_service_hours(&plan, &cal, t("2026-11-23T08:30:00")));
    assert!(in_service_hours(&plan, &cal, t("2026-11-23T15:59:59")));
    assert!(!in_service_hours(&plan, &cal, t("2026-11-23T16:00:00")));
    assert!(!in_service_hours(&plan, &cal, t("2026-11-22T10:00:00")), "Sunday");
}

#[test]
fn the_basis_reads_in_the_screen_language() {
    use crate::domain::base::i18n::{in_lang, Lang};
    let f = facts(Period::Daytime, "2026-11-23T09:00:00");
    let rule = classify(&Plan::bank_depository(), &Calendar::china_builtin(), &f, None, t("2026-11-23T11:00:00")).rule.unwrap();
    let en = in_lang(Lang::En, || rule.describe());
    assert!(en.starts_with("Intraday business affected for 2 h or more in total, under "), "{en}");
    // The rule as recorded in the log keeps the plan's own article.
    assert_eq!(rule.article(), "第七条（一）");
    let manual = Rule::EndOfDayUnaffected { article: "第七条（三）".into(), provisional: true };
    assert!(in_lang(Lang::En, || manual.describe()).contains("graded as unaffected for now"));
    assert!(manual.describe().contains("暂按未受影响定级"));
}
