//! What `obligation::obligations` asks of an incident's log, gathered in one pass:
//! it runs every second for every open incident, and scanning a 10,000-entry
//! ledger for every rule, start and round made it quadratic.

use crate::domain::events::event::{Event, EventKind};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// An event and its place in the log; the place breaks ties of time.
type Placed<'a> = (usize, &'a Event);

pub(crate) struct LogIndex<'a> {
    /// Per key, the earliest event settling it (discharged or not applicable).
    settling: HashMap<&'a str, Placed<'a>>,
    /// Per key, the earliest not-applicable mark alone: one naming a recurring
    /// rule covers every round.
    not_applicable: HashMap<&'a str, Placed<'a>>,
    /// Per key, when it was first discharged (a chain starts from it).
    discharged_at: HashMap<&'a str, DateTime<Utc>>,
    /// The earliest notice that the other party's emergency is over.
    pub termination_notice: Option<DateTime<Utc>>,
    /// Late data submissions, in log order.
    pub delayed_submissions: Vec<&'a Event>,
    /// Notes marked as major progress, in log order.
    pub major_notes: Vec<&'a Event>,
}

/// Keeps the earlier event; on equal times the one already kept, the first in
/// the log, as the scan's `min_by_key` did.
fn keep_earliest<'a>(map: &mut HashMap<&'a str, Placed<'a>>, key: &'a str, placed: Placed<'a>) {
    map.entry(key).and_modify(|kept| if placed.1.occurred_at < kept.1.occurred_at { *kept = placed }).or_insert(placed);
}

impl<'a> LogIndex<'a> {
    pub fn new(events: &'a [Event]) -> LogIndex<'a> {
        let mut index = LogIndex {
            settling: HashMap::new(),
            not_applicable: HashMap::new(),
            discharged_at: HashMap::new(),
            termination_notice: None,
            delayed_submissions: Vec::new(),
            major_notes: Vec::new(),
        };
        for (position, e) in events.iter().enumerate() {
            match &e.kind {
                EventKind::ObligationDischarged { key, .. } => {
                    keep_earliest(&mut index.settling, key, (position, e));
                    let at = index.discharged_at.entry(key).or_insert(e.occurred_at);
                    *at = (*at).min(e.occurred_at);
                }
                EventKind::ObligationNotApplicable { key, .. } => {
                    keep_earliest(&mut index.settling, key, (position, e));
                    keep_earliest(&mut index.not_applicable, key, (position, e));
                }
                EventKind::TerminationNoticeReceived { .. } => {
                    index.termination_notice = Some(index.termination_notice.map_or(e.occurred_at, |t| t.min(e.occurred_at)));
                }
                EventKind::DataSubmissionDelayed { .. } => index.delayed_submissions.push(e),
                EventKind::Note { major: true, .. } => index.major_notes.push(e),
                _ => {}
            }
        }
        index
    }

    /// What settles `key` of rule `rule_id`: the earliest of the events settling
    /// the key and the rule's own not-applicable marks, the first in the log on
    /// equal times.
    pub fn settlement(&self, key: &str, rule_id: &str) -> Option<&'a Event> {
        let own = self.settling.get(key);
        let whole_rule = self.not_applicable.get(rule_id);
        own.into_iter().chain(whole_rule).min_by_key(|(position, e)| (e.occurred_at, *position)).map(|(_, e)| *e)
    }

    /// When `key` was first discharged.
    pub fn discharged_at(&self, key: &str) -> Option<DateTime<Utc>> {
        self.discharged_at.get(key).copied()
    }
}
