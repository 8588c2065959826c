//! The contacts directory (第四条–第六条, 附件1): units and people to call,
//! fax or mail, with validation and an all-or-nothing CSV import.

use crate::domain::base::csv::{self, Record};
use crate::domain::base::i18n::{in_lang, t, Lang};
use crate::domain::plans::playbook::OrgNames;
use serde::{Deserialize, Serialize};

/// What kind of unit a contact belongs to; the checklist resolves recipients by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitKind {
    LeadershipGroup,
    WorkingGroup,
    ProvincialGroup,
    Department,
    Exchange,
    FuturesCompany,
    MonitoringCentre,
    Regulator,
    LocalRegulator,
}

impl UnitKind {
    pub const ALL: [UnitKind; 9] = [
        UnitKind::LeadershipGroup,
        UnitKind::WorkingGroup,
        UnitKind::ProvincialGroup,
        UnitKind::Department,
        UnitKind::Exchange,
        UnitKind::FuturesCompany,
        UnitKind::MonitoringCentre,
        UnitKind::Regulator,
        UnitKind::LocalRegulator,
    ];

    pub fn name(self) -> &'static str {
        match self {
            UnitKind::LeadershipGroup => t("应急指挥领导小组"),
            UnitKind::WorkingGroup => t("应急处置工作小组"),
            UnitKind::ProvincialGroup => t("省级分行实施工作小组"),
            UnitKind::Department => t("总行部门"),
            UnitKind::Exchange => t("期货交易所"),
            UnitKind::FuturesCompany => t("期货公司"),
            UnitKind::MonitoringCentre => t("监控中心"),
            UnitKind::Regulator => t("监管机构"),
            UnitKind::LocalRegulator => t("地方监管机构"),
        }
    }

    /// The name as the CSV file writes it, whatever the screen language.
    pub fn file_name(self) -> &'static str {
        in_lang(Lang::Zh, || self.name())
    }

    /// The kind named in Chinese (the CSV file's word) or in the screen's language.
    pub fn from_name(name: &str) -> Option<UnitKind> {
        let name = name.trim();
        UnitKind::ALL.into_iter().find(|k| k.file_name() == name || k.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub kind: UnitKind,
    /// 单位
    pub unit: String,
    /// 职务/角色
    pub role: String,
    /// 姓名
    pub name: String,
    pub office_phone: String,
    pub mobile: String,
    pub fax: String,
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    pub contacts: Vec<Contact>,
    pub names: OrgNames,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContactField {
    Kind,
    Unit,
    Role,
    Name,
    OfficePhone,
    Mobile,
    Fax,
    Email,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactError {
    pub field: ContactField,
    pub message: String,
}

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// Landline or fax: digits with optional +, spaces, hyphens, parentheses and an
/// extension after "转" or "-"; 7 to 20 digits.
fn valid_phone(s: &str) -> bool {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '（' | '）') || c == '转';
    s.chars().all(allowed) && (7..=20).contains(&digits(s)) && !s.contains("++")
}

/// Mainland mobile: 11 digits starting with 1, optionally after +86 / 86.
fn valid_mobile(s: &str) -> bool {
    let d: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let d = d.strip_prefix("+86").or_else(|| d.strip_prefix("86").filter(|r| r.len() == 11)).unwrap_or(&d);
    d.len() == 11 && d.starts_with('1') && d.chars().all(|c| c.is_ascii_digit())
}

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        && !s.contains(char::is_whitespace) && !domain.contains('@')
}

impl Contact {
    /// Cleaned copy (`text::clean_line`: invisible characters gone, trimmed), or
    /// every problem with a field-level message.
    pub fn validate(&self) -> Result<Contact, Vec<ContactError>> {
        let trim = |s: &String| crate::domain::base::text::clean_line(s);
        let c = Contact {
            kind: self.kind,
            unit: trim(&self.unit),
            role: trim(&self.role),
            name: trim(&self.name),
            office_phone: trim(&self.office_phone),
            mobile: trim(&self.mobile),
            fax: trim(&self.fax),
            email: trim(&self.email),
        };
        let mut errors = Vec::new();
        let mut err = |field, message: &str| errors.push(ContactError { field, message: message.into() });
        if c.unit.is_empty() {
            err(ContactField::Unit, t("请填写单位"));
        }
        if c.name.is_empty() {
            err(ContactField::Name, t("请填写姓名（或“值班室”等岗位名称）"));
        }
        if !c.office_phone.is_empty() && !valid_phone(&c.office_phone) {
            err(ContactField::OfficePhone, t("办公电话格式不正确，例如 010-66668888 或 010-66668888转123"));
        }
        if !c.mobile.is_empty() && !valid_mobile(&c.mobile) {
            err(ContactField::Mobile, t("手机号码应为以1开头的11位数字"));
        }
        if !c.fax.is_empty() && !valid_phone(&c.fax) {
            err(ContactField::Fax, t("传真号码格式不正确，例如 010-66669999"));
        }
        if !c.email.is_empty() && !valid_email(&c.email) {
            err(ContactField::Email, t("邮箱格式不正确，例如 zhangsan@example.com"));
        }
        if [&c.office_phone, &c.mobile, &c.fax, &c.email].iter().all(|v| v.is_empty()) {
            err(ContactField::OfficePhone, t("请至少填写一种联系方式（电话、手机、传真或邮箱）"));
        }
        if errors.is_empty() { Ok(c) } else { Err(errors) }
    }

    /// The same unit and name, compared by `text::name_key` (no invisible characters,
    /// spaces, case or full-width forms), so a stray U+200B makes no second person.
    pub(super) fn same_person(&self, other: &Contact) -> bool {
        same_key(&self.unit, &other.unit) && same_key(&self.name, &other.name)
    }
}

impl Directory {
    /// Where the contact with this unit and name stands now (positions shift
    /// when others are removed, here or in another tab).
    pub fn position(&self, unit: &str, name: &str) -> Option<usize> {
        self.contacts.iter().position(|c| c.unit == unit && c.name == name)
    }

    /// Adds or replaces (at `index`) a contact after validation; refuses duplicates.
    pub fn put(&mut self, index: Option<usize>, contact: &Contact) -> Result<(), Vec<ContactError>> {
        let c = contact.validate()?;
        let dup = self.contacts.iter().enumerate().any(|(i, x)| Some(i) != index && x.same_person(&c));
        if dup {
            return Err(vec![ContactError { field: ContactField::Name, message: crate::tf!("{0}的{1}已在通讯录中", c.unit, c.name) }]);
        }
        match index {
            Some(i) if i < self.contacts.len() => self.contacts[i] = c,
            _ => self.contacts.push(c),
        }
        Ok(())
    }

    /// People of the given kinds of unit, for showing numbers next to recipients.
    pub fn of_kind(&self, kind: UnitKind) -> impl Iterator<Item = &Contact> {
        self.contacts.iter().filter(move |c| c.kind == kind)
    }
}

/// The file's columns: Chinese whatever the screen language (an import checks them).
pub const CSV_HEADER: [&str; 8] = ["类别", "单位", "职务/角色", "姓名", "办公电话", "手机", "传真", "邮箱"]; // zh-only: file format, parsed back

/// The directory as CSV (附件1 columns plus the kind), UTF-8 with BOM, in Chinese.
pub fn to_csv(contacts: &[Contact]) -> String {
    let mut rows = vec![CSV_HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    rows.extend(contacts.iter().map(|c| {
        vec![c.kind.file_name().into(), c.unit.clone(), c.role.clone(), c.name.clone(), c.office_phone.clone(), c.mobile.clone(), c.fax.clone(), c.email.clone()]
    }));
    csv::write(&rows)
}

/// One problem of an import, by line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

/// Reads a CSV of contacts. Every row is checked; any problem rejects the whole
/// file, so an import is never partial.
pub fn from_csv(text: &str) -> Result<Vec<Contact>, Vec<ImportError>> {
    let records = csv::parse(text).map_err(|e| vec![ImportError { line: e.line, message: e.message }])?;
    let Some((header, rows)) = records.split_first() else {
        return Err(vec![ImportError { line: 1, message: t("文件为空").into() }]);
    };
    let expected: Vec<String> = CSV_HEADER.iter().map(|s| s.to_string()).collect();
    let got: Vec<String> = header.fields.iter().map(|f| f.trim().to_string()).collect();
    if got != expected {
        return Err(vec![ImportError { line: header.line, message: crate::tf!("表头应为：{0}", CSV_HEADER.join(",")) }]);
    }
    let mut errors = Vec::new();
    let mut contacts: Vec<Contact> = Vec::new();
    for Record { line, fields } in rows {
        if fields.len() != CSV_HEADER.len() {
            errors.push(ImportError { line: *line, message: crate::tf!("应有{0}列，实际{1}列", CSV_HEADER.len(), fields.len()) });
            continue;
        }
        let f = |i: usize| csv::unguard(&fields[i]).to_string();
        let Some(kind) = UnitKind::from_name(&fields[0]) else {
            let kinds: Vec<&str> = UnitKind::ALL.iter().map(|k| k.name()).collect();
            errors.push(ImportError { line: *line, message: crate::tf!("类别“{0}”无法识别，可用：{1}", fields[0].trim(), kinds.join(t("、"))) });
            continue;
        };
        let contact = Contact { kind, unit: f(1), role: f(2), name: f(3), office_phone: f(4), mobile: f(5), fax: f(6), email: f(7) };
        match contact.validate() {
            Err(es) => errors.extend(es.into_iter().map(|e| ImportError { line: *line, message: e.message })),
            Ok(c) if contacts.iter().any(|x| x.same_person(&c)) => {
                errors.push(ImportError { line: *line, message: crate::tf!("与前面的行重复：{0} {1}", c.unit, c.name) })
            }
            Ok(c) => contacts.push(c),
        }
    }
    if errors.is_empty() { Ok(contacts) } else { Err(errors) }
}

fn same_key(a: &str, b: &str) -> bool {
    a == b || crate::domain::base::text::name_key(a) == crate::domain::base::text::name_key(b)
}

impl ContactField {
    /// The column's name, as the table and the CSV header call it.
    pub fn label(self) -> &'static str {
        match self {
            ContactField::Kind => t("类别"),
            ContactField::Unit => t("单位"),
            ContactField::Role => t("职务/角色"),
            ContactField::Name => t("姓名"),
            ContactField::OfficePhone => t("办公电话"),
            ContactField::Mobile => t("手机"),
            ContactField::Fax => t("传真"),
            ContactField::Email => t("邮箱"),
        }
    }
}

/// Which directory entries hold the numbers for a recipient.
pub fn kind_for(recipient: &crate::domain::plans::playbook::Recipient) -> Option<UnitKind> {
    use crate::domain::plans::playbook::Recipient as R;
    match recipient {
        R::Role(role) => match role.as_str() {
            "leadership" => Some(UnitKind::LeadershipGroup),
            "working-group" => Some(UnitKind::WorkingGroup),
            "provincial" => Some(UnitKind::ProvincialGroup),
            _ => None,
        },
        R::Named(_) => None,
        R::AffectedExchanges => Some(UnitKind::Exchange),
        R::AffectedFuturesCompanies => Some(UnitKind::FuturesCompany),
        R::MonitoringCentre => Some(UnitKind::MonitoringCentre),
        R::Regulators => Some(UnitKind::Regulator),
        R::LocalRegulators => Some(UnitKind::LocalRegulator),
    }
}

/// Directory entries to reach the given recipients. For affected exchanges and
/// futures companies only the units named in `resolved` (the incident's own) are kept.
pub fn contacts_for<'a>(
    recipients: &[crate::domain::plans::playbook::Recipient],
    resolved: &[String],
    directory: &'a Directory,
) -> Vec<&'a Contact> {
    use crate::domain::plans::playbook::Recipient as R;
    let mut out: Vec<&Contact> = Vec::new();
    for r in recipients {
        let Some(kind) = kind_for(r) else { continue };
        let named_only = matches!(r, R::AffectedExchanges | R::AffectedFuturesCompanies);
        for c in directory.of_kind(kind) {
            let wanted = !named_only || resolved.iter().any(|n| n == &c.unit);
            if wanted && !out.iter().any(|x| std::ptr::eq(*x, c)) {
                out.push(c);
            }
        }
    }
    out
}

/// "电话 010-1234  传真 010-5678" — what to dial, in one line.
pub fn reach(c: &Contact) -> String {
    [(t("电话"), &c.office_phone), (t("手机"), &c.mobile), (t("传真"), &c.fax), (t("邮箱"), &c.email)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join("  ")
}

#[cfg(test)]
#[path = "contacts_tests.rs"]
mod tests;
