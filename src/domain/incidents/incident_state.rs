//! What the screens show of an incident, as a value: the fold of its log
//! (`state.rs` computes it; `Incident` keeps the last one until its log changes).

use crate::domain::events::facts::IncidentFacts;
use crate::domain::events::rule::Rule;
use crate::domain::base::level::Level;
use chrono::{DateTime, Duration, Utc};

/// What the screens show, folded from the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentState {
    pub facts: IncidentFacts,
    pub plan_id: String,
    pub plan_version: String,
    /// Present for a drill (演练): marked everywhere, kept out of real statistics.
    pub drill: Option<crate::domain::events::drill_setup::DrillSetup>,
    pub level: Option<Level>,
    pub level_since: Option<DateTime<Utc>>,
    pub level_basis: Option<LevelBasis>,
    /// When a person last set the level by hand: rules only raise it for
    /// thresholds crossed after that.
    pub manual_since: Option<DateTime<Utc>>,
    pub restored_at: Option<DateTime<Utc>>,
    /// Every confirmation of a level, in log order (a manual reclassification
    /// is a decision, so it counts as confirmed when made).
    pub confirmations: Vec<(Level, DateTime<Utc>)>,
    /// The level in effect and since when, while nobody has confirmed it.
    pub unconfirmed: Option<(Level, DateTime<Utc>)>,
    /// Closed after monitoring and the summary report (第十八条, 第二十二条).
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelBasis {
    Rule(Rule),
    Manual { reason: String },
}

impl LevelBasis {
    pub fn describe(&self) -> String {
        match self {
            LevelBasis::Rule(rule) => rule.describe(),
            LevelBasis::Manual { reason } => crate::tf!("人工调整：{0}", reason),
        }
    }
}

impl IncidentState {
    pub fn is_open(&self) -> bool {
        self.restored_at.is_none()
    }

    /// Time from the start to restoration, or to `now` while open.
    pub fn duration(&self, now: DateTime<Utc>) -> Duration {
        (self.restored_at.unwrap_or(now) - self.facts.started_at).max(Duration::zero())
    }
}
