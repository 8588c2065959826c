//! Working days and trading days (Beijing dates).
//!
//! A working day is Mon–Fri unless a public holiday, or a weekend make-up
//! working day (调休上班). A trading day is Mon–Fri unless a public holiday:
//! the exchanges stay closed on make-up weekend days.

use super::i18n::t;
use super::time::{beijing_date, beijing_instant};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub holidays: BTreeSet<NaiveDate>,
    pub makeup_working_days: BTreeSet<NaiveDate>,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("built-in dates are valid")
}

fn span(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |x| *x <= to)
}

impl Calendar {
    /// The mainland schedules for 2025 (国办发明电〔2024〕12号) and 2026
    /// (State Council notice of 2025-11-04).
    pub fn china_builtin() -> Calendar {
        let holiday_spans = [
            (d(2025, 1, 1), d(2025, 1, 1)),
            (d(2025, 1, 28), d(2025, 2, 4)),
            (d(2025, 4, 4), d(2025, 4, 6)),
            (d(2025, 5, 1), d(2025, 5, 5)),
            (d(2025, 5, 31), d(2025, 6, 2)),
            (d(2025, 10, 1), d(2025, 10, 8)),
            (d(2026, 1, 1), d(2026, 1, 3)),
            (d(2026, 2, 15), d(2026, 2, 23)),
            (d(2026, 4, 4), d(2026, 4, 6)),
            (d(2026, 5, 1), d(2026, 5, 5)),
            (d(2026, 6, 19), d(2026, 6, 21)),
            (d(2026, 9, 25), d(2026, 9, 27)),
            (d(2026, 10, 1), d(2026, 10, 7)),
        ];
        let makeup = [
            d(2025, 1, 26),
            d(2025, 2, 8),
            d(2025, 4, 27),
            d(2025, 9, 28),
            d(2025, 10, 11),
            d(2026, 1, 4),
            d(2026, 2, 14),
            d(2026, 2, 28),
            d(2026, 5, 9),
            d(2026, 9, 20),
            d(2026, 10, 10),
        ];
        Calendar {
            holidays: holiday_spans.iter().flat_map(|(a, b)| span(*a, *b)).collect(),
            makeup_working_days: makeup.into_iter().collect(),
        }
    }

    fn is_weekend(day: NaiveDate) -> bool {
        matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.makeup_working_days.contains(&day) {
            return true;
        }
        !Self::is_weekend(day) && !self.holidays.contains(&day)
    }

    pub fn is_trading_day(&self, day: NaiveDate) -> bool {
        !Self::is_weekend(day) && !self.holidays.contains(&day)
    }

    /// The `n`-th working day after `day`; `day` itself does not count.
    pub fn nth_working_day_after(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().expect("dates stay far from chrono's limits");
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// "Within `n` working days after `from`": the end (24:00 Beijing time) of
    /// the `n`-th working day after the day of `from`.
    pub fn working_days_deadline(&self, from: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let last = self.nth_working_day_after(beijing_date(from), n);
        beijing_instant(last.succ_opt().expect("valid"), NaiveTime::MIN)
    }

    /// Adds a year's schedule typed or imported as text, one date a line:
    /// `2027-01-01,休` for a day off, `2027-01-04,班` for a make-up working day;
    /// blank lines and `#` comments are skipped. All lines or none.
    pub fn import_text(&mut self, text: &str) -> Result<usize, Vec<String>> {
        let mut holidays = Vec::new();
        let mut makeup = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let n = i + 1;
            let Some((date, kind)) = line.split_once([',', '，', '\t']) else {
                errors.push(crate::tf!("第 {0} 行：应为“日期,休”或“日期,班”", n));
                continue;
            };
            let Ok(date) = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
                errors.push(crate::tf!("第 {0} 行：日期“{1}”应写作 2027-01-01", n, date.trim()));
                continue;
            };
            // 休/班, or off/work as the English screens explain it.
            match kind.trim().to_ascii_lowercase().as_str() {
                "休" | "off" => holidays.push(date), // zh-only: the file's vocabulary
                "班" | "work" if Self::is_weekend(date) => makeup.push(date), // zh-only: the file's vocabulary
                "班" | "work" => errors.push(crate::tf!("第 {0} 行：{1} 不是周末，不需要标为调休上班", n, date)), // zh-only: the file's vocabulary
                _ => errors.push(crate::tf!("第 {0} 行：类型“{1}”应为“休”或“班”", n, kind.trim())),
            }
        }
        for d in holidays.iter().filter(|d| makeup.contains(d)) {
            errors.push(crate::tf!("{0} 同时标为休息和上班", d));
        }
        if holidays.is_empty() && makeup.is_empty() && errors.is_empty() {
            errors.push(t("没有读到任何日期").into());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let added = holidays.len() + makeup.len();
        for d in &holidays {
            self.makeup_working_days.remove(d);
        }
        for d in &makeup {
            self.holidays.remove(d);
        }
        self.holidays.extend(holidays);
        self.makeup_working_days.extend(makeup);
        Ok(added)
    }

    /// The last year whose holiday schedule is known.
    pub fn last_year(&self) -> Option<i32> {
        self.holidays.iter().chain(&self.makeup_working_days).map(|d| d.year()).max()
    }

    /// A warning when `today` is past the known schedules, or within the last
    /// weeks of the last known year: holidays would silently count as trading days.
    pub fn coverage_warning(&self, today: NaiveDate) -> Option<String> {
        let last = self.last_year()?;
        if today.year() > last {
            Some(crate::tf!("未导入{0}年的节假日安排：当前只按周末判断交易日和工作日，节假日将被误算为工作日。", today.year()))
        } else if today.year() == last && today.month() >= 11 {
            Some(crate::tf!("节假日安排只内置到{0}年；{1}年的安排公布后请尽快导入，否则元旦起的节假日将被误算为工作日。", last, last + 1))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        crate::domain::time::parse_datetime_local(text).unwrap()
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
    fn coverage_is_warned_before_it_runs_out() {
        let cal = Calendar::china_builtin();
        assert_eq!(cal.last_year(), Some(2026));
        assert_eq!(cal.coverage_warning(d(2026, 6, 1)), None);
        assert!(cal.coverage_warning(d(2026, 11, 23)).unwrap().contains("2027年的安排公布后"));
        assert!(cal.coverage_warning(d(2027, 1, 4)).unwrap().contains("未导入2027年"));
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
}
