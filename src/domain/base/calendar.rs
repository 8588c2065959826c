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
use crate::domain::plans::playbook::Schedule;
use crate::domain::base::time::{beijing_date, beijing_instant};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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
        !Self::is_weekend(day) && !self.is_day_off(day)
    }

    pub fn is_trading_day(&self, day: NaiveDate) -> bool {
        !Self::is_weekend(day) && !self.is_day_off(day)
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

    /// Whether a duty's deadline, as `schedule` computes it from `start`, is
    /// provisional. Deadlines in minutes never read the calendar.
    pub fn deadline_is_provisional(&self, schedule: &Schedule, start: DateTime<Utc>) -> bool {
        match schedule {
            Schedule::WorkingDays { days } => self.working_days_deadline_is_provisional(start, *days),
            Schedule::Within { .. } | Schedule::Every { .. } => false,
        }
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
    /// blank lines and `#` comments are skipped. All lines or none. Returns how
    /// many distinct dates the text holds (a line repeated counts once).
    pub fn import_text(&mut self, text: &str) -> Result<usize, Vec<String>> {
        let days = read_schedule(text)?.days;
        let n = days.len();
        self.apply(&days);
        Ok(n)
    }

    fn apply(&mut self, days: &BTreeMap<NaiveDate, DayKind>) {
        for (date, kind) in days {
            match kind {
                DayKind::Off => {
                    self.makeup_working_days.remove(date);
                    self.holidays.insert(*date);
                }
                DayKind::Work => {
                    self.holidays.remove(date);
                    self.makeup_working_days.insert(*date);
                }
            }
        }
    }

    /// What the calendar says of `date` by its listed days, if it lists it.
    fn listed(&self, date: NaiveDate) -> Option<DayKind> {
        if self.holidays.contains(&date) {
            Some(DayKind::Off)
        } else if self.makeup_working_days.contains(&date) {
            Some(DayKind::Work)
        } else {
            None
        }
    }

    /// What importing `text` would change, year by year, before anything changes.
    /// `this_year` decides which years are plausible (within [`PLAUSIBLE_YEARS`]).
    pub fn preview_import(&self, text: &str, this_year: i32) -> Result<ImportPreview, Vec<String>> {
        let read = read_schedule(text)?;
        let mut years: BTreeMap<i32, YearPreview> = BTreeMap::new();
        for (date, kind) in &read.days {
            let y = years.entry(date.year()).or_insert_with(|| YearPreview {
                year: date.year(),
                added: 0,
                changed: 0,
                unchanged: 0,
                had_schedule: self.has_schedule(date.year()),
                plausible: is_plausible_year(date.year(), this_year),
            });
            match self.listed(*date) {
                None => y.added += 1,
                Some(k) if k == *kind => y.unchanged += 1,
                Some(_) => y.changed += 1,
            }
        }
        Ok(ImportPreview { years: years.into_values().collect(), lines: read.lines, dates: read.days.len(), this_year })
    }

    /// Imports `text` after [`Self::preview_import`]: refused whole (nothing changes)
    /// when it holds a year outside this year ± [`PLAUSIBLE_YEARS`] that is not in
    /// `confirmed`, the user's explicit yes for that year.
    pub fn import_checked(&mut self, text: &str, this_year: i32, confirmed: &[i32]) -> Result<ImportPreview, Vec<String>> {
        let preview = self.preview_import(text, this_year)?;
        let refused: Vec<String> = preview
            .implausible()
            .into_iter()
            .filter(|y| !confirmed.contains(y))
            .map(|y| crate::tf!("{0} 年不在 {1}–{2} 年之内，可能是笔误；如确实要导入，请在预览中勾选确认该年", y, this_year - PLAUSIBLE_YEARS, this_year + PLAUSIBLE_YEARS))
            .collect();
        if !refused.is_empty() {
            return Err(refused);
        }
        self.import_text(text)?;
        Ok(preview)
    }

    /// The built-in schedules plus what was imported here (`calendar-extra`).
    /// Read line by line, the later line winning: texts stored by earlier
    /// versions simply appended each import, so a date may appear twice.
    pub fn with_extra(extra: &str) -> Calendar {
        let mut cal = Calendar::china_builtin();
        cal.apply(&read_stored(extra));
        cal
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

/// How far from the current year an imported year may lie without an explicit yes:
/// schedules are published for the next year only, and kept for a year or two back.
pub const PLAUSIBLE_YEARS: i32 = 2;

pub fn is_plausible_year(year: i32, this_year: i32) -> bool {
    (year - this_year).abs() <= PLAUSIBLE_YEARS
}

/// A listed day: off (休) or a weekend made a working day (班).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    Off,
    Work,
}

/// A schedule text, read and checked.
struct ReadSchedule {
    /// Distinct dates; a line repeated counts once.
    days: BTreeMap<NaiveDate, DayKind>,
    /// Lines that name a date (comments and blank lines left out).
    lines: usize,
}

/// One line of a schedule: `Ok(None)` for a blank line or a comment.
fn read_line(raw: &str, n: usize) -> Result<Option<(NaiveDate, DayKind)>, String> {
    let line = raw.trim().trim_start_matches('\u{feff}');
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let Some((date, kind)) = line.split_once([',', '，', '\t']) else {
        return Err(crate::tf!("第 {0} 行：应为“日期,休”或“日期,班”", n));
    };
    let Ok(date) = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
        return Err(crate::tf!("第 {0} 行：日期“{1}”应写作 2027-01-01", n, date.trim()));
    };
    // 休/班, or off/work as the English screens explain it.
    match kind.trim().to_ascii_lowercase().as_str() {
        "休" | "off" => Ok(Some((date, DayKind::Off))), // zh-only: the file's vocabulary
        "班" | "work" if Calendar::is_weekend(date) => Ok(Some((date, DayKind::Work))), // zh-only: the file's vocabulary
        "班" | "work" => Err(crate::tf!("第 {0} 行：{1} 不是周末，不需要标为调休上班", n, date)), // zh-only: the file's vocabulary
        _ => Err(crate::tf!("第 {0} 行：类型“{1}”应为“休”或“班”", n, kind.trim())),
    }
}

/// Reads a schedule typed or pasted: every line checked, any problem refuses the whole text.
fn read_schedule(text: &str) -> Result<ReadSchedule, Vec<String>> {
    let mut days: BTreeMap<NaiveDate, DayKind> = BTreeMap::new();
    let mut lines = 0;
    let mut errors = Vec::new();
    let mut clashes: BTreeSet<NaiveDate> = BTreeSet::new();
    for (i, raw) in text.lines().enumerate() {
        match read_line(raw, i + 1) {
            Ok(None) => {}
            Ok(Some((date, kind))) => {
                lines += 1;
                if days.insert(date, kind).is_some_and(|before| before != kind) {
                    clashes.insert(date);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    for d in clashes {
        errors.push(crate::tf!("{0} 同时标为休息和上班", d));
    }
    if days.is_empty() && errors.is_empty() {
        errors.push(t("没有读到任何日期").into());
    }
    if errors.is_empty() { Ok(ReadSchedule { days, lines }) } else { Err(errors) }
}

/// The imported days as stored, read leniently: each line on its own, the later
/// winning, an unreadable one skipped (every line was checked when imported).
fn read_stored(text: &str) -> BTreeMap<NaiveDate, DayKind> {
    let mut days = BTreeMap::new();
    for raw in text.lines() {
        if let Ok(Some((date, kind))) = read_line(raw, 0) {
            days.insert(date, kind);
        }
    }
    days
}

/// The stored text after importing `text` on top of `previous`: one line per
/// imported date, in date order, so repeats never pile up and any version reads it.
pub fn stored_after_import(previous: &str, text: &str) -> String {
    let mut days = read_stored(previous);
    days.extend(read_stored(text));
    days.iter()
        .map(|(date, kind)| format!("{date},{}", match kind { DayKind::Off => "休", DayKind::Work => "班" })) // zh-only: the stored file's vocabulary
        .collect::<Vec<_>>()
        .join("\n")
}

/// What importing a schedule changes in one year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearPreview {
    pub year: i32,
    /// Dates not listed before.
    pub added: usize,
    /// Dates listed before as the other kind (休 ↔ 班).
    pub changed: usize,
    /// Dates already listed the same way.
    pub unchanged: usize,
    /// Whether the year had a schedule: if not, importing replaces the statutory fallback.
    pub had_schedule: bool,
    /// Within this year ± [`PLAUSIBLE_YEARS`].
    pub plausible: bool,
}

/// What importing a schedule would change, before it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPreview {
    pub years: Vec<YearPreview>,
    /// Lines naming a date.
    pub lines: usize,
    /// Distinct dates among them.
    pub dates: usize,
    pub this_year: i32,
}

impl ImportPreview {
    /// Years that need an explicit yes.
    pub fn implausible(&self) -> Vec<i32> {
        self.years.iter().filter(|y| !y.plausible).map(|y| y.year).collect()
    }

    /// Whether importing would change nothing.
    pub fn no_change(&self) -> bool {
        self.years.iter().all(|y| y.added == 0 && y.changed == 0)
    }

    /// "共 8000 行，1 个不同日期（重复的 7999 行只计一次）".
    pub fn counted(&self) -> String {
        let repeats = self.lines - self.dates;
        if repeats == 0 {
            crate::tf!("共 {0} 个日期", self.dates)
        } else {
            crate::tf!("共 {0} 行，{1} 个不同日期（重复的 {2} 行只计一次）", self.lines, self.dates, repeats)
        }
    }

    /// One line per year: "2027年：新增 4 天，改变 0 天，不变 0 天".
    pub fn year_line(y: &YearPreview) -> String {
        crate::tf!("{0}年：新增 {1} 天，改变 {2} 天，不变 {3} 天", y.year, y.added, y.changed, y.unchanged)
    }

    /// What the year's line warns of, if anything.
    pub fn year_note(&self, y: &YearPreview) -> Option<String> {
        if !y.plausible {
            Some(crate::tf!("不在 {0}–{1} 年之内，可能是笔误：需勾选确认才会导入", self.this_year - PLAUSIBLE_YEARS, self.this_year + PLAUSIBLE_YEARS))
        } else if !y.had_schedule {
            Some(crate::tf!("该年此前没有安排：导入后只按这 {0} 个日期计算，不再按法定节假日推算", y.added + y.changed + y.unchanged))
        } else {
            None
        }
    }
}

/// Undoing the last import: the stored text before it and the one it wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarUndo {
    pub before: String,
    pub after: String,
    /// The years the import touched and its distinct dates, to name it.
    pub years: Vec<i32>,
    pub dates: usize,
}

impl CalendarUndo {
    /// The stored text to put back, refused when the calendar changed since
    /// (another tab imported): undoing then would lose that import too.
    pub fn restore(&self, current: &str) -> Result<String, String> {
        if current.trim() == self.after.trim() {
            Ok(self.before.clone())
        } else {
            Err(t("上次导入之后日历又有改动（可能来自另一个标签页），为免丢失那次改动，不能撤销。").into())
        }
    }

    /// "2027年，4 个日期".
    pub fn describe(&self) -> String {
        let years = self.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(t("、"));
        crate::tf!("{0}年，{1} 个日期", years, self.dates)
    }
}

/// The mark on a deadline or day counted in a year without a published schedule.
pub fn provisional_note() -> &'static str {
    t("按法定节假日推算，待导入当年安排")
}

/// The holidays of 《全国年节及纪念日放假办法》 (2024 revision, in force 2025-01-01), 第二条.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Festival {
    NewYear,
    Spring,
    Qingming,
    Labour,
    DragonBoat,
    MidAutumn,
    National,
}

impl Festival {
    pub fn name(self) -> &'static str {
        match self {
            Festival::NewYear => t("元旦"),
            Festival::Spring => t("春节"),
            Festival::Qingming => t("清明节"),
            Festival::Labour => t("劳动节"),
            Festival::DragonBoat => t("端午节"),
            Festival::MidAutumn => t("中秋节"),
            Festival::National => t("国庆节"),
        }
    }
}

/// A day off assumed for a year without a published schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssumedDay {
    pub date: NaiveDate,
    pub festival: Festival,
    /// For a day made up (补假, 第六条): the statutory day that fell on a weekend.
    pub made_up_for: Option<NaiveDate>,
}

/// 除夕, 清明, 端午 and 中秋 (month, day) by year: the lunar calendar and the
/// 清明 solar term, as computed with the `lunardate` and `chinese_calendar`
/// packages (project reference facts, "Statutory holidays for years without a
/// published schedule"). A year not listed gets the fixed-date holidays only.
const LUNAR_DATES: [(i32, [(u32, u32); 4]); 4] = [
    (2027, [(2, 5), (4, 5), (6, 9), (9, 15)]),
    (2028, [(1, 25), (4, 4), (5, 28), (10, 3)]),
    (2029, [(2, 12), (4, 4), (6, 16), (9, 22)]),
    (2030, [(2, 2), (4, 5), (6, 5), (9, 12)]),
];

/// The statutory fallback of `year` for the calendar page, one line per
/// holiday: "春节：02-05、02-06、02-07、02-08；补假 02-09、02-10".
pub fn assumed_lines(year: i32) -> Vec<String> {
    use crate::domain::base::time::format_day_short;
    let days = statutory_fallback(year);
    let mut festivals: Vec<Festival> = days.iter().map(|a| a.festival).collect();
    festivals.sort();
    festivals.dedup();
    festivals
        .into_iter()
        .map(|f| {
            let list = |made_up: bool| {
                days.iter().filter(|a| a.festival == f && a.made_up_for.is_some() == made_up).map(|a| format_day_short(a.date)).collect::<Vec<_>>().join(t("、"))
            };
            let (own, made_up) = (list(false), list(true));
            if made_up.is_empty() { crate::tf!("{0}：{1}", f.name(), own) } else { crate::tf!("{0}：{1}；补假 {2}", f.name(), own, made_up) }
        })
        .collect()
}

/// Whether the built-in table knows `year`'s lunar and solar-term holidays.
pub fn has_lunar_table(year: i32) -> bool {
    LUNAR_DATES.iter().any(|(y, _)| *y == year)
}

/// The statutory days off of `year` when no schedule is published, in date
/// order: the holidays of 第二条 (元旦 1-1; 春节 除夕 to 正月初三; 清明; 劳动节 5-1–5-2;
/// 端午; 中秋; 国庆节 10-1–10-3), and for each that falls on a Saturday or Sunday,
/// a day made up on the next Monday–Friday not already off (第六条). Days
/// where two holidays meet (2028-10-03: 中秋 and 国庆) count once. No weekend
/// make-up working days (调休上班): only the published arrangement sets those.
pub fn statutory_fallback(year: i32) -> Vec<AssumedDay> {
    let at = |m: u32, day: u32| NaiveDate::from_ymd_opt(year, m, day);
    let mut fixed: Vec<(Option<NaiveDate>, Festival)> = vec![
        (at(1, 1), Festival::NewYear),
        (at(5, 1), Festival::Labour),
        (at(5, 2), Festival::Labour),
        (at(10, 1), Festival::National),
        (at(10, 2), Festival::National),
        (at(10, 3), Festival::National),
    ];
    if let Some((_, [eve, qingming, dragon, moon])) = LUNAR_DATES.iter().find(|(y, _)| *y == year) {
        let eve = at(eve.0, eve.1);
        fixed.extend((0..4).map(|k| (eve.and_then(|e| e.checked_add_days(chrono::Days::new(k))), Festival::Spring)));
        fixed.push((at(qingming.0, qingming.1), Festival::Qingming));
        fixed.push((at(dragon.0, dragon.1), Festival::DragonBoat));
        fixed.push((at(moon.0, moon.1), Festival::MidAutumn));
    }
    let mut days: Vec<AssumedDay> = Vec::new();
    for (date, festival) in fixed {
        if let Some(date) = date {
            if !days.iter().any(|a| a.date == date) {
                days.push(AssumedDay { date, festival, made_up_for: None });
            }
        }
    }
    days.sort_by_key(|a| a.date);
    let weekend: Vec<AssumedDay> = days.iter().filter(|a| Calendar::is_weekend(a.date)).copied().collect();
    for holiday in weekend {
        let mut day = holiday.date;
        loop {
            let Some(next) = day.succ_opt() else { break };
            day = next;
            if !Calendar::is_weekend(day) && !days.iter().any(|a| a.date == day) {
                days.push(AssumedDay { date: day, festival: holiday.festival, made_up_for: Some(holiday.date) });
                break;
            }
        }
    }
    days.sort_by_key(|a| a.date);
    days
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
        assert!(days.iter().all(|a| Calendar::is_weekend(a.date) == false || a.made_up_for.is_none()), "made-up days are weekdays");
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
    fn deadlines_counted_into_a_year_without_a_schedule_are_provisional() {
        let cal = Calendar::china_builtin();
        // Thu 2026-12-31 + 1 working day: 元旦 is off, so Monday 2027-01-04, provisional.
        assert_eq!(cal.working_days_deadline(bj("2026-12-31T10:00"), 1), bj("2027-01-05T00:00"));
        assert!(cal.working_days_deadline_is_provisional(bj("2026-12-31T10:00"), 1));
        // Counted within 2026 it is not, even when it starts in late December.
        assert!(!cal.working_days_deadline_is_provisional(bj("2026-12-28T10:00"), 2));
        assert!(cal.working_days_deadline_is_provisional(bj("2026-12-28T10:00"), 4));
        // Deadlines in minutes never read the calendar.
        assert!(!cal.deadline_is_provisional(&Schedule::Within { minutes: 30 }, bj("2026-12-31T23:50")));
        assert!(cal.deadline_is_provisional(&Schedule::WorkingDays { days: 5 }, bj("2026-12-25T16:00")));
        assert!(!cal.deadline_is_provisional(&Schedule::WorkingDays { days: 5 }, bj("2026-11-25T16:00")));
        assert!(!cal.is_provisional_span(d(2027, 1, 4), d(2027, 1, 4)), "an empty span");
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
}
