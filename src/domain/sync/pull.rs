//! Pulled event documents taken into the incidents they belong to. They arrive in
//! any order and in batches; an incident this workstation does not hold yet waits
//! until its opening entry has come. The result is the merge's deterministic order
//! (opening first, then by recording time and id), so every workstation that has
//! pulled the same documents holds the same log and the same final hash.

use crate::domain::base::sort;
use super::event_doc::{kept, EventDoc, Refusal};
use crate::domain::events::event::{Event, EventKind};
use crate::domain::files::packet::{check_ids, shown_id};
use crate::domain::incidents::incident::Incident;
use std::collections::BTreeMap;

/// What pulled entries did to one incident.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The log to store: `added` entries new here, `conflicts` copies of entries held
    /// here with other content (kept beside ours as conflict entries, as packets are).
    Merged { incident: Incident, added: usize, conflicts: usize },
    /// Everything pulled was here already.
    Unchanged,
    /// Not held here and its opening entry not pulled yet: keep the entries until it is.
    Waiting(Vec<Event>),
}

/// The pulled documents by incident, in the order first seen.
pub fn by_incident(docs: Vec<EventDoc>) -> BTreeMap<String, Vec<Event>> {
    let mut out: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for d in docs {
        out.entry(d.incident_id).or_default().push(d.event);
    }
    out
}

/// Takes `pulled` entries of incident `id` into `local` (this workstation's log, if
/// it holds one). Refused whole when the entries cannot form a log (two openings,
/// an id out of form); nothing local changes then.
pub fn take_in(id: &str, local: Option<&Incident>, pulled: Vec<Event>) -> Result<Outcome, Refusal> {
    let raw = kept(serde_json::to_string(&pulled).unwrap_or_default());
    let refuse = |reason: String| Refusal { doc_id: shown_id(id), reason, raw: raw.clone() };
    let (mut openings, mut rest): (Vec<Event>, Vec<Event>) = pulled.into_iter().partition(|e| matches!(e.kind, EventKind::Opened { .. }));
    if openings.len() > 1 {
        return Err(refuse(crate::domain::base::i18n::t("同一事件有两条登记记录，未采用").into()));
    }
    // One copy of each entry: the same document can come twice (a retried batch).
    sort::by(&mut rest, |a, b| a.recorded_at.cmp(&b.recorded_at).then(a.id.cmp(&b.id)));
    rest.dedup_by(|a, b| a == b);
    let opening = match (openings.pop(), local) {
        (Some(o), _) => o,
        (None, Some(mine)) => mine.events()[0].clone(),
        (None, None) => return Ok(Outcome::Waiting(rest)),
    };
    let theirs = Incident::from_log(id.to_string(), opening, rest).map_err(|e| refuse(e.to_string()))?;
    check_ids(&theirs).map_err(refuse)?;
    match local {
        None => {
            let added = theirs.events().len();
            Ok(Outcome::Merged { incident: theirs, added, conflicts: 0 })
        }
        Some(mine) => {
            let mut merged = mine.clone();
            let m = merged.merge_all(&theirs);
            // The log as recorded here keeps its append order; entries recorded in one
            // instant (rises of one tick) may stand otherwise than the merge's order,
            // which every puller uses. Put in that order once shared, so every
            // workstation holds the same log and final hash.
            let canonical = in_merge_order(&merged);
            let reordered = canonical.events() != merged.events();
            Ok(if m.added == 0 && m.conflicts == 0 && !reordered { Outcome::Unchanged } else { Outcome::Merged { incident: canonical, added: m.added, conflicts: m.conflicts } })
        }
    }
}

/// The log in the merge's order: the opening first, then by recording time and id.
fn in_merge_order(incident: &Incident) -> Incident {
    let events = incident.events();
    let ordered = events[1..].windows(2).all(|w| (w[0].recorded_at, &w[0].id) <= (w[1].recorded_at, &w[1].id));
    if ordered {
        return incident.clone();
    }
    let mut rest = events[1..].to_vec();
    sort::by(&mut rest, |a, b| a.recorded_at.cmp(&b.recorded_at).then(a.id.cmp(&b.id)));
    Incident::from_log(incident.id().to_string(), events[0].clone(), rest).unwrap_or_else(|_| incident.clone())
}

#[cfg(test)]
#[path = "pull_tests.rs"]
mod tests;
