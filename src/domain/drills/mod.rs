//! Drills: the scenario library, the drill clock, injects due, and the score.
//! A drill is an incident with a setup, so this sits on `incidents`.

pub mod drill;
