//! Drills (演练, 第十条（一）2, 第五条（二）5; seed 000 part 八): a scenario
//! from the library or a blank incident, run on a drill clock that can go 1×,
//! 10× or 60× so a two-hour scenario fits a training hour, with scripted
//! injects, then scored on the obligations met on time, late or missed.
//!
//! A drill is an ordinary incident log whose opening event carries
//! `DrillSetup`. Every time in it is drill time; the wall clock only drives
//! the drill clock. Screens mark it and statistics leave it out.

use crate::domain::base::sort;
use crate::domain::base::calendar::Calendar;
use crate::domain::events::event::EventKind;
use crate::domain::events::facts::{AffectedBusiness, Answer, IncidentFacts, Period, Phenomenon, PhenomenonKind};
use crate::domain::base::i18n::{t, tr};
use crate::domain::incidents::incident::Incident;
use crate::domain::incidents::obligation::{obligations, Status};
use crate::domain::plans::plan::Plan;
use crate::domain::base::time::{beijing_date, beijing_instant, format_beijing};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// The speeds offered; 0 is a pause.
pub const SPEEDS: [u32; 3] = [1, 10, 60];

/// A scripted message delivered at a drill time (e.g. "+25 分钟：郑商所专线仍未恢复").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub after_minutes: u32,
    pub text: String,
}

/// A drill scenario from the library (`plans/scenarios.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub plan_id: String,
    pub title: String,
    pub summary: String,
    /// What the drill tests.
    pub objectives: Vec<String>,
    /// Time of day (Beijing) the incident starts.
    pub start: NaiveTime,
    pub period: Period,
    pub phenomenon: PhenomenonKind,
    pub subcategory: String,
    pub affected: Vec<AffectedBusiness>,
    pub bank_caused: Answer,
    pub next_start_affected: Answer,
    pub discovered_after_minutes: u32,
    pub description: String,
    pub reporting_unit: String,
    pub parties: String,
    /// How long the scenario is meant to run, in drill time.
    pub duration_minutes: u32,
    pub injects: Vec<Inject>,
}

const SCENARIOS: &str = include_str!("scenarios.json");

/// The built-in scenario library, read once.
pub fn scenarios() -> &'static [Scenario] {
    static LIBRARY: std::sync::OnceLock<Vec<Scenario>> = std::sync::OnceLock::new();
    LIBRARY.get_or_init(|| serde_json::from_str(SCENARIOS).expect("the built-in scenarios parse (tested)"))
}

/// A scenario of the library by id.
pub fn scenario(id: &str) -> Option<&'static Scenario> {
    scenarios().iter().find(|s| s.id == id)
}

impl Scenario {
    /// Where the drill clock starts: the scenario's time of day on the latest
    /// trading day whose start is not after `real_now`, so the impact clock runs
    /// as the scenario intends (service hours on a trading day).
    pub fn sim_start(&self, cal: &Calendar, real_now: DateTime<Utc>) -> DateTime<Utc> {
        let mut day = beijing_date(real_now);
        for _ in 0..40 {
            let at = beijing_instant(day, self.start);
            if cal.is_trading_day(day) && at <= real_now {
                return at;
            }
            day = day.pred_opt().expect("dates far from the minimum");
        }
        beijing_instant(beijing_date(real_now), self.start)
    }

    /// The incident as the scenario describes it, starting at `sim_start`. The free
    /// text is the trainees' to edit, so it starts in their language; vocabulary
    /// values (the subcategory) stay as stored and are translated where shown.
    pub fn facts(&self, sim_start: DateTime<Utc>, reporter: &str) -> IncidentFacts {
        IncidentFacts {
            title: tr(&self.title),
            description: tr(&self.description),
            discovered_at: sim_start + Duration::minutes(i64::from(self.discovered_after_minutes)),
            started_at: sim_start,
            period: self.period,
            phenomenon: Phenomenon { kind: self.phenomenon, subcategory: self.subcategory.clone() },
            affected: self.affected.clone(),
            parties: tr(&self.parties),
            bank_caused: self.bank_caused,
            reporting_unit: tr(&self.reporting_unit),
            reporter: reporter.to_string(),
            next_start_affected: self.next_start_affected,
        }
    }
}

/// The drill clock of an incident: anchors (wall clock, drill time, speed) in log order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrillClock {
    anchors: Vec<(DateTime<Utc>, DateTime<Utc>, u32)>,
    ended_at: Option<DateTime<Utc>>,
}

impl DrillClock {
    /// The incident's drill clock, or `None` for a real incident.
    /// Each speed change's drill time is worked out from the earlier anchors, in
    /// wall-clock order, not taken from the entry: a tab with a stale view (or a
    /// merge) cannot make the drill clock jump back.
    pub fn of(incident: &Incident) -> Option<DrillClock> {
        let setup = incident.drill_setup()?;
        let mut changes: Vec<(DateTime<Utc>, u32)> = Vec::new();
        let mut ended_at = None;
        for e in incident.events() {
            match &e.kind {
                EventKind::DrillClockSet { speed, real_at } => changes.push((*real_at.max(&setup.real_start), *speed)),
                EventKind::DrillEnded { .. } => {
                    ended_at.get_or_insert(e.occurred_at);
                }
                _ => {}
            }
        }
        sort::by_key(&mut changes, |c| c.0);
        let mut anchors = vec![(setup.real_start, setup.sim_start, setup.speed)];
        for (real_at, speed) in changes {
            let (r0, s0, v0) = *anchors.last().expect("starts with one");
            anchors.push((real_at, s0 + (real_at - r0) * i32::try_from(v0).unwrap_or(60), speed));
        }
        Some(DrillClock { anchors, ended_at })
    }

    /// Drill time at wall-clock instant `real`: it stops when the drill ends.
    pub fn now(&self, real: DateTime<Utc>) -> DateTime<Utc> {
        let (real_at, sim_at, speed) = self.anchors.iter().rev().find(|a| a.0 <= real).unwrap_or(&self.anchors[0]);
        let elapsed = (real - *real_at).max(Duration::zero());
        let sim = *sim_at + elapsed * i32::try_from(*speed).unwrap_or(60);
        self.ended_at.map_or(sim, |end| sim.min(end))
    }

    pub fn speed(&self) -> u32 {
        if self.ended_at.is_some() { 0 } else { self.anchors.last().map_or(1, |a| a.2) }
    }

    pub fn ended(&self) -> bool {
        self.ended_at.is_some()
    }
}

/// Injects of the scenario due by drill time `now` that the log does not hold yet:
/// (index, when it is due, text). The shell records each as a `DrillInject`.
pub fn due_injects(incident: &Incident, scenario: &Scenario, now: DateTime<Utc>) -> Vec<(usize, DateTime<Utc>, String)> {
    let Some(setup) = incident.drill_setup() else { return Vec::new() };
    let delivered: Vec<usize> = incident
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::DrillInject { index, .. } => Some(index),
            _ => None,
        })
        .collect();
    scenario
        .injects
        .iter()
        .enumerate()
        .map(|(i, inj)| (i, setup.sim_start + Duration::minutes(i64::from(inj.after_minutes)), inj.text.clone()))
        .filter(|(i, at, _)| *at <= now && !delivered.contains(i))
        .collect()
}

/// When the next inject of the scenario falls due after drill time `now`.
pub fn next_inject(incident: &Incident, scenario: &Scenario, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let setup = incident.drill_setup()?;
    scenario.injects.iter().map(|x| setup.sim_start + Duration::minutes(i64::from(x.after_minutes))).find(|t| *t > now)
}

/// How one obligation went in the drill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    Late,
    Missed,
    /// Not yet due when the drill ended: not scored.
    NotDue,
    NotApplicable,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::OnTime => t("按时"),
            Outcome::Late => t("超时"),
            Outcome::Missed => t("未完成"),
            Outcome::NotDue => t("未到期"),
            Outcome::NotApplicable => t("不适用"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreLine {
    pub title: String,
    pub article: String,
    pub deadline: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub outcome: Outcome,
    /// Why it was done late, as recorded with the completion.
    pub delay_reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub lines: Vec<ScoreLine>,
    pub on_time: usize,
    pub late: usize,
    pub missed: usize,
    /// On time out of everything that fell due, in whole percent; `None` when nothing fell due.
    pub percent: Option<u32>,
}

/// The drill's score at drill time `at` (its end, once ended).
pub fn score(incident: &Incident, plan: &Plan, cal: &Calendar, at: DateTime<Utc>) -> Score {
    let lines: Vec<ScoreLine> = obligations(incident, &plan.obligations, cal, at)
        .into_iter()
        .map(|o| {
            let outcome = match o.status {
                Status::DoneOnTime => Outcome::OnTime,
                Status::DoneLate => Outcome::Late,
                Status::Overdue => Outcome::Missed,
                Status::Pending | Status::DueSoon => Outcome::NotDue,
                Status::NotApplicable { .. } => Outcome::NotApplicable,
            };
            // The plan's words, in the screen language (Chinese in the drill report).
            let title = match o.key.split_once('#') {
                Some((_, round)) => crate::tf!("{0}（第 {1} 次）", tr(&o.rule.title), round),
                None => tr(&o.rule.title),
            };
            let (done_at, delay_reason) = o.discharge.map_or((None, String::new()), |d| (Some(d.at), d.delay_reason));
            ScoreLine { title, article: tr(&o.rule.article), deadline: o.deadline, done_at, outcome, delay_reason }
        })
        .collect();
    let count = |x: Outcome| lines.iter().filter(|l| l.outcome == x).count();
    let (on_time, late, missed) = (count(Outcome::OnTime), count(Outcome::Late), count(Outcome::Missed));
    let due = on_time + late + missed;
    let percent = (due > 0).then(|| u32::try_from((on_time * 100 + due / 2) / due).unwrap_or(100));
    Score { lines, on_time, late, missed, percent }
}

impl Score {
    /// "按时 3 项，超时 1 项，未完成 1 项；按时率 60%".
    pub fn headline(&self) -> String {
        let rate = self.percent.map_or(t("无到期义务").to_string(), |p| crate::tf!("按时率 {0}%", p));
        crate::tf!("按时 {0} 项，超时 {1} 项，未完成 {2} 项；{3}", self.on_time, self.late, self.missed, rate)
    }

    /// One line per scored obligation, for the drill report.
    pub fn table(&self) -> String {
        self.lines
            .iter()
            .map(|l| {
                let done = l.done_at.map_or("—".to_string(), format_beijing);
                crate::tf!("{0}｜{1}｜时限 {2}｜完成 {3}｜{4}", l.outcome.name(), l.title, format_beijing(l.deadline), done, l.article)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Problems found: what was late or missed, as a start for people to write on.
    pub fn problems(&self) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .filter(|l| matches!(l.outcome, Outcome::Late | Outcome::Missed))
            .map(|l| match l.delay_reason.is_empty() {
                true => crate::tf!("{0}：{1}（{2}）", l.outcome.name(), l.title, l.article),
                false => crate::tf!("{0}：{1}（{2}）；延误原因：{3}", l.outcome.name(), l.title, l.article, l.delay_reason),
            })
            .collect();
        if lines.is_empty() { t("各项报告和通知均按时完成。").into() } else { lines.join("\n") }
    }
}

#[cfg(test)]
#[path = "drill_tests.rs"]
mod tests;
