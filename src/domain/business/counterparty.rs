//! The futures companies a counter transfer or an exchange movement may name.
//!
//! A ledger entry names its futures company by picking it from the companies this
//! app already knows; a new one is added only on purpose, with its own event in the
//! log. A typed name that is not on the list is refused, so a typo never becomes a
//! counterparty of its own (a totals line, a reconciliation choice).
//!
//! Known, in this order (the first spelling of a name wins):
//! 1. the contacts directory: every contact whose kind is 期货公司
//!    (`UnitKind::FuturesCompany`), by its unit (`Directory::futures_companies`);
//! 2. the incident's affected business: 银期转账 with a named futures company
//!    (`AffectedBusiness::BankFuturesTransfer`), as the facts stand now;
//! 3. companies added to this incident on purpose (`EventKind::FuturesCompanyAdded`);
//! 4. companies this incident's ledgers already use (counter transfers, exchange
//!    movements' members), so older records keep working.

use crate::domain::base::sort;
use crate::domain::business::contacts::Directory;
use crate::domain::events::event::{Event, EventKind};
use crate::domain::events::facts::{AffectedBusiness, IncidentFacts};
use crate::domain::base::i18n::t;
use crate::domain::base::text::clean_line;
use std::collections::BTreeMap;

/// Where a known futures company comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Directory,
    Incident,
    Added,
    Ledger,
}

impl Source {
    pub const ALL: [Source; 4] = [Source::Directory, Source::Incident, Source::Added, Source::Ledger];

    /// A heading for the group in a picker.
    pub fn name(self) -> &'static str {
        match self {
            Source::Directory => t("通讯录中的期货公司"),
            Source::Incident => t("本事件涉及的期货公司"),
            Source::Added => t("本事件新增的期货公司"),
            Source::Ledger => t("台账中已使用的名称"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counterparty {
    pub name: String,
    pub source: Source,
}

/// The futures companies known to one incident.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counterparties {
    pub known: Vec<Counterparty>,
    /// Position of each name by its key (`name_key`): a 10,000-entry ledger folds in one pass.
    index: BTreeMap<String, usize>,
}

/// Longest name accepted for a new company: the longest registered names are about 20 characters.
pub const MAX_NAME_CHARS: usize = 40;

/// Why a new company was not added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewCompanyProblem {
    Empty,
    TooLong,
    /// Already known (compared without spaces, case or full-width forms): pick it.
    AlreadyKnown(String),
    /// The person has not yet confirmed that this is a new company, another than
    /// the `similar` known ones (if any).
    NotConfirmed { similar: Vec<String> },
}

impl NewCompanyProblem {
    pub fn message(&self) -> String {
        match self {
            NewCompanyProblem::Empty => t("请填写期货公司全称").into(),
            NewCompanyProblem::TooLong => crate::tf!("名称超过 {0} 个字，请核对", MAX_NAME_CHARS),
            NewCompanyProblem::AlreadyKnown(name) => crate::tf!("“{0}”已在列表中，请直接选择，不必新增", name),
            NewCompanyProblem::NotConfirmed { similar } if similar.is_empty() => {
                t("请勾选确认：这是一家新的期货公司，新增后将成为本事件新的交易对手").into()
            }
            NewCompanyProblem::NotConfirmed { similar } => crate::tf!(
                "与已有的{0}相近。若是同一家，请取消并在列表中选择；确是另一家期货公司时，请勾选确认后再新增。",
                quoted(similar)
            ),
        }
    }
}

/// “甲”、“乙”: names quoted and listed in the screen language.
pub fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(t("、"))
}

/// A name as compared: no invisible characters or spaces, full-width letters, digits
/// and brackets as ASCII, upper case (`text::name_key`), so "中信期货" followed by
/// U+200B is "中信期货" in the totals and the reconciliation picker.
pub fn name_key(name: &str) -> String {
    crate::domain::base::text::name_key(name)
}

/// The distinctive part of a company name: without the legal form and the trade word,
/// so "大连良运期货经纪有限公司" and "大连良运" compare as "大连良运".
fn core(name: &str) -> Vec<char> {
    let mut s = name_key(name);
    for suffix in ["股份有限公司", "有限责任公司", "有限公司", "公司"] { // zh-only: parts of company names, compared
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
            break;
        }
    }
    for suffix in ["经纪", "期货"] { // zh-only: parts of company names, compared
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    s.chars().collect()
}

/// Levenshtein distance over characters, stopping early: only 0, 1 or "more" matter here.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        // One substitution: the rest after the first difference must agree.
        short[prefix..].iter().skip(1).eq(long[prefix..].iter().skip(1))
    } else {
        // One insertion into the shorter.
        short[prefix..] == long[prefix + 1..]
    }
}

/// Two names a hurried eye could take for each other: the same distinctive part, one
/// inside the other, or one character apart (for parts of three characters or more).
pub fn similar(a: &str, b: &str) -> bool {
    let (ca, cb) = (core(a), core(b));
    if ca.is_empty() || cb.is_empty() {
        return name_key(a) == name_key(b);
    }
    if ca == cb {
        return true;
    }
    let (short, long) = if ca.len() <= cb.len() { (&ca, &cb) } else { (&cb, &ca) };
    let contains = short.len() >= 2 && long.windows(short.len()).any(|w| w == short.as_slice());
    contains || (short.len() >= 3 && within_one_edit(&ca, &cb))
}

impl Directory {
    /// The futures companies in the directory: the unit of every contact whose kind is
    /// 期货公司, each once, in the directory's order.
    pub fn futures_companies(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.of_kind(crate::domain::business::contacts::UnitKind::FuturesCompany) {
            let unit = clean_line(&c.unit);
            if !unit.is_empty() && !out.iter().any(|x| name_key(x) == name_key(&unit)) {
                out.push(unit);
            }
        }
        out
    }
}

impl Counterparties {
    /// The companies known to an incident: its directory, its current facts and its log.
    pub fn gather(directory: &Directory, facts: &IncidentFacts, events: &[Event]) -> Counterparties {
        let mut c = Counterparties::default();
        for name in directory.futures_companies() {
            c.push(&name, Source::Directory);
        }
        for a in &facts.affected {
            if let AffectedBusiness::BankFuturesTransfer { futures_company } = a {
                c.push(futures_company, Source::Incident);
            }
        }
        for e in events {
            if let EventKind::FuturesCompanyAdded { name } = &e.kind {
                c.push(name, Source::Added);
            }
        }
        // A ledger names the same few companies thousands of times: each name as
        // written is cleaned once, not once per entry.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for e in events {
            let name = match &e.kind {
                EventKind::TransferRecorded { transfer } => transfer.futures_company.as_str(),
                EventKind::MovementRecorded { movement } => movement.member.as_str(),
                _ => continue,
            };
            if seen.insert(name) {
                c.push(name, Source::Ledger);
            }
        }
        c
    }

    /// A fixed list, as if all came from the directory (tests, and callers that know better).
    pub fn of_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Counterparties {
        let mut c = Counterparties::default();
        for n in names {
            c.push(n, Source::Directory);
        }
        c
    }

    fn push(&mut self, name: &str, source: Source) {
        let name = clean_line(name);
        let key = name_key(&name);
        if !key.is_empty() && !self.index.contains_key(&key) {
            self.index.insert(key, self.known.len());
            self.known.push(Counterparty { name, source });
        }
    }

    fn find(&self, name: &str) -> Option<&Counterparty> {
        self.index.get(&name_key(name)).map(|i| &self.known[*i])
    }

    /// The names of one source, sorted for a picker.
    pub fn names_from(&self, source: Source) -> Vec<String> {
        let mut out: Vec<String> = self.known.iter().filter(|c| c.source == source).map(|c| c.name.clone()).collect();
        sort::natural(&mut out);
        out
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Known names a hurried eye could take for `name`.
    pub fn similar_to(&self, name: &str) -> Vec<String> {
        self.known.iter().filter(|c| similar(&c.name, name)).map(|c| c.name.clone()).collect()
    }

    /// The known spelling of the company a ledger entry names, or why it cannot be used.
    pub fn resolve(&self, typed: &str) -> Result<String, String> {
        let typed = &clean_line(typed);
        if typed.is_empty() {
            return Err(if self.is_empty() {
                t("请选择期货公司；列表为空时，请先用“新增期货公司”添加").into()
            } else {
                t("请选择期货公司").into()
            });
        }
        if let Some(c) = self.find(typed) {
            return Ok(c.name.clone());
        }
        let near = self.similar_to(typed);
        Err(if near.is_empty() {
            crate::tf!("“{0}”不是已知的期货公司。请在列表中选择；确是新的交易对手时，请用“新增期货公司”添加。", typed)
        } else {
            crate::tf!("“{0}”不是已知的期货公司，是否为{1}？请在列表中选择；确是新的交易对手时，请用“新增期货公司”添加。", typed, quoted(&near))
        })
    }

    /// The name of a company to add on purpose: not empty, not known already, and
    /// `confirmed` — the person has said, for this very name, that it is a new
    /// company (and not one of the near names shown to them).
    pub fn check_new(&self, typed: &str, confirmed: bool) -> Result<String, NewCompanyProblem> {
        let name = clean_line(typed);
        if name.is_empty() {
            return Err(NewCompanyProblem::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(NewCompanyProblem::TooLong);
        }
        if let Some(c) = self.find(&name) {
            return Err(NewCompanyProblem::AlreadyKnown(c.name.clone()));
        }
        if !confirmed {
            return Err(NewCompanyProblem::NotConfirmed { similar: self.similar_to(&name) });
        }
        Ok(name)
    }
}

#[cfg(test)]
#[path = "counterparty_tests.rs"]
mod tests;
