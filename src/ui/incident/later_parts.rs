//! The part of the incident page a duty officer can do without for the first seconds — the
//! time chart, last on the page — lives in a wasm module of its own in the release build
//! (issue 18, docs/PERFORMANCE.md), asked for as the page is drawn and never waited for. What
//! an incident needs at once stays in the first module: the level, the next duty and its form,
//! recording a note, the restoration or a new level, a drill's controls, the checklists,
//! closeout and the timeline.

use super::timeline_chart::TimelineChart;
use crate::domain::Incident;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

#[derive(Clone)]
pub enum Part {
    TimelineChart(Memo<Option<Incident>>),
}

fn part_view(part: Part) -> AnyView {
    match part {
        Part::TimelineChart(incident) => view! { <TimelineChart incident=incident/> }.into_any(),
    }
}

/// The split point: everything only this reaches goes to the module `split_incident_parts`.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(incident_parts, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch))]
pub fn part(part: Part) -> Result<AnyView, SplitLoaderError> {
    Ok(part_view(part))
}

/// Unsplit (tests, `cargo check`): here at once.
#[cfg(not(feature = "split"))]
pub async fn part(part: Part) -> Result<AnyView, SplitLoaderError> {
    Ok(part_view(part))
}

/// Fetches the module ahead of need (no-op when unsplit).
#[cfg(not(feature = "split"))]
pub async fn fetch() -> Result<(), SplitLoaderError> {
    Ok(())
}
