//! A year's schedule typed or imported as text (`2027-01-01,休`), checked whole,
//! previewed year by year before it changes anything, stored one line per date,
//! and undone.

use crate::domain::base::calendar::Calendar;
use crate::domain::base::i18n::t;
use crate::domain::base::time::is_weekend;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

impl Calendar {
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
        "班" | "work" if is_weekend(date) => Ok(Some((date, DayKind::Work))), // zh-only: the file's vocabulary
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
