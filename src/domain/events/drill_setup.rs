//! How a drill started, as its `Opened` event keeps it (absent for a real incident).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a drill started: which scenario, and where its clock stood against the wall clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillSetup {
    /// Scenario id, or `None` for a drill made up on the spot.
    pub scenario: Option<String>,
    pub title: String,
    pub real_start: DateTime<Utc>,
    pub sim_start: DateTime<Utc>,
    pub speed: u32,
}
