//! Drills: opening one from a scenario, its clock, its end.

use super::{Ctx, Desk};
use crate::domain::{events::drill_setup::DrillSetup, drills::drill::Scenario};
use crate::domain::base::i18n::t;
use crate::domain::files::saving::Recorded;
use crate::domain::{Event, EventKind, Incident, IncidentFacts};

impl Desk {
    /// Starts a drill from a scenario (or a blank one with the given facts) at `speed`.
    pub fn open_drill(&mut self, ctx: &mut Ctx, scenario: Option<&Scenario>, facts: Option<IncidentFacts>, speed: u32) -> Result<String, String> {
        let real = ctx.clock.now();
        let plan_id = scenario.map_or_else(|| self.home_plan().id, |s| s.plan_id.clone());
        let sim_start = scenario.map_or(real, |s| s.sim_start(&self.calendar, real));
        let author = ctx.operator.clone();
        let facts = match (scenario, facts) {
            (Some(s), _) => s.facts(sim_start, &author.name),
            (None, Some(f)) => f,
            (None, None) => return Err(t("请选择演练场景").into()),
        };
        let title = scenario.map_or_else(|| facts.title.clone(), |s| s.title.clone());
        // The drill clock reads the discovery time now: the minutes before it have already run.
        let before = (facts.discovered_at - sim_start).max(chrono::Duration::zero()) / i32::try_from(speed.max(1)).unwrap_or(1);
        let setup = DrillSetup { scenario: scenario.map(|s| s.id.clone()), title, real_start: real - before, sim_start, speed };
        let (plan_id, plan_version) = {
            let p = self.plans.current(&plan_id).unwrap_or(self.plans.current_plans()[0]);
            (p.id.clone(), p.version.clone())
        };
        let id = ctx.ids.new_id();
        // Drill time starts at the scenario's start; the opening entry is made at discovery.
        let at = facts.discovered_at.max(sim_start);
        let opened = Event { id: ctx.ids.new_id(), occurred_at: at, recorded_at: at, author, kind: EventKind::Opened { facts, plan_id, plan_version, drill: Some(setup) } };
        let incident = Incident::open(id.clone(), opened).map_err(|e| e.to_string())?;
        // Unsaved, the drill runs in memory and the banner names it.
        let _ = self.add_incident(ctx, incident);
        self.escalate_where(ctx, real, |i| i.id() == id);
        Ok(id)
    }

    /// Changes a drill's clock speed (0 pauses) from this instant on.
    pub fn set_drill_speed(&mut self, ctx: &mut Ctx, incident_id: &str, speed: u32) -> Recorded {
        let real = ctx.clock.now();
        let at = self.clock_of(incident_id, real);
        self.record(ctx, incident_id, at, EventKind::DrillClockSet { speed, real_at: real })
    }

    /// Ends a drill: its clock stops and it is scored as of now.
    pub fn end_drill(&mut self, ctx: &mut Ctx, incident_id: &str, note: String) -> Recorded {
        let at = self.clock_of(incident_id, ctx.clock.now());
        self.record(ctx, incident_id, at, EventKind::DrillEnded { note })
    }
}
