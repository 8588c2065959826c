//! The situation at a glance, across every real incident on this workstation:
//! open ones by level, duties met on time, counts per month, level and
//! phenomenon, and mean time to recovery. Drills never count here.

use crate::domain::base::calendar::Calendar;
use crate::domain::incidents::incident::Incident;
use crate::domain::base::level::Level;
use crate::domain::incidents::obligation::{obligations, Status};
use crate::domain::plans::plan::Plan;
use crate::domain::base::time::to_beijing;
use crate::domain::events::facts::PhenomenonKind;
use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Open (not yet restored) real incidents per level; `None` = not graded yet.
    pub open_by_level: BTreeMap<Option<Level>, usize>,
    /// Duties that fell due: met on time, met late, missed (still open past the deadline).
    pub on_time: usize,
    pub late: usize,
    pub missed: usize,
    /// Incidents per month of their start, "2026-11", Beijing time.
    pub by_month: BTreeMap<String, usize>,
    /// Incidents per level reached (the highest in effect now).
    pub by_level: BTreeMap<Option<Level>, usize>,
    pub by_phenomenon: BTreeMap<&'static str, usize>,
    /// Mean time from start to restoration, over restored incidents.
    pub mean_recovery: Option<Duration>,
    pub restored: usize,
    pub real: usize,
    /// Drills on the workstation, left out of every figure above.
    pub drills_left_out: usize,
}

impl Stats {
    /// On-time rate in whole percent, `None` when no duty has fallen due.
    pub fn on_time_percent(&self) -> Option<u32> {
        let due = self.on_time + self.late + self.missed;
        (due > 0).then(|| u32::try_from((self.on_time * 100 + due / 2) / due).unwrap_or(100))
    }
}

/// What the figures take from one closed incident, kept beside its stored
/// summary: the list and the dashboard start without reading the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub phenomenon: PhenomenonKind,
    pub on_time: usize,
    pub late: usize,
    pub missed: usize,
}

/// Everything the figures count of one incident but its log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub drill: bool,
    pub level: Option<Level>,
    pub started_at: DateTime<Utc>,
    pub restored_at: Option<DateTime<Utc>>,
    pub figures: Figures,
}

/// One incident's line under its plan, as of `now`.
pub fn line_of(incident: &Incident, plan: &Plan, cal: &Calendar, now: DateTime<Utc>) -> Line {
    line_counted(incident, duty_counts(&obligations(incident, &plan.obligations, cal, now)))
}

/// How many duties were met on time, met late, and missed (still open past the deadline).
pub fn duty_counts(duties: &[crate::domain::incidents::obligation::Obligation]) -> DutyCounts {
    let mut c = DutyCounts::default();
    for o in duties {
        match o.status {
            Status::DoneOnTime => c.on_time += 1,
            Status::DoneLate => c.late += 1,
            Status::Overdue => c.missed += 1,
            _ => {}
        }
    }
    c
}

/// Duties met on time, met late, missed: what the figures count of an incident's duties.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DutyCounts {
    pub on_time: usize,
    pub late: usize,
    pub missed: usize,
}

/// One incident's line from its duties' counts (worked out once and kept, by the desk).
pub fn line_counted(incident: &Incident, c: DutyCounts) -> Line {
    let st = incident.state();
    let figures = Figures { phenomenon: st.facts.phenomenon.kind, on_time: c.on_time, late: c.late, missed: c.missed };
    Line { drill: incident.drill_setup().is_some(), level: st.level, started_at: st.facts.started_at, restored_at: st.restored_at, figures }
}

/// Figures over `incidents`, each under its own plan (`plan_of`), as of `now`.
pub fn stats<'p>(incidents: &[Incident], plan_of: impl Fn(&Incident) -> &'p Plan, cal: &Calendar, now: DateTime<Utc>) -> Stats {
    stats_of_lines(incidents.iter().map(|i| line_of(i, plan_of(i), cal, now)))
}

/// Figures over incidents' lines (those in memory and those kept with summaries alike).
pub fn stats_of_lines(lines: impl IntoIterator<Item = Line>) -> Stats {
    let mut s = Stats::default();
    let mut recovery = Duration::zero();
    for line in lines {
        if line.drill {
            s.drills_left_out += 1;
            continue;
        }
        s.real += 1;
        if line.restored_at.is_none() {
            *s.open_by_level.entry(line.level).or_default() += 1;
        }
        *s.by_level.entry(line.level).or_default() += 1;
        // Written directly: a format string parsed for each of a thousand incidents showed at start.
        let month = { let d = to_beijing(line.started_at); format!("{:04}-{:02}", d.year(), d.month()) };
        *s.by_month.entry(month).or_default() += 1;
        *s.by_phenomenon.entry(line.figures.phenomenon.name()).or_default() += 1;
        if let Some(r) = line.restored_at {
            recovery += r - line.started_at;
            s.restored += 1;
        }
        s.on_time += line.figures.on_time;
        s.late += line.figures.late;
        s.missed += line.figures.missed;
    }
    s.mean_recovery = (s.restored > 0).then(|| recovery / i32::try_from(s.restored).unwrap_or(i32::MAX));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::rule::Rule;
    use crate::domain::events::drill_setup::DrillSetup;
    use crate::domain::events::event::{Author, Event, EventKind};
    use crate::domain::events::facts::{Period, PhenomenonKind};
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::events::channel::Channel;

    fn ev(id: &str, at: &str, kind: EventKind) -> Event {
        Event { id: id.into(), occurred_at: t(at), recorded_at: t(at), author: Author { name: "王".into(), role: String::new() }, kind }
    }

    fn incident(id: &str, start: &str, kind: PhenomenonKind, drill: bool) -> Incident {
        let mut f = facts(Period::Daytime, start);
        f.phenomenon.kind = kind;
        let setup = drill.then(|| DrillSetup { scenario: None, title: "演练".into(), real_start: t(start), sim_start: t(start), speed: 60 });
        let kind = EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: setup };
        Incident::open(id.into(), ev(&format!("{id}-0"), start, kind)).unwrap()
    }

    #[test]
    fn figures_count_real_incidents_only() {
        let plan = Plan::bank_depository();
        let cal = Calendar::china_builtin();
        // A: Ⅲ at 09:05, confirmed, notified on time, restored after 40 minutes.
        let mut a = incident("a", "2026-10-20T09:00", PhenomenonKind::System, false);
        let rule = Rule::DaytimeImpact { minutes: 5, article: "第七条（三）".into() };
        a.append(ev("a1", "2026-10-20T09:05", EventKind::Classified { level: Level::III, effective_at: t("2026-10-20T09:05"), rule })).unwrap();
        a.append(ev("a2", "2026-10-20T09:06", EventKind::LevelConfirmed { level: Level::III })).unwrap();
        let done = EventKind::ObligationDischarged { key: "notify-parties".into(), channel: Channel::Phone, recipients: vec![], reference: String::new(), note: String::new(), delay_reason: String::new() };
        a.append(ev("a3", "2026-10-20T09:10", done)).unwrap();
        a.append(ev("a4", "2026-10-20T09:40", EventKind::ServiceRestored { note: String::new() })).unwrap();
        // B: open, not graded, a data anomaly in November.
        let b = incident("b", "2026-11-23T09:00", PhenomenonKind::Data, false);
        // A drill: never counted.
        let d = incident("d", "2026-11-23T10:00", PhenomenonKind::System, true);
        let s = stats(&[a, b, d], |_| &plan, &cal, t("2026-11-23T09:02"));
        assert_eq!((s.real, s.drills_left_out, s.restored), (2, 1, 1));
        assert_eq!(s.open_by_level.get(&None), Some(&1));
        assert_eq!(s.by_month.get("2026-10"), Some(&1));
        assert_eq!(s.by_month.get("2026-11"), Some(&1));
        assert_eq!(s.by_level.get(&Some(Level::III)), Some(&1));
        assert_eq!(s.by_phenomenon.get("数据异常"), Some(&1));
        assert_eq!(s.mean_recovery, Some(Duration::minutes(40)));
        assert_eq!(s.on_time, 1, "notify-parties met at 09:10, due 09:16");
        // Everything else A owed was never recorded (reports upward, summary reports): missed.
        assert_eq!((s.late, s.missed), (0, 6), "{s:?}");
        assert_eq!(s.on_time_percent(), Some(14));
        assert_eq!(Stats::default().on_time_percent(), None);
    }
}
