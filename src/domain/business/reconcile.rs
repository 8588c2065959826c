//! End-of-day reconciliation with a futures company (第十九条（二））: its
//! confirmation list against our counter transfers, matched by voucher, then
//! amount, account and direction.

use crate::domain::base::csv;
use crate::domain::base::i18n::{self, in_lang, t, Lang};
use crate::domain::business::ledger::Ledger;
use crate::domain::events::transfer::{Confirmation, TransferDirection};
use crate::domain::base::money::{parse_amount, Fen};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmationError {
    pub line: usize,
    pub message: String,
}

/// Required columns, in any order; 业务类型 is optional. The file's words, in Chinese.
pub const CONFIRMATION_COLUMNS: [&str; 3] = ["凭证号", "期货资金账号", "金额"]; // zh-only: column names read from the file
const DIRECTION_COLUMN: &str = "业务类型"; // zh-only: column name read from the file

/// Reads a confirmation list. Any bad line rejects the whole file.
pub fn parse_confirmations(text: &str) -> Result<Vec<Confirmation>, Vec<ConfirmationError>> {
    let records = csv::parse(text).map_err(|e| vec![ConfirmationError { line: e.line, message: e.message }])?;
    let Some((header, rows)) = records.split_first() else {
        return Err(vec![ConfirmationError { line: 1, message: t("文件为空").into() }]);
    };
    let col = |name: &str| header.fields.iter().position(|f| f.trim() == name);
    let [voucher_col, account_col, amount_col] = CONFIRMATION_COLUMNS;
    let (Some(v), Some(a), Some(m)) = (col(voucher_col), col(account_col), col(amount_col)) else {
        let message = crate::tf!("表头须包含：{0}（{1}可选）", CONFIRMATION_COLUMNS.join(t("、")), DIRECTION_COLUMN);
        return Err(vec![ConfirmationError { line: header.line, message }]);
    };
    let d = col(DIRECTION_COLUMN);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for r in rows {
        let field = |i: usize| r.fields.get(i).map(|s| csv::unguard(s.trim()).to_string()).unwrap_or_default();
        let voucher = field(v);
        if voucher.is_empty() {
            errors.push(ConfirmationError { line: r.line, message: t("凭证号为空").into() });
            continue;
        }
        let amount = match parse_amount(&field(m), None) {
            Ok(a) => a,
            Err(e) => {
                errors.push(ConfirmationError { line: r.line, message: crate::tf!("金额：{0}", e) });
                continue;
            }
        };
        let direction = match d.map(field).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match TransferDirection::from_name(&s) {
                Some(dir) => Some(dir),
                None => {
                    let [a, b] = TransferDirection::ALL.map(|d| in_lang(Lang::Zh, || d.name()));
                    errors.push(ConfirmationError { line: r.line, message: crate::tf!("业务类型“{0}”应为{1}或{2}", s, a, b) });
                    continue;
                }
            },
        };
        let futures_account: String = field(a).chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        out.push(Confirmation { line: r.line, voucher, direction, futures_account, amount });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Matched,
    /// Same voucher, but amount, account or direction differ (each listed).
    Differs(Vec<String>),
    /// We recorded it; the futures company's list lacks it.
    MissingAtFuturesCompany,
    /// On their list; we have no such voucher.
    MissingAtBank,
    /// Their list repeats a voucher already matched.
    DuplicateAtFuturesCompany,
    /// We reversed it, yet their list still has it.
    ReversedAtBank,
    /// Vouchers differ but account and amount agree: probably a typo to check.
    PossibleMatch { their_voucher: String },
    /// Reversed by us and absent from their list: nothing outstanding.
    ReversedBothSides,
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Matched | Outcome::ReversedBothSides)
    }

    pub fn describe(&self) -> String {
        match self {
            Outcome::Matched => t("一致").into(),
            Outcome::Differs(what) => crate::tf!("不一致：{0}", what.join(t("；"))),
            Outcome::MissingAtFuturesCompany => t("期货公司无此笔").into(),
            Outcome::MissingAtBank => t("本行无此笔").into(),
            Outcome::DuplicateAtFuturesCompany => t("期货公司清单重复").into(),
            Outcome::ReversedAtBank => t("本行已冲正，期货公司仍有记录").into(),
            Outcome::PossibleMatch { their_voucher } => crate::tf!("凭证号不一致（对方 {0}），账号和金额相同，请核实", their_voucher),
            Outcome::ReversedBothSides => t("已冲正，双方均无此笔").into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub voucher: String,
    /// Our entry's id, when we have one.
    pub ours: Option<String>,
    pub our_amount: Option<Fen>,
    pub their_line: Option<usize>,
    pub their_amount: Option<Fen>,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    pub lines: Vec<Line>,
    pub our_total: Fen,
    pub their_total: Fen,
}

impl Reconciliation {
    pub fn mismatches(&self) -> usize {
        self.lines.iter().filter(|l| !l.outcome.is_ok()).count()
    }

    pub fn matched_ids(&self) -> Vec<String> {
        self.lines.iter().filter(|l| l.outcome == Outcome::Matched).filter_map(|l| l.ours.clone()).collect()
    }
}

/// The reconciliation as CSV rows (header first), totals last, in the screen language.
pub fn rows(r: &Reconciliation) -> Vec<Vec<String>> {
    let mut out = vec![[t("凭证号"), t("本行金额"), t("对方金额"), t("对方行号"), t("结果")].iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for l in &r.lines {
        out.push(vec![
            l.voucher.clone(),
            l.our_amount.map(|a| a.to_string()).unwrap_or_default(),
            l.their_amount.map(|a| a.to_string()).unwrap_or_default(),
            l.their_line.map(|n| n.to_string()).unwrap_or_default(),
            l.outcome.describe(),
        ]);
    }
    out.push(vec![t("合计").into(), r.our_total.to_string(), r.their_total.to_string(), String::new(), crate::tf!("不一致 {0} 笔", r.mismatches())]);
    out
}

/// Compares our entries with one futures company's list.
pub fn reconcile(ledger: &Ledger, futures_company: &str, theirs: &[Confirmation]) -> Reconciliation {
    let ours: Vec<_> = ledger.entries.iter().filter(|e| e.transfer.futures_company == futures_company && !e.is_reversal()).collect();
    let mut by_voucher: BTreeMap<&str, Vec<&Confirmation>> = BTreeMap::new();
    for c in theirs {
        by_voucher.entry(c.voucher.as_str()).or_default().push(c);
    }
    let mut lines = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    for e in &ours {
        let t = &e.transfer;
        let found = by_voucher.get(t.voucher.as_str()).and_then(|v| v.first().copied());
        if found.is_some() {
            used.push(t.voucher.as_str());
        }
        // A reversed slip re-booked under the same voucher: the live entry answers for it.
        let rebooked = e.reversed_by.is_some() && ours.iter().any(|x| x.is_effective() && x.transfer.voucher == t.voucher);
        let found = if rebooked { None } else { found };
        if rebooked {
            used.retain(|v| *v != t.voucher.as_str());
        }
        let outcome = match (found, e.reversed_by.is_some()) {
            (Some(_), true) => Outcome::ReversedAtBank,
            (None, true) => Outcome::ReversedBothSides,
            (None, false) => Outcome::MissingAtFuturesCompany,
            (Some(c), false) => {
                let mut diffs = Vec::new();
                if c.amount != t.amount {
                    diffs.push(crate::tf!("金额 本行 {0} / 对方 {1}", t.amount, c.amount));
                }
                if c.futures_account != t.futures_account {
                    diffs.push(crate::tf!("资金账号 本行 {0} / 对方 {1}", t.futures_account, c.futures_account));
                }
                if c.direction.is_some_and(|d| d != t.direction) {
                    diffs.push(i18n::t("业务类型不同").into());
                }
                if diffs.is_empty() { Outcome::Matched } else { Outcome::Differs(diffs) }
            }
        };
        lines.push(Line {
            voucher: t.voucher.clone(),
            ours: Some(t.id.clone()),
            our_amount: Some(t.amount),
            their_line: found.map(|c| c.line),
            their_amount: found.map(|c| c.amount),
            outcome,
        });
    }
    for (voucher, list) in &by_voucher {
        let matched = used.contains(voucher);
        for (i, c) in list.iter().enumerate() {
            if matched && i == 0 {
                continue;
            }
            let outcome = if matched || i > 0 { Outcome::DuplicateAtFuturesCompany } else { Outcome::MissingAtBank };
            lines.push(Line { voucher: voucher.to_string(), ours: None, our_amount: None, their_line: Some(c.line), their_amount: Some(c.amount), outcome });
        }
    }
    // Second pass: an unmatched pair with the same account and amount is probably a voucher typo.
    let missing_there: Vec<usize> = (0..lines.len()).filter(|i| lines[*i].outcome == Outcome::MissingAtFuturesCompany).collect();
    for i in missing_there {
        let entry = ledger.get(lines[i].ours.as_deref().unwrap_or_default());
        let Some(entry) = entry else { continue };
        let candidate = lines.iter().position(|l| {
            l.outcome == Outcome::MissingAtBank
                && l.their_amount == Some(entry.transfer.amount)
                && theirs.iter().any(|c| Some(c.line) == l.their_line && c.futures_account == entry.transfer.futures_account)
        });
        if let Some(j) = candidate {
            let their_voucher = lines[j].voucher.clone();
            lines[i].outcome = Outcome::PossibleMatch { their_voucher };
            lines[i].their_line = lines[j].their_line;
            lines[i].their_amount = lines[j].their_amount;
            lines.remove(j);
        }
    }
    // Totals only where both sides can be compared one to one: entries still standing.
    let our_total = ours.iter().filter(|e| e.is_effective()).map(|e| e.transfer.amount).sum();
    let their_total = theirs.iter().map(|c| c.amount).sum();
    Reconciliation { lines, our_total, their_total }
}

#[cfg(test)]
#[path = "reconcile_tests.rs"]
mod tests;
