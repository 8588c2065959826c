//! Counter transfers done by hand while systems are down (第十九条): what was
//! recorded, where each stands, totals, and reversals. Derived from the log.

use crate::domain::business::account::{mask, parse_account, AccountKind};
use crate::domain::business::counterparty::Counterparties;
use crate::domain::events::event::{Event, EventKind};
use crate::domain::events::transfer::{CounterTransfer, Stage, TransferDirection};
use crate::domain::base::i18n::t;
use crate::domain::base::money::{capitals, parse_amount, Fen};
use crate::domain::base::time::{format_beijing_minutes, parse_datetime_local};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerEntry {
    pub transfer: CounterTransfer,
    pub stage: Stage,
    /// The entry that reverses this one, if any.
    pub reversed_by: Option<String>,
}

impl LedgerEntry {
    pub fn is_reversal(&self) -> bool {
        self.transfer.reverses.is_some()
    }

    /// Counts in totals: reversals count negative, so a reversed pair nets to zero.
    pub fn signed_amount(&self) -> Fen {
        if self.is_reversal() { -self.transfer.amount } else { self.transfer.amount }
    }

    /// Still stands: neither reversed nor a reversal.
    pub fn is_effective(&self) -> bool {
        self.reversed_by.is_none() && !self.is_reversal()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    /// In log order. Read it; only `extend` changes it, so the sums below stay true.
    pub entries: Vec<LedgerEntry>,
    /// Position of each entry by transfer id: lookups stay O(1) with 10,000 entries.
    index: BTreeMap<String, usize>,
    /// The totals, kept up to date entry by entry (`totals`): summing 10,000 entries
    /// again for each one booked held up the booking's confirmation.
    by_company: BTreeMap<(String, TransferDirection), Total>,
    by_direction: BTreeMap<TransferDirection, Total>,
    /// How many entries hold each voucher (normalised) in use: standing or reversals.
    vouchers: std::collections::HashMap<String, usize>,
}

/// Count and net amount of one group of entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Total {
    pub count: usize,
    pub amount: Fen,
}

impl Ledger {
    /// Folds the transfer events of an incident's log.
    pub fn from_events(events: &[Event]) -> Ledger {
        let mut ledger = Ledger::default();
        ledger.extend(events);
        ledger
    }

    /// Folds `events`, the entries of the log after those already folded, onto the
    /// ledger (the same as folding the whole log again); returns whether it changed.
    /// The ledger page takes each new entry in this way instead of refolding 10,000.
    pub fn extend(&mut self, events: &[Event]) -> bool {
        let mut changed = false;
        for e in events {
            match &e.kind {
                EventKind::TransferRecorded { transfer } => {
                    if self.index.contains_key(&transfer.id) {
                        continue;
                    }
                    if let Some(&original) = transfer.reverses.as_ref().and_then(|id| self.index.get(id)) {
                        let was_standing = self.entries[original].is_effective();
                        self.entries[original].reversed_by.get_or_insert_with(|| transfer.id.clone());
                        if was_standing {
                            // Reversed: it no longer counts, and its voucher is free again.
                            let o = &self.entries[original];
                            let key = (o.transfer.futures_company.clone(), o.transfer.direction);
                            let voucher = normalise_voucher(&o.transfer.voucher);
                            for t in [self.by_company.entry(key).or_default(), self.by_direction.entry(o.transfer.direction).or_default()] {
                                t.count -= 1;
                            }
                            if let Some(n) = self.vouchers.get_mut(&voucher) {
                                *n -= 1;
                            }
                        }
                    }
                    self.index.insert(transfer.id.clone(), self.entries.len());
                    let mut transfer = transfer.clone();
                    // Entries recorded before names were cleaned on input: "中信期货" + U+200B
                    // totals and reconciles as "中信期货".
                    transfer.futures_company = crate::domain::base::text::clean_line(&transfer.futures_company);
                    let entry = LedgerEntry { transfer, stage: Stage::Recorded, reversed_by: None };
                    let key = (entry.transfer.futures_company.clone(), entry.transfer.direction);
                    for t in [self.by_company.entry(key).or_default(), self.by_direction.entry(entry.transfer.direction).or_default()] {
                        t.amount = t.amount + entry.signed_amount();
                        t.count += usize::from(entry.is_effective());
                    }
                    // New, it is standing or a reversal: its voucher is in use either way.
                    *self.vouchers.entry(normalise_voucher(&entry.transfer.voucher)).or_default() += 1;
                    self.entries.push(entry);
                    changed = true;
                }
                EventKind::TransferAdvanced { transfer_id, stage, .. } => {
                    if let Some(i) = self.index.get(transfer_id) {
                        let before = self.entries[*i].stage;
                        self.entries[*i].stage = before.max(*stage);
                        changed |= self.entries[*i].stage != before;
                    }
                }
                _ => {}
            }
        }
        changed
    }

    pub fn get(&self, id: &str) -> Option<&LedgerEntry> {
        self.index.get(id).map(|i| &self.entries[*i])
    }

    /// Whether a voucher is in use: by a standing entry or by a reversal. A
    /// reversed entry frees its voucher, so the corrected slip can be booked
    /// under the number the futures company knows. Case and spaces do not count.
    pub fn voucher_taken(&self, voucher: &str) -> bool {
        // Counted as entries come in: comparing with each of 10,000 took milliseconds on
        // every check (twice per transfer booked).
        self.vouchers.get(&normalise_voucher(voucher)).is_some_and(|n| *n > 0)
    }

    /// Net totals per futures company and direction, and per direction. The two
    /// directions are never added together: that sum is no flow of money.
    pub fn totals(&self) -> (BTreeMap<(String, TransferDirection), Total>, BTreeMap<TransferDirection, Total>) {
        (self.by_company.clone(), self.by_direction.clone())
    }

    /// Every futures company in the ledger, in order: the totals' groups name each
    /// (looking through 10,000 entries for a handful of names held up every booking).
    pub fn futures_companies(&self) -> Vec<String> {
        let mut names: Vec<String> = self.by_company.keys().map(|(c, _)| c.clone()).collect();
        names.dedup();
        names
    }

    /// Entries matching a search text (name, voucher, account digits, company)
    /// and optional direction, newest first.
    pub fn filter(&self, query: &str, direction: Option<TransferDirection>) -> Vec<&LedgerEntry> {
        let q = query.trim();
        let mut out: Vec<&LedgerEntry> = self
            .entries
            .iter()
            .filter(|e| direction.is_none_or(|d| e.transfer.direction == d))
            .filter(|e| {
                q.is_empty() || {
                    let t = &e.transfer;
                    t.customer.contains(q) || t.voucher.contains(q) || t.futures_company.contains(q)
                        || t.bank_account.contains(q) || t.futures_account.contains(q)
                }
            })
            .collect();
        out.reverse();
        out
    }
}

/// Dual control compares names without spaces or case: "王 经办" is "王经办".
pub fn same_person(a: &str, b: &str) -> bool {
    normalise_voucher(a) == normalise_voucher(b)
}

/// Dual control (第十九条, 第二十条): who did it and who checked it, both named and two
/// different people. Returns the trimmed names and the message for each field at fault.
pub fn dual_control(operator: &str, reviewer: &str) -> ((String, Option<&'static str>), (String, Option<&'static str>)) {
    let (operator, reviewer) = (operator.trim().to_string(), reviewer.trim().to_string());
    let operator_error = operator.is_empty().then(|| t("请填写经办人"));
    let reviewer_error = if reviewer.is_empty() {
        Some(t("请填写复核人"))
    } else if same_person(&reviewer, &operator) {
        Some(t("复核人不能与经办人为同一人（双人复核）"))
    } else {
        None
    };
    ((operator, operator_error), (reviewer, reviewer_error))
}

/// Vouchers compare without case or spaces: "v 004" is "V004".
pub fn normalise_voucher(v: &str) -> String {
    voucher_chars(v).collect()
}

/// A voucher's characters as compared: spaces dropped, letters in upper case.
fn voucher_chars(v: &str) -> impl Iterator<Item = char> + '_ {
    v.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase)
}

/// The counter-transfer form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransferDraft {
    pub at: String,
    pub direction: Option<TransferDirection>,
    pub customer: String,
    pub bank_account: String,
    pub futures_company: String,
    pub futures_account: String,
    pub amount: String,
    pub voucher: String,
    pub operator: String,
    pub reviewer: String,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransferField {
    At,
    Direction,
    Customer,
    BankAccount,
    FuturesCompany,
    FuturesAccount,
    Amount,
    Voucher,
    Operator,
    Reviewer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferError {
    pub field: TransferField,
    pub message: String,
}

impl TransferDraft {
    /// A transfer with the given id, or every problem by field. `cap` is the
    /// plan's per-entry limit; vouchers must be new to the ledger; the futures
    /// company must be one of `known` (stored in its known spelling).
    pub fn validate(&self, id: String, ledger: &Ledger, known: &Counterparties, cap: Fen, now: DateTime<Utc>) -> Result<CounterTransfer, Vec<TransferError>> {
        use TransferField as F;
        let mut errors = Vec::new();
        let mut err = |field, message: String| errors.push(TransferError { field, message });
        let at = if self.at.trim().is_empty() {
            Some(now)
        } else {
            match parse_datetime_local(&self.at) {
                Some(at) if at <= now + chrono::Duration::minutes(1) => Some(at),
                Some(_) => {
                    err(F::At, t("办理时间不能晚于当前时间").into());
                    None
                }
                None => {
                    err(F::At, t("办理时间格式不正确").into());
                    None
                }
            }
        };
        if self.direction.is_none() {
            err(F::Direction, t("请选择业务类型：银转期或期转银").into());
        }
        if crate::domain::base::text::clean_line(&self.customer).is_empty() {
            err(F::Customer, t("请填写客户姓名").into());
        }
        let bank = parse_account(&self.bank_account, AccountKind::Bank).map_err(|m| err(F::BankAccount, m)).ok();
        let company = known.resolve(&self.futures_company).map_err(|m| err(F::FuturesCompany, m)).ok();
        let futures = parse_account(&self.futures_account, AccountKind::FuturesCapital).map_err(|m| err(F::FuturesAccount, m)).ok();
        let amount = parse_amount(&self.amount, Some(cap)).map_err(|e| err(F::Amount, e.to_string())).ok();
        let voucher = self.voucher.trim().to_string();
        if voucher.is_empty() {
            err(F::Voucher, t("请填写凭证号").into());
        } else if ledger.voucher_taken(&voucher) {
            err(F::Voucher, crate::tf!("凭证号 {0} 已登记，请勿重复记账", voucher));
        }
        let ((operator, operator_error), (reviewer, reviewer_error)) = dual_control(&self.operator, &self.reviewer);
        if let Some(m) = operator_error {
            err(F::Operator, m.into());
        }
        if let Some(m) = reviewer_error {
            err(F::Reviewer, m.into());
        }
        match (errors.is_empty(), at, self.direction, bank, futures, amount, company) {
            (true, Some(at), Some(direction), Some(bank_account), Some(futures_account), Some(amount), Some(futures_company)) => Ok(CounterTransfer {
                id,
                at,
                direction,
                customer: crate::domain::base::text::clean_line(&self.customer),
                bank_account,
                futures_company,
                futures_account,
                amount,
                voucher,
                operator,
                reviewer,
                note: crate::domain::base::text::clean(&self.note),
                reverses: None,
            }),
            _ => Err(errors),
        }
    }
}

/// The reversing entry for `original`: same parties and amount, its own
/// voucher, two people again.
pub fn reversal(
    original: &LedgerEntry,
    id: String,
    voucher: &str,
    operator: &str,
    reviewer: &str,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<CounterTransfer, String> {
    if original.is_reversal() {
        return Err(t("冲正记录不能再冲正").into());
    }
    if original.reversed_by.is_some() {
        return Err(t("该笔已冲正").into());
    }
    let (voucher, operator, reviewer, reason) = (voucher.trim(), operator.trim(), reviewer.trim(), reason.trim());
    if voucher.is_empty() || operator.is_empty() || reviewer.is_empty() || reason.is_empty() {
        return Err(t("冲正须填写冲正凭证号、经办人、复核人和原因").into());
    }
    if same_person(operator, reviewer) {
        return Err(t("复核人不能与经办人为同一人（双人复核）").into());
    }
    Ok(CounterTransfer {
        id,
        at,
        voucher: voucher.into(),
        operator: operator.into(),
        reviewer: reviewer.into(),
        note: reason.into(),
        reverses: Some(original.transfer.id.clone()),
        ..original.transfer.clone()
    })
}

/// Columns of the ledger CSV and the hand-over list. Chinese: a futures company's
/// confirmation list is read by these names (`reconcile`); screens show `tr(h)`.
pub const LEDGER_HEADER: [&str; 14] =
    ["办理时间", "业务类型", "客户姓名", "银行账号", "期货公司", "期货资金账号", "金额", "金额大写", "凭证号", "经办", "复核", "状态", "冲正", "备注"]; // zh-only: column keys, read back by the confirmation import

/// One row per entry, in the screen language (a CSV meant for a futures company
/// is built inside `in_lang(Lang::Zh, …)`). `full_accounts` only for the hand-over list.
pub fn ledger_rows(entries: &[&LedgerEntry], ledger: &Ledger, full_accounts: bool) -> Vec<Vec<String>> {
    let account = |a: &str| if full_accounts { a.to_string() } else { mask(a) };
    entries
        .iter()
        .map(|e| {
            let t = &e.transfer;
            let link = match (&t.reverses, &e.reversed_by) {
                (Some(orig), _) => crate::tf!("冲正凭证 {0}", ledger.get(orig).map_or("?", |o| o.transfer.voucher.as_str())),
                (None, Some(by)) => crate::tf!("已被 {0} 冲正", ledger.get(by).map_or("?", |r| r.transfer.voucher.as_str())),
                _ => String::new(),
            };
            vec![
                format_beijing_minutes(t.at),
                t.direction.name().into(),
                t.customer.clone(),
                account(&t.bank_account),
                t.futures_company.clone(),
                account(&t.futures_account),
                e.signed_amount().to_string(),
                capitals(e.signed_amount()),
                t.voucher.clone(),
                t.operator.clone(),
                t.reviewer.clone(),
                e.stage.name().into(),
                link,
                t.note.clone(),
            ]
        })
        .collect()
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
