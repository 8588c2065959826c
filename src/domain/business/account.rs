//! Account numbers: digits only, of plausible length, masked wherever they
//! need not be read in full.

use crate::domain::base::i18n::t;

/// What kind of account, for its plausible length and its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountKind {
    /// A customer's or company's bank account: 10–25 digits.
    Bank,
    /// A futures capital account (期货资金账号): 4–20 digits.
    FuturesCapital,
}

impl AccountKind {
    fn bounds(self) -> (usize, usize) {
        match self {
            AccountKind::Bank => (10, 25),
            AccountKind::FuturesCapital => (4, 20),
        }
    }

    fn name(self) -> &'static str {
        match self {
            AccountKind::Bank => t("银行账号"),
            AccountKind::FuturesCapital => t("期货资金账号"),
        }
    }
}

/// The digits of an account typed with spaces or hyphens, or a message.
pub fn parse_account(text: &str, kind: AccountKind) -> Result<String, String> {
    // Full-width digits from a Chinese input method count as digits.
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '－' | '\u{3000}'))
        .map(|c| if ('０'..='９').contains(&c) { char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c) } else { c })
        .collect();
    let (min, max) = kind.bounds();
    if digits.is_empty() {
        return Err(match kind {
            AccountKind::Bank => t("请填写银行账号"),
            AccountKind::FuturesCapital => t("请填写期货资金账号"),
        }
        .to_string());
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(crate::tf!("{0}只能包含数字", kind.name()));
    }
    if !(min..=max).contains(&digits.len()) {
        return Err(crate::tf!("{0}应为{1}至{2}位数字，当前为{3}位", kind.name(), min, max, digits.len()));
    }
    Ok(digits)
}

/// "6222 **** **** 1234": the first and last four digits only.
pub fn mask(account: &str) -> String {
    let chars: Vec<char> = account.chars().collect();
    let n = chars.len();
    if n <= 8 {
        let keep = n.min(4);
        return format!("{}{}", "*".repeat(n - keep), chars[n - keep..].iter().collect::<String>());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head} **** **** {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_digits_of_plausible_length() {
        assert_eq!(parse_account("6222 0200 1234 5678", AccountKind::Bank), Ok("6222020012345678".into()));
        assert!(parse_account("6222-0200", AccountKind::Bank).unwrap_err().contains("10至25位"));
        assert!(parse_account("62220200abc45678", AccountKind::Bank).unwrap_err().contains("只能包含数字"));
        assert_eq!(parse_account("", AccountKind::FuturesCapital), Err("请填写期货资金账号".into()));
        assert_eq!(parse_account("80012345", AccountKind::FuturesCapital), Ok("80012345".into()));
        assert_eq!(parse_account("６２２２ ０２００ １２３４ ５６７８", AccountKind::Bank), Ok("6222020012345678".into()));
    }

    #[test]
    fn masking_keeps_only_the_ends() {
        assert_eq!(mask("6222020012341234"), "6222 **** **** 1234");
        assert_eq!(mask("80012345"), "****2345");
        assert_eq!(mask("123"), "123");
    }
}
