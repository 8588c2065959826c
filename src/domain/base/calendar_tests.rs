//! Working days, trading days, imports and the statutory fallback.

use super::*;
use crate::domain::base::calendar_import::{is_plausible_year, stored_after_import, CalendarUndo, ImportPreview, YearPreview};
use crate::domain::base::holidays::{assumed_lines, has_lunar_table, statutory_fallback, Festival};

#[test]
fn makeup_saturday_is_a_working_day_but_not_a_trading_day() {
    let cal = Calendar::china_builtin();
    let sat = d(2026, 2, 14);
    assert!(cal.is_working_day(sat));
    assert!(!cal.is_trading_day(sat));
    let sun = d(2026, 1, 4);
    assert!(cal.is_working_day(sun) && !cal.is_trading_day(sun));
}

#[test]
fn holidays_are_neither() {
    let cal = Calendar::china_builtin();
    for day in [d(2026, 2, 16), d(2026, 10, 7), d(2025, 10, 8), d(2026, 6, 19)] {
        assert!(!cal.is_working_day(day), "{day}");
        assert!(!cal.is_trading_day(day), "{day}");
    }
}

fn bj(text: &str) -> DateTime<Utc> {
    crate::domain::base::time::parse_datetime_local(text).unwrap()
}

#[test]
fn within_n_working_days_ends_at_midnight_of_the_nth() {
    let cal = Calendar::china_builtin();
    // A Ⅲ incident ended Wed 2026-09-30 16:00: the national day runs to 10-07.
    assert_eq!(cal.working_days_deadline(bj("2026-09-30T16:00"), 1), bj("2026-10-09T00:00"));
    assert_eq!(cal.nth_working_day_after(d(2026, 9, 30), 3), d(2026, 10, 10), "Saturday 10-10 is a make-up working day");
    // A Ⅱ incident ended Fri 2026-02-13 11:00: Saturday 02-14 is a make-up working day, then the spring festival.
    assert_eq!(cal.working_days_deadline(bj("2026-02-13T11:00"), 2), bj("2026-02-25T00:00"));
    assert_eq!(cal.nth_working_day_after(d(2026, 2, 13), 5), d(2026, 2, 27));
    // The day itself never counts, even late at night.
    assert_eq!(cal.working_days_deadline(bj("2026-11-23T23:59"), 1), bj("2026-11-25T00:00"));
    assert_eq!(cal.working_days_deadline(bj("2026-11-20T09:00"), 1), bj("2026-11-24T00:00"), "Friday → Monday");
}

#[test]
fn a_new_years_schedule_is_imported_whole_or_not_at_all() {
    let mut cal = Calendar::china_builtin();
    let bad = "2027-01-01,休\n2027-01-05,班\n2027-13-01,休\n2027-02-01,假\n";
    let errors = cal.import_text(bad).unwrap_err();
    assert_eq!(errors.len(), 3);
    assert!(errors[0].starts_with("第 2 行"));
    assert_eq!(cal.last_year(), Some(2026), "nothing was added");
    let good = "# 2027\n2027-01-01,休\n2027-01-02,休\n2027-02-06,班\n";
    assert_eq!(cal.import_text(good), Ok(3));
    assert!(!cal.is_working_day(d(2027, 1, 1)));
    assert!(cal.is_working_day(d(2027, 2, 6)) && !cal.is_trading_day(d(2027, 2, 6)));
    assert_eq!(cal.coverage_warning(d(2027, 3, 1)), None);
}

#[test]
fn coverage_is_warned_on_the_calendar_page_with_what_is_assumed() {
    let cal = Calendar::china_builtin();
    assert_eq!(cal.last_year(), Some(2026));
    assert_eq!(cal.missing_year(d(2026, 6, 1)), None);
    assert_eq!(cal.coverage_warning(d(2026, 6, 1)), None, "2027 is published only in November");
    let w = cal.coverage_warning(d(2026, 12, 1)).unwrap();
    assert!(w.starts_with("未导入2027年的节假日安排"), "{w}");
    assert!(w.contains("《全国年节及纪念日放假办法》") && w.contains("春节") && w.contains("补假，第六条"), "{w}");
    assert!(w.contains("按法定节假日推算，待导入当年安排") && w.contains("请在下方导入"), "{w}");
    assert_eq!(cal.missing_year(d(2027, 1, 4)), Some(2027));
    // Beyond the lunar table only the fixed-date holidays are assumed, and the warning says so.
    let w = cal.coverage_warning(d(2031, 3, 1)).unwrap();
    assert!(w.starts_with("未导入2031年") && w.contains("不在内置表中，未计入"), "{w}");
    crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::En, || {
        let w = cal.coverage_warning(d(2026, 12, 1)).unwrap();
        assert!(w.contains("2027") && !w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{w}");
    });
}

#[test]
fn a_year_without_a_schedule_falls_back_on_the_statutory_holidays() {
    let cal = Calendar::china_builtin();
    assert!(!cal.has_schedule(2027) && cal.has_schedule(2026));
    // 元旦 and 春节 (除夕 Fri 02-05 to 初三 Mon 02-08): neither working nor trading days, and provisional.
    for day in [d(2027, 1, 1), d(2027, 2, 5), d(2027, 2, 6), d(2027, 2, 7), d(2027, 2, 8)] {
        assert!(!cal.is_working_day(day), "{day}");
        assert!(!cal.is_trading_day(day), "{day}");
        assert!(cal.is_provisional(day), "{day}");
    }
    // 初一 Sat 02-06 and 初二 Sun 02-07 are made up on Tue 02-09 and Wed 02-10 (第六条);
    // Thursday 02-11 is the first working day after the festival.
    assert!(!cal.is_working_day(d(2027, 2, 9)) && !cal.is_working_day(d(2027, 2, 10)));
    assert!(cal.is_working_day(d(2027, 2, 11)) && cal.is_trading_day(d(2027, 2, 11)));
    assert!(cal.is_provisional(d(2027, 2, 11)), "a working day of 2027 is provisional too");
    assert!(cal.is_working_day(d(2027, 1, 4)), "Monday after 元旦");
    assert!(cal.is_working_day(d(2027, 2, 4)), "the day before 除夕");
    // 清明 Mon 04-05, 端午 Wed 06-09, 中秋 Wed 09-15.
    for day in [d(2027, 4, 5), d(2027, 6, 9), d(2027, 9, 15)] {
        assert!(!cal.is_working_day(day), "{day}");
    }
    // 劳动节 Sat 05-01, Sun 05-02 → Mon 05-03, Tue 05-04; 国庆 Fri 10-01 to Sun 10-03 → Mon 10-04, Tue 10-05.
    for day in [d(2027, 5, 3), d(2027, 5, 4), d(2027, 10, 1), d(2027, 10, 4), d(2027, 10, 5)] {
        assert!(!cal.is_working_day(day) && !cal.is_trading_day(day), "{day}");
    }
    assert!(cal.is_working_day(d(2027, 5, 5)) && cal.is_working_day(d(2027, 10, 6)));
    // No weekend make-up working days are invented: only the published arrangement sets them.
    assert!(!cal.is_working_day(d(2027, 2, 13)) && !cal.is_working_day(d(2027, 9, 26)));
    // The published years are not provisional.
    assert!(!cal.is_provisional(d(2026, 12, 31)) && !cal.is_provisional(d(2025, 5, 1)));
}

#[test]
fn statutory_days_are_made_up_after_a_weekend() {
    let days = statutory_fallback(2027);
    let made_up: Vec<(NaiveDate, NaiveDate)> = days.iter().filter_map(|a| a.made_up_for.map(|f| (f, a.date))).collect();
    assert_eq!(made_up, vec![
        (d(2027, 2, 6), d(2027, 2, 9)),
        (d(2027, 2, 7), d(2027, 2, 10)),
        (d(2027, 5, 1), d(2027, 5, 3)),
        (d(2027, 5, 2), d(2027, 5, 4)),
        (d(2027, 10, 2), d(2027, 10, 4)),
        (d(2027, 10, 3), d(2027, 10, 5)),
    ]);
    assert_eq!(days.len(), 13 + 6, "13 statutory days and 6 made up");
    // 2028: 元旦 on a Saturday is made up on Monday 01-03; 中秋 meets 国庆 on 10-03 and counts once.
    let cal = Calendar::china_builtin();
    assert!(!cal.is_working_day(d(2028, 1, 3)) && cal.is_working_day(d(2028, 1, 4)));
    let days = statutory_fallback(2028);
    assert_eq!(days.iter().filter(|a| a.date == d(2028, 10, 3)).count(), 1);
    assert_eq!(days.iter().find(|a| a.made_up_for == Some(d(2028, 10, 1))).map(|a| a.date), Some(d(2028, 10, 4)));
    assert!(days.iter().all(|a| crate::domain::base::time::is_weekend(a.date) == false || a.made_up_for.is_none()), "made-up days are weekdays");
    // 春节 2029 (除夕 Mon 02-12) and 2030 (除夕 Sat 02-02: 02-02 and 02-03 made up on 02-06 and 02-07).
    assert!((12..=15).all(|k| !cal.is_working_day(d(2029, 2, k))) && cal.is_working_day(d(2029, 2, 16)));
    assert!((2..=7).all(|k| !cal.is_working_day(d(2030, 2, k))) && cal.is_working_day(d(2030, 2, 8)));
    assert_eq!(assumed_lines(2027)[1], "春节：02-05、02-06、02-07、02-08；补假 02-09、02-10");
    assert_eq!(assumed_lines(2027)[0], "元旦：01-01");
    assert_eq!(assumed_lines(2027).len(), 7);
    crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::En, || {
        assert_eq!(assumed_lines(2027)[1], "Spring Festival: 5 Feb, 6 Feb, 7 Feb, 8 Feb; made up on 9 Feb, 10 Feb");
    });
    // Beyond the table: the fixed-date holidays only, still made up.
    let days = statutory_fallback(2031);
    assert!(!has_lunar_table(2031) && has_lunar_table(2030));
    assert!(days.iter().all(|a| matches!(a.festival, Festival::NewYear | Festival::Labour | Festival::National)));
    assert!(!cal.is_working_day(d(2031, 1, 1)) && !cal.is_working_day(d(2031, 5, 2)) && !cal.is_working_day(d(2031, 10, 3)));
    assert!(cal.is_provisional(d(2031, 1, 23)) && cal.is_working_day(d(2031, 1, 23)), "春节 2031 is not assumed");
}

#[test]
fn importing_a_years_schedule_replaces_the_fallback_and_clears_the_mark() {
    let mut cal = Calendar::china_builtin();
    assert!(!cal.is_working_day(d(2027, 2, 9)), "made up by the fallback");
    // An arrangement shaped like the published ones: a long spring festival with make-up Saturdays.
    let text = "2027-01-01,休\n2027-01-02,休\n2027-01-03,休\n\
                2027-02-05,休\n2027-02-06,休\n2027-02-07,休\n2027-02-08,休\n2027-02-09,休\n2027-02-10,休\n2027-02-11,休\n2027-02-12,休\n2027-02-13,休\n\
                2027-02-20,班\n";
    assert_eq!(cal.import_text(text), Ok(13));
    assert!(cal.has_schedule(2027));
    assert!(!cal.is_provisional(d(2027, 1, 1)) && !cal.is_provisional(d(2027, 6, 9)));
    assert!(!cal.is_working_day(d(2027, 2, 11)), "the arrangement's bridge day");
    assert!(cal.is_working_day(d(2027, 2, 20)) && !cal.is_trading_day(d(2027, 2, 20)));
    // Only the imported schedule counts now: what it leaves out is no longer assumed.
    assert!(cal.is_working_day(d(2027, 6, 9)), "端午 not in this import");
    assert!(cal.is_working_day(d(2027, 5, 3)));
    assert!(!cal.working_days_deadline_is_provisional(bj("2026-12-25T16:00"), 5));
    assert_eq!(cal.coverage_warning(d(2026, 12, 1)), None);
    // Stored as before: the fallback is computed, never part of the calendar's shape.
    let json = serde_json::to_value(&cal).unwrap();
    assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), vec!["holidays", "makeup_working_days"]);
    let builtin = serde_json::to_string(&Calendar::china_builtin()).unwrap();
    assert!(!builtin.contains("2027"), "nothing of the fallback is stored");
}

#[test]
fn the_preview_counts_distinct_dates_and_what_changes_per_year() {
    let cal = Calendar::china_builtin();
    // 8,000 copies of one line are one date.
    let copies = "2027-01-01,休\n".repeat(8000);
    let p = cal.preview_import(&copies, 2026).unwrap();
    assert_eq!((p.lines, p.dates), (8000, 1));
    assert_eq!(p.counted(), "共 8000 行，1 个不同日期（重复的 7999 行只计一次）");
    let mut imported = cal.clone();
    assert_eq!(imported.import_text(&copies), Ok(1), "the import counts distinct dates too");
    // Added, changed (休 ↔ 班) and unchanged, year by year; nothing is applied by a preview.
    let text = "2026-10-01,休\n2026-10-10,休\n2026-11-21,班\n2027-01-01,休\n2027-02-06,班\n";
    let p = cal.preview_import(text, 2026).unwrap();
    assert_eq!(p.years, vec![
        YearPreview { year: 2026, added: 1, changed: 1, unchanged: 1, had_schedule: true, plausible: true },
        YearPreview { year: 2027, added: 2, changed: 0, unchanged: 0, had_schedule: false, plausible: true },
    ]);
    assert_eq!(ImportPreview::year_line(&p.years[0]), "2026年：新增 1 天，改变 1 天，不变 1 天");
    assert_eq!(p.year_note(&p.years[0]), None);
    assert!(p.year_note(&p.years[1]).unwrap().contains("不再按法定节假日推算"), "a first schedule for a year replaces the fallback");
    assert_eq!(p.counted(), "共 5 个日期");
    assert!(!p.no_change());
    assert!(cal.is_working_day(d(2026, 11, 21)) == false && !cal.has_schedule(2027), "the preview changed nothing");
    // Importing what is already there changes nothing, and the preview says so.
    assert!(cal.preview_import("2026-10-01,休\n2026-10-10,班", 2026).unwrap().no_change());
    // A broken text has no preview: the same messages as the import.
    assert_eq!(cal.preview_import("2027-02-06,休\n2027-02-06,班", 2026), Err(vec!["2027-02-06 同时标为休息和上班".to_string()]));
    crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::En, || {
        let p = cal.preview_import(&copies, 2026).unwrap();
        assert!(!p.counted().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", p.counted());
    });
}

#[test]
fn an_implausible_year_is_refused_unless_confirmed_and_covers_no_other_year() {
    let mut cal = Calendar::china_builtin();
    let typo = "2027-01-01,休\n2072-01-01,休\n";
    let p = cal.preview_import(typo, 2026).unwrap();
    assert_eq!(p.implausible(), vec![2072]);
    assert!(p.year_note(&p.years[1]).unwrap().contains("2024–2028"));
    let refused = cal.import_checked(typo, 2026, &[]).unwrap_err();
    assert_eq!(refused.len(), 1);
    assert!(refused[0].starts_with("2072 年不在 2024–2028 年之内"), "{}", refused[0]);
    assert!(!cal.has_schedule(2027) && !cal.has_schedule(2072), "refused whole: not even 2027 went in");
    // Within this year ± 2 needs no yes: 2024 and 2028 are plausible in 2026.
    assert!(is_plausible_year(2024, 2026) && is_plausible_year(2028, 2026) && !is_plausible_year(2029, 2026));
    // Confirmed explicitly, it is imported, and covers only itself.
    cal.import_checked(typo, 2026, &[2072]).unwrap();
    assert!(cal.has_schedule(2072) && cal.has_schedule(2027));
    for year in 2028..2072 {
        assert!(!cal.has_schedule(year) && cal.is_provisional(d(year, 3, 1)), "{year} still falls back");
    }
    assert_eq!(cal.missing_year(d(2028, 1, 10)), Some(2028), "the missing-year warning is not hidden");
    assert!(cal.coverage_warning(d(2028, 1, 10)).is_some());
}

#[test]
fn the_stored_text_holds_each_date_once_and_the_last_import_can_be_undone() {
    // Earlier versions appended every import: a date may be listed twice, even both ways.
    let legacy = "2027-01-01,休\n\n2027-02-06,休\n2027-01-01,休\n2027-02-06,班\n";
    let cal = Calendar::with_extra(legacy);
    assert!(!cal.is_working_day(d(2027, 1, 1)) && cal.is_working_day(d(2027, 2, 6)), "the later line wins");
    let mut strict = Calendar::china_builtin();
    assert!(strict.import_text(legacy).is_err(), "read whole, the old text would be refused");
    let stored = stored_after_import(legacy, "2027-01-02,休\n2027-01-01,休");
    assert_eq!(stored, "2027-01-01,休\n2027-01-02,休\n2027-02-06,班");
    assert_eq!(strict.import_text(&stored), Ok(3), "any version reads it");
    assert_eq!(Calendar::with_extra(""), Calendar::china_builtin());

    // Undo puts back the text from before the import, unless the calendar changed since.
    let before = "2027-01-01,休".to_string();
    let after = stored_after_import(&before, "2027-01-02,休");
    let undo = CalendarUndo { before: before.clone(), after: after.clone(), years: vec![2027], dates: 1 };
    assert_eq!(undo.restore(&after), Ok(before.clone()));
    assert!(undo.restore("2027-01-01,休\n2027-01-02,休\n2027-01-03,休").is_err(), "another tab imported since");
    assert_eq!(undo.describe(), "2027年，1 个日期");
    let restored = Calendar::with_extra(&undo.restore(&after).unwrap());
    assert!(restored.is_working_day(d(2027, 1, 4)) && !restored.is_working_day(d(2027, 1, 1)));
    assert!(!restored.holidays.contains(&d(2027, 1, 2)), "the undone date is gone");
    // The record survives a reload as a setting.
    let json = serde_json::to_string(&undo).unwrap();
    assert_eq!(serde_json::from_str::<CalendarUndo>(&json).unwrap(), undo);
}

#[test]
fn ordinary_days() {
    let cal = Calendar::china_builtin();
    assert!(cal.is_trading_day(d(2026, 11, 23))); // Monday
    assert!(!cal.is_trading_day(d(2026, 11, 22))); // Sunday
    assert!(!cal.is_working_day(d(2026, 11, 22)));
    // 2026-02-24 is the first day back after the spring festival.
    assert!(cal.is_trading_day(d(2026, 2, 24)));
}
