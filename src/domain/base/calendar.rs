//! Working days and trading days (Beijing dates).
//!
//! A working day is Mon–Fri unless a public holiday, or a weekend make-up
//! working day (调休上班). A trading day is Mon–Fri unless a public holiday:
//! the exchanges stay closed on make-up weekend days.
//!
//! A year with no published schedule in the calendar (neither built in nor
//! imported) falls back on the statutory days of 《全国年节及纪念日放假办法》,
//! computed, never stored: days counted in such a year are provisional until
//! that year's arrangement is imported.

use crate::domain::base::i18n::t;
use crate::domain::base::holidays::{has_lunar_table, statutory_fallback};
use crate::domain::base::time::{beijing_date, beijing_instant, is_weekend};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
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

    /// Whether the calendar holds a schedule for `year`: any holiday or make-up
    /// working day dated in it, built in or imported.
    pub fn has_schedule(&self, year: i32) -> bool {
        let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
            return false;
        };
        self.holidays.range(first..=last).next().is_some() || self.makeup_working_days.range(first..=last).next().is_some()
    }

    /// A day off by the year's schedule, or, for a year without one, by the statutory fallback.
    fn is_day_off(&self, day: NaiveDate) -> bool {
        if self.has_schedule(day.year()) {
            self.holidays.contains(&day)
        } else {
            statutory_fallback(day.year()).iter().any(|a| a.date == day)
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.makeup_working_days.contains(&day) {
            return true;
        }
        !is_weekend(day) && !self.is_day_off(day)
    }

    pub fn is_trading_day(&self, day: NaiveDate) -> bool {
        !is_weekend(day) && !self.is_day_off(day)
    }

    /// Whether what the calendar says of `day` is assumed: its year has no
    /// published schedule here, so the statutory fallback stands in for it.
    pub fn is_provisional(&self, day: NaiveDate) -> bool {
        !self.has_schedule(day.year())
    }

    /// Whether a count of days after `after` (excluded) up to `through`
    /// (included) passes through a provisional day.
    pub fn is_provisional_span(&self, after: NaiveDate, through: NaiveDate) -> bool {
        let Some(first) = after.succ_opt() else { return false };
        first <= through && (first.year()..=through.year()).any(|y| !self.has_schedule(y))
    }

    /// Whether [`Self::working_days_deadline`]`(from, n)` counted a provisional day.
    pub fn working_days_deadline_is_provisional(&self, from: DateTime<Utc>, n: u32) -> bool {
        let start = beijing_date(from);
        self.is_provisional_span(start, self.nth_working_day_after(start, n))
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

    /// The last year whose holiday schedule is known.
    pub fn last_year(&self) -> Option<i32> {
        self.holidays.iter().chain(&self.makeup_working_days).map(|d| d.year()).max()
    }

    /// The year whose missing schedule should be imported now: this year when
    /// it has none, or from November (when the State Council publishes it) the
    /// next year.
    pub fn missing_year(&self, today: NaiveDate) -> Option<i32> {
        if !self.has_schedule(today.year()) {
            Some(today.year())
        } else if today.month() >= 11 && !self.has_schedule(today.year() + 1) {
            Some(today.year() + 1)
        } else {
            None
        }
    }

    /// The calendar page's warning for [`Self::missing_year`]: what is assumed
    /// for that year, and that deadlines counted in it are marked.
    pub fn coverage_warning(&self, today: NaiveDate) -> Option<String> {
        let year = self.missing_year(today)?;
        let what = if has_lunar_table(year) {
            t("元旦、春节、清明节、劳动节、端午节、中秋节、国庆节")
        } else {
            t("元旦、劳动节、国庆节（春节、清明节、端午节、中秋节的日期不在内置表中，未计入）")
        };
        Some(crate::tf!(
            "未导入{0}年的节假日安排：该年的工作日和交易日暂按《全国年节及纪念日放假办法》的法定节假日推算（{1}；逢周六、周日的在其后工作日补假，第六条），不含调休上班和连休安排。在该年计算的时限标注“{2}”。国务院公布{0}年安排后，请在下方导入。",
            year,
            what,
            provisional_note()
        ))
    }
}

/// The mark on a deadline or day counted in a year without a published schedule.
pub fn provisional_note() -> &'static str {
    t("按法定节假日推算，待导入当年安排")
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
