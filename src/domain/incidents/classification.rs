//! Classification by the plan's level rules (第七条) and its rise over time (第八条).
//!
//! Daytime impact is the part of the incident's duration that falls inside the
//! plan's service hours on trading days. A 日终 incident is graded by whether
//! the next daytime start is affected; if it is still unresolved at that start
//! it has affected it, and from then on it accrues daytime impact too.

use crate::domain::base::sort;
use crate::domain::base::calendar::Calendar;
use crate::domain::events::facts::{Answer, IncidentFacts, Period};
use crate::domain::base::level::Level;
use crate::domain::events::rule::Rule;
use crate::domain::plans::plan::{EndOfDayRule, Plan};
use crate::domain::base::time::{beijing_date, beijing_instant};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// How far ahead to look for the next daytime start: longer than any holiday.
const SEARCH_DAYS: i64 = 40;

/// The level at one instant, with the rule that produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
    /// `None`: recorded but below every threshold (未达分级标准).
    pub level: Option<Level>,
    pub rule: Option<Rule>,
    pub daytime_impact: Duration,
}

/// One rise of the rule-derived level, effective at `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub at: DateTime<Utc>,
    pub level: Level,
    pub rule: Rule,
}

/// The service windows of trading days that overlap `[from, to)`, clipped to it.
pub fn service_windows<'a>(
    plan: &'a Plan,
    cal: &'a Calendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + 'a {
    days(beijing_date(from), beijing_date(to)).filter_map(move |day| {
        if !cal.is_trading_day(day) {
            return None;
        }
        let open = beijing_instant(day, plan.service_hours.open).max(from);
        let close = beijing_instant(day, plan.service_hours.close).min(to);
        (open < close).then_some((open, close))
    })
}

fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

/// Daytime business time affected between `from` and `to`.
pub fn daytime_impact(plan: &Plan, cal: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
    if to <= from {
        return Duration::zero();
    }
    service_windows(plan, cal, from, to).map(|(a, b)| b - a).fold(Duration::zero(), |x, y| x + y)
}

/// The instant at which daytime impact counted from `from` reaches `needed`,
/// if that happens no later than `limit`.
pub fn instant_of_impact(
    plan: &Plan,
    cal: &Calendar,
    from: DateTime<Utc>,
    needed: Duration,
    limit: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if needed <= Duration::zero() {
        return (from <= limit).then_some(from);
    }
    let mut remaining = needed;
    for (open, close) in service_windows(plan, cal, from, limit) {
        if close - open >= remaining {
            return Some(open + remaining);
        }
        remaining = remaining - (close - open);
    }
    None
}

/// The first daytime start (service opening on a trading day) after `after`.
pub fn next_daytime_start(plan: &Plan, cal: &Calendar, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let first = beijing_date(after);
    days(first, first + Duration::days(SEARCH_DAYS))
        .filter(|d| cal.is_trading_day(*d))
        .map(|d| beijing_instant(d, plan.service_hours.open))
        .find(|t| *t > after)
}

/// Where daytime impact starts counting: the start for a daytime incident; for
/// a 日终 incident the next daytime start, since end-of-day processing itself is
/// graded by the 日终 rule, not by minutes (第七条（二）（三）).
pub fn impact_start(plan: &Plan, cal: &Calendar, facts: &IncidentFacts) -> Option<DateTime<Utc>> {
    match facts.period {
        Period::Daytime => Some(facts.started_at),
        Period::EndOfDay => next_daytime_start(plan, cal, facts.started_at),
    }
}

/// The level the plan gives at instant `at`, for an incident restored at
/// `restored_at` (if it has been).
pub fn classify(
    plan: &Plan,
    cal: &Calendar,
    facts: &IncidentFacts,
    restored_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Classification {
    let end = restored_at.map_or(at, |r| r.min(at));
    let impact = impact_start(plan, cal, facts).map_or(Duration::zero(), |from| daytime_impact(plan, cal, from, end));
    let by_impact = thresholds(plan)
        .filter(|(_, minutes, _)| impact >= Duration::minutes(i64::from(*minutes)))
        .max_by_key(|(level, _, _)| *level)
        .map(|(level, minutes, article)| (level, Rule::DaytimeImpact { minutes, article: article.to_string() }));

    let by_end_of_day = end_of_day_rule(plan, facts).map(|rule| end_of_day_level(plan, rule, cal, facts, restored_at, at));

    let (level, rule) = match (by_end_of_day, by_impact) {
        (Some(eod), Some(day)) if day.0 > eod.0 => (Some(day.0), Some(day.1)),
        (Some(eod), _) => (Some(eod.0), Some(eod.1)),
        (None, Some(day)) => (Some(day.0), Some(day.1)),
        (None, None) => (None, None),
    };
    Classification { level, rule, daytime_impact: impact }
}

/// The plan's thresholds that have numbers: (level, minutes, article). None when people grade.
fn thresholds(plan: &Plan) -> impl Iterator<Item = (Level, u32, &str)> {
    plan.levels.iter().filter_map(|r| Some((r.level, r.daytime_minutes?, r.article.as_str())))
}

/// The 日终 rule, when the plan has one and the incident is a 日终 incident.
fn end_of_day_rule<'p>(plan: &'p Plan, facts: &IncidentFacts) -> Option<&'p EndOfDayRule> {
    plan.end_of_day.as_ref().filter(|_| facts.period == Period::EndOfDay)
}

fn end_of_day_level(
    plan: &Plan,
    rule: &EndOfDayRule,
    cal: &Calendar,
    facts: &IncidentFacts,
    restored_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> (Level, Rule) {
    let open_at_start = next_daytime_start(plan, cal, facts.started_at)
        .is_some_and(|start| start <= at && restored_at.is_none_or(|r| r > start));
    if facts.next_start_affected == Answer::Yes || open_at_start {
        let open_at_start = open_at_start && facts.next_start_affected != Answer::Yes;
        (rule.next_start_affected, Rule::EndOfDayAffected { open_at_start, article: rule.affected_article.clone() })
    } else {
        let provisional = facts.next_start_affected == Answer::Unknown;
        (rule.next_start_unaffected, Rule::EndOfDayUnaffected { article: rule.unaffected_article.clone(), provisional })
    }
}

/// Every rise of the rule-derived level from the start up to `until`, in order.
pub fn level_steps(
    plan: &Plan,
    cal: &Calendar,
    facts: &IncidentFacts,
    restored_at: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
) -> Vec<Step> {
    let until = restored_at.map_or(until, |r| r.min(until));
    let mut moments = vec![facts.started_at];
    if end_of_day_rule(plan, facts).is_some() {
        moments.extend(next_daytime_start(plan, cal, facts.started_at));
    }
    if let Some(from) = impact_start(plan, cal, facts) {
        for (_, minutes, _) in thresholds(plan) {
            let needed = Duration::minutes(i64::from(minutes));
            moments.extend(instant_of_impact(plan, cal, from, needed, until));
        }
    }
    moments.retain(|t| *t <= until);
    sort::natural(&mut moments);
    moments.dedup();

    let mut steps: Vec<Step> = Vec::new();
    for at in moments {
        let c = classify(plan, cal, facts, restored_at, at);
        if let (Some(level), Some(rule)) = (c.level, c.rule) {
            if steps.last().is_none_or(|s| level > s.level) {
                steps.push(Step { at, level, rule });
            }
        }
    }
    steps
}

/// The next rise the clock can still bring, for the countdown on the incident page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Upcoming {
    /// After this much more daytime impact.
    AfterImpact { level: Level, left: Duration },
    /// At the next daytime start if still unresolved (日终).
    AtDaytimeStart { level: Level, at: DateTime<Utc> },
}

/// The nearest rise above `current` for an open incident at `now`.
pub fn upcoming_rise(
    plan: &Plan,
    cal: &Calendar,
    facts: &IncidentFacts,
    current: Option<Level>,
    now: DateTime<Utc>,
) -> Option<Upcoming> {
    if let Some(rule) = end_of_day_rule(plan, facts) {
        if let Some(at) = next_daytime_start(plan, cal, facts.started_at).filter(|at| *at > now) {
            let level = rule.next_start_affected;
            return (Some(level) > current).then_some(Upcoming::AtDaytimeStart { level, at });
        }
    }
    let impact = classify(plan, cal, facts, None, now).daytime_impact;
    thresholds(plan)
        .filter(|(level, _, _)| Some(*level) > current)
        .map(|(level, minutes, _)| (level, Duration::minutes(i64::from(minutes)) - impact))
        .filter(|(_, left)| *left > Duration::zero())
        .min_by_key(|(_, left)| *left)
        .map(|(level, left)| Upcoming::AfterImpact { level, left })
}

/// Whether `at` falls inside service hours on a trading day (the impact clock runs).
pub fn in_service_hours(plan: &Plan, cal: &Calendar, at: DateTime<Utc>) -> bool {
    service_windows(plan, cal, at, at + Duration::seconds(1)).next().is_some()
}

#[cfg(test)]
#[path = "classification_tests.rs"]
mod tests;
