//! The once-a-second tick: level rises the rules have produced become events,
//! duties alarm once as they near and pass their deadlines, drills receive their
//! injects, and what storage has not taken is tried again.

use super::alerts::{replaces, Alert, AlertKind};
use std::collections::HashMap;
use super::{drill_mark, has_own_plan, incident_clock, plan_in, Ctx, Desk};
use crate::domain::incidents::classification::Step;
use crate::domain::base::i18n::{t, tr};
use crate::domain::incidents::obligation::{obligations, Alarm};
use crate::domain::{Author, EventKind, Incident};
use chrono::{DateTime, Utc};

/// A duty newly alarmed, before its banner is written out.
struct Due {
    kind: AlertKind,
    deadline: DateTime<Utc>,
    rule: std::sync::Arc<crate::domain::plans::playbook::ObligationRule>,
}

/// What a tick found, for the tab title.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tick {
    /// Duties overdue now.
    pub overdue: usize,
}

impl Desk {
    /// One tick at the clock's now.
    pub fn tick(&mut self, ctx: &mut Ctx) -> Tick {
        let now = ctx.clock.now();
        self.take_changes(ctx);
        self.absorb_confirmations(ctx);
        self.escalate(ctx, now);
        self.deliver_injects(ctx, now);
        let overdue = self.check_duties(ctx, now);
        // Incidents kept only in memory are tried again every ten seconds.
        if self.retry_due(ctx) {
            self.retry_unsaved(ctx);
        }
        Tick { overdue }
    }

    /// For the open incidents (restored ones cannot rise any more): records each
    /// rise the rules have produced (第八条) and raises the alarm.
    pub fn escalate(&mut self, ctx: &mut Ctx, now: DateTime<Utc>) {
        // Not restored and not closed: an ended drill that was never restored is closed.
        self.escalate_where(ctx, now, |i| {
            let s = i.state();
            s.is_open() && !s.closed
        });
    }

    /// The same for the incidents `which` selects (one just recorded or corrected).
    pub(super) fn escalate_where(&mut self, ctx: &mut Ctx, real_now: DateTime<Utc>, which: impl Fn(&Incident) -> bool) {
        let due: Vec<(String, DateTime<Utc>, Vec<Step>)> = self
            .incidents
            .iter()
            .filter(|i| which(i) && has_own_plan(&self.plans, i))
            .map(|i| {
                let now = incident_clock(i, real_now);
                (i.id().to_string(), now, i.due_rises(plan_in(&self.plans, i), &self.calendar, now))
            })
            .filter(|(_, _, steps)| !steps.is_empty())
            .collect();
        if due.is_empty() {
            return;
        }
        // A stored log is checked before the first entry is added to it.
        for (id, _, _) in &due {
            self.settle_pending(ctx, id);
        }
        let mut alerts = Vec::new();
        for (id, _, steps) in &due {
            let mut added = Vec::new();
            let Some(incident) = self.incident_mut(id) else { continue };
            for step in steps {
                // The same entry wherever it is worked out (`rises`): no copies after a sync.
                let event = crate::domain::incidents::rises::rise_entry(incident, step);
                let event_id = event.id.clone();
                if incident.append(event).is_ok() {
                    added.push(event_id);
                    alerts.push(Alert {
                        id: ctx.ids.new_id(),
                        incident_id: id.clone(),
                        title: drill_mark(incident, incident.state().facts.title),
                        kind: AlertKind::Level(step.level),
                        effective_at: step.at,
                        basis: step.rule.describe(),
                    });
                }
            }
            // Nothing appended (the log refused it): nothing to save.
            if !added.is_empty() {
                ctx.happened.appended.extend(added.iter().map(|e| (id.clone(), e.clone())));
                let _ = self.persist(ctx, id, added);
            }
        }
        if let Some(Alert { kind: AlertKind::Level(level), title, basis, .. }) = alerts.last() {
            ctx.happened.sound = true;
            ctx.happened.notifications.push((crate::tf!("事件定级：{0}", level.label()), crate::tf!("{0}：{1}", title, basis)));
        }
        for a in alerts {
            self.raise_now(ctx, a);
        }
    }

    pub(super) fn raise_now(&mut self, ctx: &mut Ctx, alert: Alert) {
        ctx.happened.changed.alerts = true;
        ctx.happened.alerts.push(alert.clone());
        self.raise(alert);
    }

    /// Alarms once per duty when it enters its last minutes and again when it
    /// turns overdue (tone, notification, a banner on every screen), and returns
    /// how many are overdue now.
    pub fn check_duties(&mut self, ctx: &mut Ctx, real_now: DateTime<Utc>) -> usize {
        // Duties newly alarmed, by incident (index), in the order found.
        let mut fresh: Vec<(usize, Vec<Due>)> = Vec::new();
        let mut count = 0;
        // Which duty banners still match a duty overdue or in its last minutes: they stay.
        // Matched through the incident's few banners, so no text is made per duty (an
        // incident left open for months has thousands of overdue rounds).
        let mut pressing = vec![false; self.alerts.len()];
        let mut banners: HashMap<&str, Vec<usize>> = HashMap::new();
        for (n, a) in self.alerts.iter().enumerate() {
            if matches!(a.kind, AlertKind::Overdue | AlertKind::LastMinutes) {
                banners.entry(a.incident_id.as_str()).or_default().push(n);
            }
        }
        // Duties outlive the emergency (termination notices, summary reports) until closed.
        for (n, incident) in self.incidents.iter().enumerate().filter(|(_, i)| has_own_plan(&self.plans, i) && !i.state().closed) {
            let now = incident_clock(incident, real_now);
            let mine = banners.get(incident.id()).map(Vec::as_slice).unwrap_or_default();
            let plan = plan_in(&self.plans, incident);
            if let Some(kept) = self.watch.kept(incident, plan, now, true) {
                // Nothing has turned since the tick last went through these duties: as many
                // are overdue, none is newly alarmed, and every duty banner of the incident
                // was raised or kept by that pass, so each still stands.
                count += kept.overdue;
                for &n in mine {
                    pressing[n] = true;
                }
                continue;
            }
            let alarmed = self.alarmed.entry(incident.id().to_string()).or_default();
            let mut due = Vec::new();
            let duties = obligations(incident, &plan.obligations, &self.calendar, now);
            for o in &duties {
                let (kind, mark) = match o.alarm(now) {
                    Some(Alarm::Overdue) => (AlertKind::Overdue, 1),
                    Some(Alarm::LastMinutes) => (AlertKind::LastMinutes, 0),
                    None => continue,
                };
                for &n in mine {
                    if self.alerts[n].effective_at == o.deadline && !pressing[n] && self.alerts[n].basis == tr(&o.rule.title) {
                        pressing[n] = true;
                    }
                }
                if kind == AlertKind::Overdue {
                    count += 1;
                }
                if !alarmed[mark].insert(key_digest(&o.key)) {
                    continue;
                }
                due.push(Due { kind, deadline: o.deadline, rule: o.rule.clone() });
            }
            self.watch.keep(incident, plan, &duties, now, true);
            if !due.is_empty() {
                fresh.push((n, due));
            }
        }
        if self.retire_settled_alerts(&pressing) {
            ctx.happened.changed.alerts = true;
        }
        let total: usize = fresh.iter().map(|(_, due)| due.len()).sum();
        if let Some((n, due)) = fresh.first() {
            ctx.happened.sound = true;
            let first = &due[0];
            let title = drill_mark(&self.incidents[*n], self.incidents[*n].state().facts.title);
            let more = if total > 1 { crate::tf!("（另有{0}项）", total - 1) } else { String::new() };
            let head = if first.kind == AlertKind::Overdue { t("义务已超时") } else { t("义务即将到期") };
            ctx.happened.notifications.push((head.to_string(), crate::tf!("{0}：{1}{2}", title, tr(&first.rule.title), more)));
        }
        for (n, due) in fresh {
            self.raise_duties(ctx, n, due);
        }
        count
    }

    /// Raises the newly alarmed duties of incident `n` in order, as `raise` would one
    /// by one, but writing out only the banners left standing: after a long absence
    /// an incident can have thousands, and each replaces the one before.
    fn raise_duties(&mut self, ctx: &mut Ctx, n: usize, due: Vec<Due>) {
        let id = self.incidents[n].id().to_string();
        let mine: Vec<usize> = self.alerts.iter().enumerate().filter(|(_, a)| a.incident_id == id).map(|(k, _)| k).collect();
        let mut gone = vec![false; self.alerts.len()];
        let mut standing: Vec<usize> = Vec::new();
        for (j, d) in due.iter().enumerate() {
            // Written only when an older warning of the same deadline is compared with it.
            let basis = std::cell::OnceCell::new();
            let basis = || basis.get_or_init(|| tr(&d.rule.title)).clone();
            for &k in &mine {
                let a = &self.alerts[k];
                if !gone[k] && replaces((&d.kind, &basis, d.deadline), (&a.kind, || a.basis.clone(), a.effective_at)) {
                    gone[k] = true;
                }
            }
            standing.retain(|&i| {
                let older = &due[i];
                !replaces((&d.kind, &basis, d.deadline), (&older.kind, || tr(&older.rule.title), older.deadline))
            });
            standing.push(j);
        }
        let mut k = 0;
        self.alerts.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
        let title = drill_mark(&self.incidents[n], self.incidents[n].state().facts.title);
        for j in standing {
            let d = &due[j];
            let alert = Alert { id: ctx.ids.new_id(), incident_id: id.clone(), title: title.clone(), kind: d.kind.clone(), effective_at: d.deadline, basis: tr(&d.rule.title) };
            ctx.happened.changed.alerts = true;
            ctx.happened.alerts.push(alert.clone());
            self.alerts.push(alert);
        }
    }

    /// Delivers the scenario injects that fell due on each running drill's clock.
    pub fn deliver_injects(&mut self, ctx: &mut Ctx, real_now: DateTime<Utc>) {
        // Only running scenario drills have injects; most ticks end here without parsing the library.
        let running = |i: &Incident| i.drill_setup().is_some_and(|d| d.scenario.is_some()) && !i.state().closed;
        if !self.incidents.iter().any(running) {
            return;
        }
        let library = crate::domain::drills::drill::scenarios();
        let due: Vec<(String, usize, DateTime<Utc>, String)> = self
            .incidents
            .iter()
            .filter(|i| running(i))
            .filter_map(|i| {
                let wanted = i.drill_setup()?.scenario.as_ref()?;
                let scenario = library.iter().find(|s| &s.id == wanted)?;
                let now = incident_clock(i, real_now);
                Some(crate::domain::drills::drill::due_injects(i, scenario, now).into_iter().map(|(n, at, text)| (i.id().to_string(), n, at, text)).collect::<Vec<_>>())
            })
            .flatten()
            .collect();
        for (id, index, at, text) in due {
            // One id per inject, recorded as it fell due: tabs and workstations delivering
            // the same inject write the same entry.
            let Some(recorded_at) = self.incident(&id).map(|i| crate::domain::incidents::rises::recorded_when_due(i, at)) else { continue };
            let entry = crate::domain::Event { id: format!("{id}-inject-{index}"), occurred_at: at, recorded_at, author: Author::drill_director(), kind: EventKind::DrillInject { index, text: text.clone() } };
            if self.record_entry(ctx, &id, entry).is_ok() {
                ctx.happened.sound = true;
                let title = self.title_of(&id).unwrap_or_default();
                let alert = Alert { id: ctx.ids.new_id(), incident_id: id.clone(), title, kind: AlertKind::Inject, effective_at: at, basis: tr(&text) };
                self.raise_now(ctx, alert);
            }
        }
    }
}

/// A 64-bit digest of a duty's key, for the set of those already alarmed. Two keys
/// of one incident sharing a digest (odds about n²/2⁶⁴) would alarm one of them once
/// fewer; its card and the board still show it.
pub(super) fn key_digest(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}
