//! The level as a coloured badge; the text carries the meaning, colour only helps.

use crate::domain::base::level::{level_label, Level};
use crate::domain::base::i18n::t;
use leptos::prelude::*;

#[component]
pub fn LevelBadge(level: Option<Level>, #[prop(optional)] large: bool, #[prop(optional)] manual: bool) -> impl IntoView {
    let class = format!(
        "badge level-{}{}",
        level.map_or("none", Level::code),
        if large { " badge-large" } else { "" }
    );
    view! {
        // Under a plan without thresholds "below the threshold" would mislead: nobody has graded it yet.
        <span class=class data-testid="level-badge">{if manual && level.is_none() { t("未定级") } else { level_label(level) }}</span>
    }
}
