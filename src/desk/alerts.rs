//! Alerts: what every screen shows until someone dismisses it, one per incident
//! and kind, the latest replacing the earlier.

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

impl Desk {
    /// Shows an alert on every screen; it replaces the incident's earlier one of the same kind.
    pub(super) fn raise(&mut self, alert: Alert) {
        // One line per incident and kind; a duty now overdue also retires its own "last minutes" line.
        let same = |a: &Alert| {
            a.incident_id == alert.incident_id
                && (std::mem::discriminant(&a.kind) == std::mem::discriminant(&alert.kind)
                    || (a.kind == AlertKind::LastMinutes && alert.kind == AlertKind::Overdue && a.basis == alert.basis && a.effective_at == alert.effective_at))
        };
        self.alerts.retain(|x| !same(x));
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
