//! One incident's duties as a person under stress needs them: the one duty that
//! can still be met soonest, the few after it, and the rest folded away (overdue,
//! further ahead, settled). A view of `obligation::obligations`, nothing stored.

use crate::domain::base::sort;
use crate::domain::incidents::obligation::Obligation;
use chrono::{DateTime, Utc};

/// How many duties are shown after the next one before the rest fold.
pub const UPCOMING: usize = 3;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    /// The open duty whose deadline is nearest and still ahead: the one to do now.
    pub next: Option<Obligation>,
    /// The few open duties after it, nearest first (at most [`UPCOMING`]).
    pub upcoming: Vec<Obligation>,
    /// Open duties further ahead than those.
    pub later: Vec<Obligation>,
    /// Open and past their deadline: still to be done, late. Longest overdue first.
    pub overdue: Vec<Obligation>,
    /// Done or not applicable, by deadline.
    pub settled: Vec<Obligation>,
}

impl Agenda {
    /// Sorts `list` at `now`. Equal deadlines put the duties of `mine` (this
    /// workstation's plan role) first: among duties due together, yours come first.
    pub fn of(list: Vec<Obligation>, now: DateTime<Utc>, mine: Option<&str>) -> Agenda {
        let order = |o: &Obligation| (o.deadline, Some(o.responsible()) != mine, o.key.clone());
        let (open, mut settled): (Vec<_>, Vec<_>) = list.into_iter().partition(|o| o.status.is_open());
        let (mut overdue, mut ahead): (Vec<_>, Vec<_>) = open.into_iter().partition(|o| o.deadline < now);
        sort::by_key(&mut ahead, order);
        sort::by_key(&mut overdue, order);
        sort::by_key(&mut settled, order);
        let mut ahead = ahead.into_iter();
        let next = ahead.next();
        let upcoming = ahead.by_ref().take(UPCOMING).collect();
        Agenda { next, upcoming, later: ahead.collect(), overdue, settled }
    }

    /// Every open duty, in the order shown.
    pub fn open(&self) -> impl Iterator<Item = &Obligation> {
        self.next.iter().chain(&self.upcoming).chain(&self.later).chain(&self.overdue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::fixtures::t;
    use crate::domain::incidents::obligation::Status;
    use crate::domain::{events::channel::Channel, plans::playbook::{Condition, ObligationRule, Schedule, Trigger}};

    fn duty(key: &str, responsible: &str, deadline: &str, status: Status) -> Obligation {
        let rule = ObligationRule {
            id: key.into(),
            title: key.into(),
            responsible: responsible.into(),
            recipients: vec![],
            trigger: Trigger::Discovered,
            schedule: Schedule::Within { minutes: 10 },
            condition: Condition::Always,
            channel: Channel::Fax,
            article: String::new(),
            basis: String::new(),
            superseded_by: None,
            report: None,
            immediate: false,
            blocks_closeout: false,
        };
        Obligation { key: key.into(), rule: std::sync::Arc::new(rule), started_at: t("2026-11-23T10:00"), deadline: t(deadline), status, discharge: None }
    }

    fn keys(list: &[Obligation]) -> Vec<&str> {
        list.iter().map(|o| o.key.as_str()).collect()
    }

    #[test]
    fn the_duty_that_can_still_be_met_leads_whatever_is_overdue() {
        // At 12:00, Ⅰ confirmed: seven duties from the Ⅲ and Ⅱ phases are overdue, the 10-minute fax is not.
        let mut list: Vec<Obligation> = (1..=7).map(|n| duty(&format!("old{n}"), "wg", &format!("2026-11-23T10:{:02}", 10 + n), Status::Overdue)).collect();
        list.push(duty("summary", "wg", "2026-11-26T00:00", Status::Pending));
        list.push(duty("fax-i", "wg", "2026-11-23T12:10", Status::DueSoon));
        list.push(duty("progress", "wg", "2026-11-23T14:00", Status::Pending));
        list.push(duty("done", "wg", "2026-11-23T10:05", Status::DoneOnTime));
        let a = Agenda::of(list, t("2026-11-23T12:00"), Some("wg"));
        assert_eq!(a.next.as_ref().map(|o| o.key.as_str()), Some("fax-i"));
        assert_eq!(keys(&a.upcoming), vec!["progress", "summary"]);
        assert_eq!(a.overdue.len(), 7);
        assert_eq!(a.overdue[0].key, "old1", "longest overdue first");
        assert_eq!(keys(&a.settled), vec!["done"]);
        assert_eq!(a.open().count(), 10);
    }

    #[test]
    fn only_a_few_follow_the_next_duty_and_mine_come_first_among_equals() {
        let list = vec![
            duty("theirs", "province", "2026-11-23T10:10", Status::Pending),
            duty("mine", "wg", "2026-11-23T10:10", Status::Pending),
            duty("b", "wg", "2026-11-23T10:20", Status::Pending),
            duty("c", "wg", "2026-11-23T10:30", Status::Pending),
            duty("d", "wg", "2026-11-23T10:40", Status::Pending),
            duty("e", "wg", "2026-11-23T10:50", Status::Pending),
        ];
        let a = Agenda::of(list, t("2026-11-23T10:01"), Some("wg"));
        assert_eq!(a.next.as_ref().map(|o| o.key.as_str()), Some("mine"));
        assert_eq!(keys(&a.upcoming), vec!["theirs", "b", "c"]);
        assert_eq!(keys(&a.later), vec!["d", "e"]);
    }

    #[test]
    fn with_everything_overdue_there_is_no_next_duty() {
        let a = Agenda::of(vec![duty("x", "wg", "2026-11-23T10:10", Status::Overdue)], t("2026-11-23T11:00"), None);
        assert_eq!(a.next, None);
        assert_eq!(a.overdue.len(), 1);
    }
}
