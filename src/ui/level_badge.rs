//! The level as a coloured badge; the text carries the meaning, colour only helps.

use crate::domain::level::{level_label, Level};
use leptos::prelude::*;

#[component]
pub fn LevelBadge(level: Option<Level>, #[prop(optional)] large: bool) -> impl IntoView {
    let class = format!(
        "badge level-{}{}",
        level.map_or("none", Level::code),
        if large { " badge-large" } else { "" }
    );
    view! {
        <span class=class data-testid="level-badge">{level_label(level)}</span>
    }
}
