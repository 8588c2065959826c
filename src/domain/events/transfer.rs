//! A counter transfer done by hand (第十九条) and where it stands with the futures
//! company, and a line of its confirmation list: what `TransferRecorded`,
//! `TransferAdvanced` and `ConfirmationImported` carry. The ledger that
//! folds them is `business::ledger`.

use crate::domain::base::i18n::{in_lang, t, Lang};
use crate::domain::base::money::Fen;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TransferDirection {
    /// 银转期: the customer's bank account to the futures company's margin account.
    BankToFutures,
    /// 期转银: back to the customer's bank account, on the futures company's transfer slip.
    FuturesToBank,
}

impl TransferDirection {
    pub const ALL: [TransferDirection; 2] = [TransferDirection::BankToFutures, TransferDirection::FuturesToBank];

    pub fn name(self) -> &'static str {
        match self {
            TransferDirection::BankToFutures => t("银转期"),
            TransferDirection::FuturesToBank => t("期转银"),
        }
    }

    /// The direction named in Chinese (what the futures companies' lists say) or in
    /// the screen's language.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        Self::ALL.into_iter().find(|d| in_lang(Lang::Zh, || d.name()) == name || d.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterTransfer {
    pub id: String,
    pub at: DateTime<Utc>,
    pub direction: TransferDirection,
    pub customer: String,
    pub bank_account: String,
    pub futures_company: String,
    pub futures_account: String,
    pub amount: Fen,
    pub voucher: String,
    pub operator: String,
    pub reviewer: String,
    pub note: String,
    /// Set on a reversing entry: the id of the entry it cancels.
    #[serde(default)]
    pub reverses: Option<String>,
}

/// Where an entry stands with the futures company (第十九条（一）（二）).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    Recorded,
    /// Told to the futures company by mail or fax.
    Sent,
    /// The futures company confirmed its side.
    Confirmed,
    /// Both sides' end-of-day lists agree.
    Reconciled,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Recorded, Stage::Sent, Stage::Confirmed, Stage::Reconciled];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Recorded => t("已登记"),
            Stage::Sent => t("已告知期货公司"),
            Stage::Confirmed => t("期货公司已确认"),
            Stage::Reconciled => t("已对账"),
        }
    }

    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Recorded => Some(Stage::Sent),
            Stage::Sent => Some(Stage::Confirmed),
            Stage::Confirmed => Some(Stage::Reconciled),
            Stage::Reconciled => None,
        }
    }
}

/// One line of the futures company's confirmation list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub line: usize,
    pub voucher: String,
    pub direction: Option<TransferDirection>,
    pub futures_account: String,
    pub amount: Fen,
}
