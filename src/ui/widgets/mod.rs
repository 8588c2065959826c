//! Small pieces drawn the same way on many screens: the labelled form field
//! with its message for screen readers, and the level badge. They know no
//! screen and no state, so any area can use them.

pub(super) mod field;
pub(super) mod later;
pub(super) mod level_badge;
