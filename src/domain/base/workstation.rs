//! This workstation's setup: the unit it belongs to, where it is, and the duty
//! phone and fax a recipient calls back on. Reports print them; the
//! institution's own name is the plan's (`Plan::institution`), never a second copy.

use crate::domain::base::i18n::t;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workstation {
    /// 本机所在单位: "上海分行营业部".
    pub unit: String,
    /// 地点: the address a report gives.
    pub place: String,
    pub phone: String,
    pub fax: String,
}

/// How a plan that has not been given a name refers to its institution: the
/// templates' own words, which must never print as the name of a sender.
pub const UNNAMED: [&str; 6] = ["本行", "本公司", "xx", "XX", "××", "某某"]; // zh-only: the templates' own placeholder words, matched, never shown

/// The institution's name, or `None` while the plan only says "本行".
pub fn named(institution: &str) -> Option<String> {
    let name = institution.trim();
    (!name.is_empty() && !UNNAMED.contains(&name)).then(|| name.to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetupField {
    Institution,
    Unit,
    Place,
    Phone,
    Fax,
}

/// The setup form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetupForm {
    pub institution: String,
    pub unit: String,
    pub place: String,
    pub phone: String,
    pub fax: String,
}

/// A phone or fax as people write it: digits with -, spaces, brackets, + and 转 (extension).
fn phone_ok(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (5..=30).contains(&digits) && text.chars().all(|c| c.is_ascii_digit() || " -+()（）转,，/".contains(c)) // zh-only: characters accepted in a number, not text shown
}

impl SetupForm {
    pub fn from(institution: &str, w: &Workstation) -> SetupForm {
        SetupForm { institution: named(institution).unwrap_or_default(), unit: w.unit.clone(), place: w.place.clone(), phone: w.phone.clone(), fax: w.fax.clone() }
    }

    /// The institution's name and this workstation's setup, or every problem by field.
    pub fn validate(&self) -> Result<(String, Workstation), Vec<(SetupField, String)>> {
        let mut e = Vec::new();
        let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let institution = clean(&self.institution);
        match named(&institution) {
            None if institution.is_empty() => e.push((SetupField::Institution, t("请填写机构全称，如“某某银行股份有限公司”").to_string())),
            None => e.push((SetupField::Institution, crate::tf!("“{0}”不是机构名称：请填写全称，报告单上将以此署名", institution))),
            Some(n) if n.chars().count() > 60 => e.push((SetupField::Institution, t("机构名称请控制在60字以内").to_string())),
            Some(_) => {}
        }
        let w = Workstation { unit: clean(&self.unit), place: clean(&self.place), phone: clean(&self.phone), fax: clean(&self.fax) };
        for (field, value, max) in [(SetupField::Unit, &w.unit, 60), (SetupField::Place, &w.place, 100)] {
            if value.chars().count() > max {
                e.push((field, crate::tf!("请控制在{0}字以内", max)));
            }
        }
        if w.phone.is_empty() {
            e.push((SetupField::Phone, t("请填写值班电话：报告单的联系方式用它").to_string()));
        } else if !phone_ok(&w.phone) {
            e.push((SetupField::Phone, t("电话号码只能包含数字、空格、-、+、括号和“转”").to_string()));
        }
        if !w.fax.is_empty() && !phone_ok(&w.fax) {
            e.push((SetupField::Fax, t("传真号码只能包含数字、空格、-、+、括号和“转”").to_string()));
        }
        if e.is_empty() { Ok((institution, w)) } else { Err(e) }
    }
}

impl Workstation {
    /// Whether the setup has been done (a duty phone is the one thing it requires).
    pub fn is_set_up(&self) -> bool {
        !self.phone.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(institution: &str, phone: &str) -> SetupForm {
        SetupForm { institution: institution.into(), unit: " 上海分行  营业部 ".into(), place: "上海市浦东新区".into(), phone: phone.into(), fax: String::new() }
    }

    #[test]
    fn the_templates_words_are_not_a_name() {
        for word in ["本行", "本公司", " xx ", ""] {
            assert_eq!(named(word), None, "{word}");
        }
        assert_eq!(named(" 甲银行 ").as_deref(), Some("甲银行"));
    }

    #[test]
    fn setup_needs_a_real_name_and_a_phone() {
        let (name, w) = form("甲银行股份有限公司", "021-6888 1234 转 8").validate().unwrap();
        assert_eq!((name.as_str(), w.unit.as_str()), ("甲银行股份有限公司", "上海分行 营业部"));
        assert!(w.is_set_up());
        let errors = form("本行", "").validate().unwrap_err();
        let fields: Vec<SetupField> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec![SetupField::Institution, SetupField::Phone]);
        assert!(errors[0].1.contains("不是机构名称"));
        let errors = form("甲银行", "call me").validate().unwrap_err();
        assert_eq!(errors[0].0, SetupField::Phone);
        let mut f = form("甲银行", "021-68881234");
        f.fax = "fax:1".into();
        assert_eq!(f.validate().unwrap_err()[0].0, SetupField::Fax);
    }
}
