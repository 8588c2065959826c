//! An automatic rise in level (第七条) as the entry that records it. The rise is a
//! function of the log, so its entry is too: every workstation that works it out —
//! two with the incident open when it comes due, or one taking in another's log
//! before that one's rise has arrived — writes the very same entry, which the merge
//! then holds once (sync, packets), with one final hash everywhere. With a random id
//! and the wall clock each would add its own copy.

use super::classification::Step;
use super::incident::Incident;
use crate::domain::events::canonical::event_digest;
use crate::domain::events::event::{Author, Event, EventKind};
use chrono::{DateTime, Utc};

/// The entry for `step`, due in `incident`. Its recording time is when the rise came
/// due, or, if later, when the entry it rests on was recorded (the opening, a
/// correction of the facts, a manual level, the restoration, a drill's clock): the
/// moment the log first made it due. Its id is the digest of all that.
pub fn rise_entry(incident: &Incident, step: &Step) -> Event {
    let recorded_at = recorded_when_due(incident, step.at);
    let kind = EventKind::Classified { level: step.level, effective_at: step.at, rule: step.rule.clone() };
    let mut entry = Event { id: String::new(), occurred_at: step.at, recorded_at, author: Author::system(), kind };
    let digest = event_digest(&Event { id: incident.id().to_string(), ..entry.clone() });
    entry.id = format!("rise-{}", &digest[..32]);
    entry
}

/// When an entry the log makes due at `at` counts as recorded: then, or when the entry
/// it rests on was recorded, if later. The same at every workstation holding the log
/// (a drill's inject is recorded so too, for the same reason).
pub fn recorded_when_due(incident: &Incident, at: DateTime<Utc>) -> DateTime<Utc> {
    let basis = incident
        .events()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Opened { .. } | EventKind::FactsCorrected { .. } | EventKind::Reclassified { .. } | EventKind::ServiceRestored { .. } | EventKind::DrillClockSet { .. }
            )
        })
        .map(|e| e.recorded_at)
        .max();
    basis.map_or(at, |b| b.max(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::base::level::Level;
    use crate::domain::events::facts::Period;
    use crate::domain::events::fixtures::{facts, t};
    use crate::domain::events::rule::Rule;

    fn opened(id: &str, recorded: &str) -> Incident {
        let kind = EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00"), plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None };
        let author = Author { name: "李四".into(), role: "值班".into() };
        Incident::open(id.into(), Event { id: "e0".into(), occurred_at: t("2026-11-23T09:00"), recorded_at: t(recorded), author, kind }).unwrap()
    }

    fn step(at: &str) -> Step {
        Step { at: t(at), level: Level::III, rule: Rule::DaytimeImpact { minutes: 5, article: "第七条".into() } }
    }

    #[test]
    fn the_same_rise_worked_out_twice_is_the_same_entry() {
        let (a, b) = (opened("inc-1", "2026-11-23T09:01"), opened("inc-1", "2026-11-23T09:01"));
        let entry = rise_entry(&a, &step("2026-11-23T09:05"));
        assert_eq!(entry, rise_entry(&b, &step("2026-11-23T09:05")));
        assert!(crate::domain::base::ids::is_valid_id(&entry.id) && entry.id.starts_with("rise-"));
        // Live: recorded as it came due
        assert_eq!(entry.recorded_at, t("2026-11-23T09:05"));
        // Another incident, another moment: another entry
        assert_ne!(entry.id, rise_entry(&opened("inc-2", "2026-11-23T09:01"), &step("2026-11-23T09:05")).id);
        assert_ne!(entry.id, rise_entry(&a, &step("2026-11-23T09:06")).id);
    }

    #[test]
    fn a_rise_due_before_the_incident_was_recorded_is_recorded_with_it() {
        let late = opened("inc-1", "2026-11-23T11:30");
        assert_eq!(rise_entry(&late, &step("2026-11-23T09:05")).recorded_at, t("2026-11-23T11:30"));
    }
}
