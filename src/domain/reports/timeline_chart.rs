//! The incident timeline chart as plain data: level bands, obligation marks,
//! restoration and the monitoring days on one time axis. The shell draws it.

use crate::domain::base::i18n::tr;
use crate::domain::incidents::obligation::{obligations, Status};
use crate::domain::base::time::{beijing_date, beijing_instant, to_beijing};
use crate::domain::{base::{calendar::Calendar, level::Level}, incidents::{closeout::closeout, incident::Incident}, events::event::EventKind, plans::plan::Plan};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band { pub level: Level, pub from: DateTime<Utc>, pub to: DateTime<Utc> }
/// Late covers both overdue and done late; `done_at` tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkStatus { Open, OnTime, Late, NotApplicable }
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark { pub title: String, pub started_at: DateTime<Utc>, pub deadline: DateTime<Utc>, pub done_at: Option<DateTime<Utc>>, pub status: MarkStatus }
/// One Beijing calendar day of special monitoring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day { pub date: NaiveDate, pub from: DateTime<Utc>, pub to: DateTime<Utc> }
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick { pub at: DateTime<Utc>, pub label: String }

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Where the axis changes scale: the emergency keeps most of the width when
    /// the days after it (monitoring, reports) would squeeze it to a sliver.
    pub split: Option<DateTime<Utc>>,
    pub bands: Vec<Band>,
    pub marks: Vec<Mark>,
    pub restored_at: Option<DateTime<Utc>>,
    pub monitoring: Vec<Day>,
    /// The chart's "now": the incident's clock, or when it was closed.
    pub until: DateTime<Utc>,
}

/// Level changes in log order, as `Incident::state` folds them: a rule only
/// raises (so a merged log stays idempotent), a person sets any level.
fn level_changes(incident: &Incident) -> Vec<(Option<Level>, DateTime<Utc>)> {
    let (mut current, mut out) = (None, Vec::new());
    for e in incident.events() {
        let (level, at) = match &e.kind {
            EventKind::Classified { level, effective_at, .. } if Some(*level) > current => (Some(*level), *effective_at),
            EventKind::Reclassified { level, .. } => (*level, e.occurred_at),
            _ => continue,
        };
        current = level;
        out.push((level, at));
    }
    out
}

/// Bands between changes, ending at restoration (or `until` while open). A
/// change entered with an earlier time than the one before starts with it.
fn bands(changes: &[(Option<Level>, DateTime<Utc>)], end: DateTime<Utc>) -> Vec<Band> {
    let (mut out, mut from) = (Vec::new(), DateTime::<Utc>::MIN_UTC);
    for (n, (level, at)) in changes.iter().enumerate() {
        from = (*at).max(from).min(end);
        let to = changes.get(n + 1).map_or(end, |(_, next)| (*next).max(from).min(end));
        out.extend(level.filter(|_| to > from).map(|level| Band { level, from, to }));
    }
    out
}

fn mark_status(status: &Status) -> MarkStatus {
    match status {
        Status::Pending | Status::DueSoon => MarkStatus::Open,
        Status::DoneOnTime => MarkStatus::OnTime,
        Status::Overdue | Status::DoneLate => MarkStatus::Late,
        Status::NotApplicable { .. } => MarkStatus::NotApplicable,
    }
}

/// The chart at `now` on the incident's own clock (drill time for a drill).
pub fn chart(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Chart {
    let state = incident.state();
    let closing = incident.events().iter().find(|e| matches!(e.kind, EventKind::Closed { .. } | EventKind::DrillEnded { .. }));
    let (until, start) = (closing.map_or(now, |e| e.occurred_at), state.facts.started_at);
    let marks: Vec<Mark> = obligations(incident, &plan.obligations, cal, now).into_iter().map(|o| {
        let round = o.key.split_once('#').map(|(_, n)| crate::tf!("（第{0}次）", n)).unwrap_or_default();
        let done_at = o.discharge.as_ref().map(|d| d.at);
        Mark { title: format!("{}{round}", tr(&o.rule.title)), started_at: o.started_at, deadline: o.deadline, done_at, status: mark_status(&o.status) }
    }).collect();
    let days = closeout(incident, plan, cal, now).map(|c| c.days).unwrap_or_default();
    let monitoring: Vec<Day> = days.into_iter().map(|date| (date, beijing_instant(date, NaiveTime::MIN)))
        .map(|(date, from)| Day { date, from, to: from + Duration::days(1) }).collect();
    // Every mark must fit, so the range also covers deadlines and done times.
    let latest = marks.iter().flat_map(|m| [Some(m.deadline), m.done_at]).flatten().chain(monitoring.last().map(|d| d.to));
    let end = latest.fold(until, DateTime::max).max(start + Duration::minutes(10));
    let ended = state.restored_at.unwrap_or(until).max(start);
    let split = (end - ended > (ended - start).max(Duration::hours(1)) * 3).then_some(ended);
    Chart { start, end, split, bands: bands(&level_changes(incident), ended), marks, restored_at: state.restored_at, monitoring, until }
}

impl Chart {
    /// The x coordinate of `t` on a chart `width` wide, clamped to the edges.
    pub fn x(&self, t: DateTime<Utc>, width: f64) -> f64 {
        const EMERGENCY_SHARE: f64 = 0.7;
        let frac = |a: DateTime<Utc>, b: DateTime<Utc>| ((t - a).num_seconds() as f64 / (b - a).num_seconds().max(1) as f64).clamp(0.0, 1.0);
        width * match self.split {
            Some(s) if t > s => EMERGENCY_SHARE + (1.0 - EMERGENCY_SHARE) * frac(s, self.end),
            Some(s) => EMERGENCY_SHARE * frac(self.start, s),
            None => frac(self.start, self.end),
        }
    }

    /// About `max` ticks, shared out between the two scales of a split axis.
    pub fn ticks(&self, max: usize) -> Vec<Tick> {
        let Some(s) = self.split else { return ticks(self.start, self.end, max) };
        let mut out = ticks(self.start, s, max * 2 / 3);
        out.extend(ticks(s, self.end, max / 3 + 1).into_iter().filter(|k| k.at > s));
        out
    }
}

/// At most `max` ticks on round Beijing times: clock times, or dates once a day or more apart.
fn ticks(from: DateTime<Utc>, to: DateTime<Utc>, max: usize) -> Vec<Tick> {
    const MINUTES: [i64; 14] = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10080, 43200];
    let span = (to - from).num_minutes();
    let step = MINUTES.into_iter().find(|m| span / m < max.max(2) as i64).unwrap_or(43200);
    let midnight = beijing_instant(beijing_date(from), NaiveTime::MIN);
    let first = midnight + Duration::minutes(((from - midnight).num_minutes() + step - 1) / step * step);
    let every = std::iter::successors(Some(first), |at| Some(*at + Duration::minutes(step)));
    every.take_while(|at| *at <= to).map(|at| {
        let daily = step >= 1440 || to_beijing(at).time() == NaiveTime::MIN;
        Tick { at, label: to_beijing(at).format(if daily { "%m-%d" } else { "%H:%M" }).to_string() }
    }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::events::{facts::Period, event::{Author, Event}, channel::Channel, rule::Rule};

    fn ev(id: &str, at: &str, kind: EventKind) -> Event { Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author::system(), kind } }
    fn rise(level: Level, at: &str) -> EventKind { EventKind::Classified { level, effective_at: t(at), rule: Rule::DaytimeImpact { minutes: 5, article: "第七条".into() } } }
    fn draw(inc: &Incident, now: &str) -> Chart { chart(inc, &Plan::bank_depository(), &Calendar::china_builtin(), t(now)) }

    /// Started 09:00, Ⅲ at 09:05, Ⅱ at 09:30, province reported 09:03, restored 10:10.
    fn incident() -> Incident {
        let opened = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00"), plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
        let mut inc = Incident::open("i".into(), ev("e0", "2026-11-23T09:00", opened)).unwrap();
        let report = EventKind::ObligationDischarged { key: "report-to-province".into(), channel: Channel::Fax, recipients: vec![], reference: String::new(), note: String::new(), delay_reason: String::new() };
        for (id, at, kind) in [("d", "2026-11-23T09:03", report), ("r3", "2026-11-23T09:05", rise(Level::III, "2026-11-23T09:05")),
            ("r2", "2026-11-23T09:30", rise(Level::II, "2026-11-23T09:30")), ("end", "2026-11-23T10:10", EventKind::ServiceRestored { note: String::new() })] {
            inc.append(ev(id, at, kind)).unwrap();
        }
        inc
    }

    #[test]
    fn level_bands_follow_the_log_until_restoration_or_a_manual_drop() {
        let c = draw(&incident(), "2026-11-23T11:00");
        let band = |level, from, to| Band { level, from: t(from), to: t(to) };
        assert_eq!(c.bands, vec![band(Level::III, "2026-11-23T09:05", "2026-11-23T09:30"), band(Level::II, "2026-11-23T09:30", "2026-11-23T10:10")]);
        assert_eq!((c.start, c.restored_at), (t("2026-11-23T09:00"), Some(t("2026-11-23T10:10"))));
        // A person may take the level below every threshold: the band ends there.
        let mut inc = incident();
        inc.append(ev("m", "2026-11-23T09:40", EventKind::Reclassified { level: None, reason: "误报".into() })).unwrap();
        let c = draw(&inc, "2026-11-23T11:00");
        assert_eq!(c.bands.last().map(|b| (b.level, b.to)), Some((Level::II, t("2026-11-23T09:40"))));
    }

    #[test]
    fn obligations_show_when_they_were_met_or_that_they_are_late() {
        let c = draw(&incident(), "2026-11-23T11:00");
        let province = c.marks.iter().find(|m| m.title.starts_with("向省级分行")).expect("report to the province");
        assert_eq!((province.done_at, province.status), (Some(t("2026-11-23T09:03")), MarkStatus::OnTime));
        assert!(c.marks.iter().any(|m| m.status == MarkStatus::Late && m.done_at.is_none()), "nothing else was done: some are overdue");
        assert!(c.marks.iter().all(|m| m.deadline <= c.end));
    }

    #[test]
    fn monitoring_days_come_after_restoration_and_fit_the_range() {
        let c = draw(&incident(), "2026-11-23T11:00");
        assert_eq!((c.monitoring.len(), c.monitoring[0].date), (5, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()), "Ⅱ级: five working days");
        assert!(c.monitoring.iter().all(|d| d.from > t("2026-11-23T10:10") && d.to <= c.end));
    }

    #[test]
    fn x_is_monotone_and_stays_on_the_chart() {
        let c = draw(&incident(), "2026-11-23T11:00");
        let xs: Vec<f64> = (-2..200).map(|h| c.x(c.start + Duration::hours(h), 800.0)).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]) && xs.iter().all(|x| (0.0..=800.0).contains(x)));
        assert_eq!((c.x(c.start, 800.0), c.x(c.end, 800.0)), (0.0, 800.0));
        assert_eq!(c.x(t("2026-11-23T10:10"), 800.0), 560.0, "the days after restoration do not squeeze the emergency");
    }

    #[test]
    fn ticks_fall_on_round_beijing_times() {
        let mut c = draw(&incident(), "2026-11-23T11:00");
        (c.start, c.end, c.split) = (t("2026-11-23T09:05"), t("2026-11-23T10:10"), None);
        let labels: Vec<String> = c.ticks(8).into_iter().map(|k| k.label).collect();
        assert_eq!(labels, ["09:10", "09:20", "09:30", "09:40", "09:50", "10:00", "10:10"]);
        c.end = t("2026-11-30T12:00");
        assert_eq!(c.ticks(8).first().map(|k| k.label.as_str()), Some("11-24"));
    }
}
