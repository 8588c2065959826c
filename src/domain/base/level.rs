//! Incident levels of 第七条: Ⅰ (特别重大) is the most severe, Ⅲ (一般) the least.

use crate::domain::base::i18n::t;
use serde::{Deserialize, Serialize};

/// Ordered by severity: `Level::III < Level::II < Level::I`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    III,
    II,
    I,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::I, Level::II, Level::III];

    /// "Ⅰ级" — the badge text.
    pub fn label(self) -> &'static str {
        match self {
            Level::I => t("Ⅰ级"),
            Level::II => t("Ⅱ级"),
            Level::III => t("Ⅲ级"),
        }
    }

    /// The plan's name for the level (第七条).
    pub fn name(self) -> &'static str {
        match self {
            Level::I => t("特别重大事件"),
            Level::II => t("重大事件"),
            Level::III => t("一般事件"),
        }
    }

    /// Stable code for CSS classes and storage-independent ids.
    pub fn code(self) -> &'static str {
        match self {
            Level::I => "1",
            Level::II => "2",
            Level::III => "3",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Badge text for an optional level: below every threshold is "未达分级标准".
pub fn level_label(level: Option<Level>) -> &'static str {
    level.map_or(t("未达分级标准"), Level::label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_one_is_the_most_severe() {
        assert!(Level::I > Level::II && Level::II > Level::III);
        assert!(Some(Level::III) > None);
        assert_eq!(level_label(None), "未达分级标准");
        assert_eq!(Level::from_code("2"), Some(Level::II));
        assert_eq!(Level::from_code("4"), None);
    }
}
