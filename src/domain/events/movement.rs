//! A fund movement with an exchange done in fallback mode (第二十条), as
//! `MovementRecorded` carries it. The movement list that folds them is
//! `business::exchange_funds`.

use crate::domain::base::i18n::t;
use crate::domain::base::money::Fen;
use crate::domain::events::facts::Exchange;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MovementDirection {
    /// 入金: from a futures company's margin account to the exchange.
    Inflow,
    /// 出金: from the exchange back to the futures company.
    Outflow,
}

impl MovementDirection {
    pub const ALL: [MovementDirection; 2] = [MovementDirection::Inflow, MovementDirection::Outflow];

    pub fn name(self) -> &'static str {
        match self {
            MovementDirection::Inflow => t("入金"),
            MovementDirection::Outflow => t("出金"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MovementMode {
    /// 手工: counter transfer, documents carried to the exchange.
    Manual,
    /// 磁盘导入: the outflow file imported from the exchange's disk.
    DiskImport,
}

impl MovementMode {
    pub const ALL: [MovementMode; 2] = [MovementMode::Manual, MovementMode::DiskImport];

    pub fn name(self) -> &'static str {
        match self {
            MovementMode::Manual => t("手工"),
            MovementMode::DiskImport => t("磁盘导入"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeMovement {
    pub id: String,
    pub at: DateTime<Utc>,
    pub exchange: Exchange,
    pub direction: MovementDirection,
    /// The member futures company.
    pub member: String,
    pub from_account: String,
    pub to_account: String,
    pub amount: Fen,
    /// The exchange's instruction (list or slip) reference.
    pub instruction: String,
    pub mode: MovementMode,
    pub operator: String,
    /// The second person (dual control, like counter transfers). Movements stored
    /// before this field existed have none and show as not reviewed.
    #[serde(default)]
    pub reviewer: String,
    pub note: String,
}

impl ExchangeMovement {
    /// The checker, or "未复核" for a movement recorded without one (older records).
    pub fn reviewer_shown(&self) -> String {
        if self.reviewer.trim().is_empty() { t("未复核").into() } else { self.reviewer.clone() }
    }
}
