//! Alerts: what every screen shows until someone dismisses it, one per incident
//! and kind, the latest replacing the earlier.

use crate::domain::base::sort;
use super::Desk;
use crate::domain::Level;
use chrono::{DateTime, Utc};

/// What an alert banner is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlertKind {
    /// The level rose (or was first set) by the plan's rules.
    Level(Level),
    /// A drill's scripted message.
    Inject,
    /// A duty passed its deadline still open.
    Overdue,
    /// A duty entered its last minutes (`obligation::LAST_MINUTES`).
    LastMinutes,
}

/// An unacknowledged alert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    pub id: String,
    pub incident_id: String,
    /// The incident's title (marked when a drill).
    pub title: String,
    pub kind: AlertKind,
    /// When it took effect: the level's start, the inject's time, the duty's deadline.
    pub effective_at: DateTime<Utc>,
    /// The rule for a level, the inject's text, the duty's title.
    pub basis: String,
}

/// Whether a new alert of the same incident (`kind`, `basis`, `at`) takes the place
/// of an older one: the same kind, or the older warned of the last minutes of the duty
/// now overdue. The bases are asked for only then (a duty's may have to be written).
pub(super) fn replaces(
    (kind, basis, at): (&AlertKind, impl FnOnce() -> String, DateTime<Utc>),
    (older, older_basis, older_at): (&AlertKind, impl FnOnce() -> String, DateTime<Utc>),
) -> bool {
    std::mem::discriminant(kind) == std::mem::discriminant(older)
        || (*older == AlertKind::LastMinutes && *kind == AlertKind::Overdue && older_at == at && older_basis() == basis())
}

impl Desk {
    /// Shows an alert on every screen; it replaces the incident's earlier one of the same kind.
    pub(super) fn raise(&mut self, alert: Alert) {
        // One line per incident and kind; a duty now overdue also retires its own "last minutes" line.
        let new = (&alert.kind, || alert.basis.clone(), alert.effective_at);
        self.alerts.retain(|a| !(a.incident_id == alert.incident_id && replaces(new, (&a.kind, || a.basis.clone(), a.effective_at))));
        self.alerts.push(alert);
    }

    pub fn dismiss_alert(&mut self, alert_id: &str) {
        self.alerts.retain(|a| a.id != alert_id);
    }

    pub fn dismiss_all_alerts(&mut self) {
        self.alerts.clear();
    }

    /// A duty's alert goes once the duty is settled: nothing is left to warn about.
    /// `pressing[i]` says whether alert `i` still matches a duty overdue or in its
    /// last minutes. Returns whether any went.
    pub(super) fn retire_settled_alerts(&mut self, pressing: &[bool]) -> bool {
        let before = self.alerts.len();
        let mut i = 0;
        self.alerts.retain(|a| {
            let keep = !matches!(a.kind, AlertKind::Overdue | AlertKind::LastMinutes) || pressing.get(i).copied().unwrap_or(false);
            i += 1;
            keep
        });
        self.alerts.len() != before
    }
}

/// The alerts given a line of their own when at most `lines` fit: all of them if they
/// fit, otherwise the most urgent `lines - 1` (levels, then duties still in their last
/// minutes, injects, then overdue duties; the newest first within each), the last line
/// being left to count the rest.
pub fn listed(all: &[Alert], lines: usize) -> Vec<Alert> {
    if all.len() <= lines {
        return all.to_vec();
    }
    let rank = |a: &Alert| match a.kind {
        AlertKind::Level(_) => 0,
        AlertKind::LastMinutes => 1,
        AlertKind::Inject => 2,
        AlertKind::Overdue => 3,
    };
    let mut order: Vec<&Alert> = all.iter().rev().collect();
    sort::by_key(&mut order, |a| rank(a));
    order.into_iter().take(lines.saturating_sub(1)).cloned().collect()
}
