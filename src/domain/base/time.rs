//! Instants are stored in UTC and always shown in Beijing time (UTC+8, no
//! daylight saving), whatever zone the workstation is set to.

use crate::domain::base::i18n::{lang, Lang};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

pub fn to_beijing(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&beijing())
}

/// The instant of a Beijing wall-clock date and time.
pub fn beijing_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    beijing()
        .from_local_datetime(&date.and_time(time))
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&Utc)
}

/// The Beijing calendar date an instant falls on.
pub fn beijing_date(t: DateTime<Utc>) -> NaiveDate {
    to_beijing(t).date_naive()
}

/// "2026-11-23 10:07:00" in Beijing time; "23 Nov 2026 10:07:00" in English.
pub fn format_beijing(t: DateTime<Utc>) -> String {
    let b = to_beijing(t);
    match lang() {
        Lang::Zh => b.format("%Y-%m-%d %H:%M:%S").to_string(),
        Lang::En => format!("{} {}", format_date(b.date_naive()), b.format("%H:%M:%S")),
    }
}

/// "2026-11-23 10:07" in Beijing time; "23 Nov 2026 10:07" in English.
pub fn format_beijing_minutes(t: DateTime<Utc>) -> String {
    let b = to_beijing(t);
    match lang() {
        Lang::Zh => b.format("%Y-%m-%d %H:%M").to_string(),
        Lang::En => format!("{} {}", format_date(b.date_naive()), b.format("%H:%M")),
    }
}

/// A day in lists and tables: "2026-11-23" / "23 Nov 2026".
pub fn format_day(d: NaiveDate) -> String {
    match lang() {
        Lang::Zh => d.format("%Y-%m-%d").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// A day within a short, known span: "11-23" / "23 Nov".
pub fn format_day_short(d: NaiveDate) -> String {
    match lang() {
        Lang::Zh => d.format("%m-%d").to_string(),
        Lang::En => d.format("%-d %b").to_string(),
    }
}

/// A month: "2026-11" / "Nov 2026".
pub fn format_month(d: NaiveDate) -> String {
    match lang() {
        Lang::Zh => d.format("%Y-%m").to_string(),
        Lang::En => d.format("%b %Y").to_string(),
    }
}

/// A calendar date as people write it: "2026年11月23日" / "23 Nov 2026".
pub fn format_date(d: NaiveDate) -> String {
    match lang() {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()), // zh-only
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// The value an `<input type="datetime-local">` shows for an instant.
pub fn to_datetime_local(t: DateTime<Utc>) -> String {
    to_beijing(t).format("%Y-%m-%dT%H:%M").to_string()
}

/// Reads what a `datetime-local` input produced ("2026-11-23T10:07", with
/// optional seconds) as Beijing wall-clock time.
pub fn parse_datetime_local(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .ok()?;
    Some(beijing_instant(naive.date(), naive.time()))
}

/// A duration in words: "1小时02分05秒", "4分59秒", "0秒"; "1 h 02 min 05 s" in English.
pub fn format_duration(d: Duration) -> String {
    let secs = d.num_seconds().max(0);
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    match (lang(), h > 0, m > 0) {
        (Lang::Zh, true, _) => format!("{h}小时{m:02}分{s:02}秒"), // zh-only
        (Lang::Zh, false, true) => format!("{m}分{s:02}秒"), // zh-only
        (Lang::Zh, false, false) => format!("{s}秒"), // zh-only
        (Lang::En, true, _) => format!("{h} h {m:02} min {s:02} s"),
        (Lang::En, false, true) => format!("{m} min {s:02} s"),
        (Lang::En, false, false) => format!("{s} s"),
    }
}

/// A span read at a glance, never mistaken for a time of day: from an hour up in
/// words ("2小时06分", "2 h 06 min"; seconds would only flicker), from a day up with
/// days ("2天11小时32分"); below an hour a clock face "04:42", shown with
/// [`span_unit`] beside it.
pub fn format_span(d: Duration) -> String {
    let secs = d.num_seconds().max(0);
    let (days, h, m, s) = (secs / 86_400, (secs % 86_400) / 3600, (secs % 3600) / 60, secs % 60);
    match (days > 0, days > 0 || h > 0, lang()) {
        (true, _, Lang::Zh) => format!("{days}天{h}小时{m:02}分"), // zh-only
        (true, _, Lang::En) => format!("{days} d {h} h {m:02} min"),
        (false, true, Lang::Zh) => format!("{h}小时{m:02}分"), // zh-only
        (false, true, Lang::En) => format!("{h} h {m:02} min"),
        (false, false, _) => format!("{m:02}:{s:02}"),
    }
}

/// The unit printed beside a clock-face span ("分:秒"); none from an hour up,
/// where the words carry their units.
pub fn span_unit(d: Duration) -> Option<&'static str> {
    (d.num_seconds().abs() < 3600).then(|| crate::domain::base::i18n::t("分:秒"))
}

/// A deadline countdown: "09:59" or "2小时06分" while time is left, "超时 01:02" after.
pub fn format_countdown(remaining: Duration) -> String {
    if remaining >= Duration::zero() {
        format_span(remaining)
    } else {
        crate::tf!("超时 {0}", format_span(-remaining))
    }
}

/// A deadline as people write one: a deadline at midnight is the end of the day
/// before, "11月26日（周四）24:00" ("Thu 26 Nov 24:00"); others as [`format_beijing`].
pub fn format_deadline(t: DateTime<Utc>) -> String {
    let b = to_beijing(t);
    if b.time() != NaiveTime::MIN {
        return format_beijing(t);
    }
    let day = b.date_naive().pred_opt().unwrap_or(b.date_naive());
    match lang() {
        Lang::Zh => format!("{}月{}日（{}）24:00", day.month(), day.day(), weekday_zh(day.weekday())), // zh-only
        Lang::En => format!("{} 24:00", day.format("%a %-d %b")),
    }
}

fn weekday_zh(w: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match w {
        Mon => "周一", // zh-only
        Tue => "周二", // zh-only
        Wed => "周三", // zh-only
        Thu => "周四", // zh-only
        Fri => "周五", // zh-only
        Sat => "周六", // zh-only
        Sun => "周日", // zh-only
    }
}

/// Saturday or Sunday.
pub fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_is_eight_hours_ahead_of_utc() {
        let t = parse_datetime_local("2026-11-23T10:07").unwrap();
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 11, 23, 2, 7, 0).unwrap());
        assert_eq!(format_beijing(t), "2026-11-23 10:07:00");
        assert_eq!(to_datetime_local(t), "2026-11-23T10:07");
    }

    #[test]
    fn beijing_date_crosses_midnight_before_utc_does() {
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        assert_eq!(beijing_date(t), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    }

    #[test]
    fn rejects_text_that_is_not_a_time() {
        assert_eq!(parse_datetime_local(""), None);
        assert_eq!(parse_datetime_local("昨天"), None);
        assert_eq!(parse_datetime_local("2026-13-01T10:00"), None);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(Duration::seconds(299)), "4分59秒");
        assert_eq!(format_duration(Duration::seconds(7325)), "2小时02分05秒");
        assert_eq!(format_duration(Duration::seconds(-3)), "0秒");
        assert_eq!(format_span(Duration::seconds(599)), "09:59");
        assert_eq!(format_span(Duration::seconds(3600)), "1小时00分");
        assert_eq!(format_countdown(Duration::seconds(0)), "00:00");
        assert_eq!(format_countdown(Duration::seconds(-62)), "超时 01:02");
    }

    #[test]
    fn spans_over_an_hour_read_in_words_and_never_as_a_time_of_day() {
        // 1:53:57 overdue and 59:32:13 to a summary report, as users saw them.
        assert_eq!(format_countdown(Duration::seconds(-(3600 + 53 * 60 + 57))), "超时 1小时53分");
        assert_eq!(format_countdown(Duration::seconds(23 * 3600 + 32 * 60 + 13)), "23小时32分");
        assert_eq!(format_countdown(Duration::seconds(59 * 3600 + 32 * 60 + 13)), "2天11小时32分");
        assert_eq!(span_unit(Duration::seconds(602)), Some("分:秒"));
        assert_eq!(span_unit(Duration::seconds(-602)), Some("分:秒"));
        assert_eq!(span_unit(Duration::seconds(3600)), None);
    }

    #[test]
    fn a_deadline_at_midnight_is_the_end_of_the_day_before() {
        // 2026-11-27 00:00 Beijing is the end of Thursday 26 November.
        let t = parse_datetime_local("2026-11-27T00:00").unwrap();
        assert_eq!(format_deadline(t), "11月26日（周四）24:00");
        let t = parse_datetime_local("2026-11-23T09:17").unwrap();
        assert_eq!(format_deadline(t), "2026-11-23 09:17:00");
    }

    #[test]
    fn english_spans_and_deadlines() {
        use crate::domain::base::i18n::in_lang;
        in_lang(Lang::En, || {
            assert_eq!(format_countdown(Duration::seconds(-(2 * 3600 + 6 * 60))), "overdue 2 h 06 min");
            assert_eq!(format_span(Duration::seconds(59 * 3600 + 32 * 60)), "2 d 11 h 32 min");
            assert_eq!(span_unit(Duration::seconds(60)), Some("min:s"));
            assert_eq!(format_deadline(parse_datetime_local("2026-11-27T00:00").unwrap()), "Thu 26 Nov 24:00");
        });
    }
}
