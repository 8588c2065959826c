//! Working days and trading days (Beijing dates).
//!
//! A working day is Mon–Fri unless a public holiday, or a weekend make-up
//! working day (调休上班). A trading day is Mon–Fri unless a public holiday:
//! the exchanges stay closed on make-up weekend days.

use chrono::{Datelike, NaiveDate, Weekday};
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

    /// The last year whose holiday schedule is known.
    pub fn last_year(&self) -> Option<i32> {
        self.holidays.iter().chain(&self.makeup_working_days).map(|d| d.year()).max()
    }

    /// A warning when `today` is past the known schedules, or within the last
    /// weeks of the last known year: holidays would silently count as trading days.
    pub fn coverage_warning(&self, today: NaiveDate) -> Option<String> {
        let last = self.last_year()?;
        if today.year() > last {
            Some(format!("未导入{}年的节假日安排：当前只按周末判断交易日和工作日，节假日将被误算为工作日。", today.year()))
        } else if today.year() == last && today.month() >= 11 {
            Some(format!("节假日安排只内置到{last}年；{}年的安排公布后请尽快导入，否则元旦起的节假日将被误算为工作日。", last + 1))
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
