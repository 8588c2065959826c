//! The statutory holidays of a year without a published schedule: 《全国年节及纪念日放假办法》
//! computed, never stored, so days counted in such a year stay provisional.

use crate::domain::base::sort;
use crate::domain::base::i18n::t;
use crate::domain::base::time::is_weekend;
use chrono::NaiveDate;

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
    sort::natural(&mut festivals);
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
    sort::by_key(&mut days, |a| a.date);
    let weekend: Vec<AssumedDay> = days.iter().filter(|a| is_weekend(a.date)).copied().collect();
    for holiday in weekend {
        let mut day = holiday.date;
        loop {
            let Some(next) = day.succ_opt() else { break };
            day = next;
            if !is_weekend(day) && !days.iter().any(|a| a.date == day) {
                days.push(AssumedDay { date: day, festival: holiday.festival, made_up_for: Some(holiday.date) });
                break;
            }
        }
    }
    sort::by_key(&mut days, |a| a.date);
    days
}
