//! Money as integer fen (分), never floating point: parsing what people type,
//! formatting with thousands separators, and Chinese capitals (大写) for printouts.

use serde::{Deserialize, Serialize};
use crate::domain::base::i18n::t;
use std::fmt;

/// An amount in fen. Signed so that totals can net reversals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl std::ops::Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}

impl std::ops::Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, |a, b| a + b)
    }
}

/// "1,234.56" (no currency sign); negative amounts get a leading minus.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}{grouped}.{:02}", abs % 100)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    BadGrouping,
    TooManyDecimals,
    Zero,
    Negative,
    OverCap(Fen),
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => f.write_str(t("请填写金额")),
            AmountError::NotANumber => f.write_str(t("金额只能由数字、小数点和千位分隔符组成，例如 1,234.56")),
            AmountError::BadGrouping => f.write_str(t("千位分隔符位置不正确，例如应写作 1,234,567.00")),
            AmountError::TooManyDecimals => f.write_str(t("金额最多两位小数（精确到分）")),
            AmountError::Zero => f.write_str(t("金额不能为零")),
            AmountError::Negative => f.write_str(t("金额不能为负数；更正已记录的业务请使用“冲正”")),
            AmountError::OverCap(cap) => f.write_str(&crate::tf!("单笔金额超过上限 ¥{0}，请核对；确需办理请按大额业务流程处理", cap)),
        }
    }
}

/// Full-width digits and punctuation typed with a Chinese input method become ASCII.
fn normalise(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '，' => ',',
            '－' => '-',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Parses "1234.56", "1,234.56", "¥1,234.5", "１２３４" into fen, checking it
/// is positive and within `cap` (when given).
pub fn parse_amount(text: &str, cap: Option<Fen>) -> Result<Fen, AmountError> {
    let t = normalise(text);
    let t = t.trim_start_matches(['¥', '￥']);
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (int_part, frac_part) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    let valid_chars = int_part.chars().all(|c| c.is_ascii_digit() || c == ',') && frac_part.chars().all(|c| c.is_ascii_digit());
    if !valid_chars || int_part.is_empty() && frac_part.is_empty() || frac_part.contains('.') {
        return Err(AmountError::NotANumber);
    }
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err(AmountError::BadGrouping);
        }
    }
    if frac_part.len() > 2 {
        return Err(AmountError::TooManyDecimals);
    }
    let digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    // Beyond 15 digits of yuan no cap in this app could allow it; refuse before overflow.
    if digits.trim_start_matches('0').len() > 15 {
        return Err(cap.map_or(AmountError::NotANumber, AmountError::OverCap));
    }
    let yuan: i64 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| AmountError::NotANumber)? };
    let frac: i64 = format!("{frac_part:0<2}").parse().map_err(|_| AmountError::NotANumber)?;
    let fen = yuan * 100 + frac;
    if negative && fen > 0 {
        return Err(AmountError::Negative);
    }
    if fen == 0 {
        return Err(AmountError::Zero);
    }
    match cap {
        Some(cap) if Fen(fen) > cap => Err(AmountError::OverCap(cap)),
        _ => Ok(Fen(fen)),
    }
}

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
// Capitals (大写) are Chinese in every language: they are what vouchers and slips carry.
const PLACES: [&str; 4] = ["", "拾", "佰", "仟"]; // zh-only: Chinese capitals on vouchers

/// One group of up to four digits, without leading zeros: 1005 → 壹仟零伍.
fn group_capitals(n: u64) -> String {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, d) in digits.iter().enumerate() {
        if *d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        out.push(DIGITS[*d as usize]);
        out.push_str(PLACES[3 - i]);
    }
    out
}

/// 1 ≤ n < 1亿 in capitals, without a leading 零: 10010000 → 壹仟零壹万.
fn below_yi_capitals(n: u64) -> String {
    let (wan, rest) = (n / 10_000, n % 10_000);
    let mut out = String::new();
    if wan > 0 {
        out.push_str(&group_capitals(wan));
        out.push('万');
    }
    if rest > 0 {
        // A zero in the thousands place after the 万 reads 零: 壹万零叁佰.
        if wan > 0 && rest < 1_000 {
            out.push('零');
        }
        out.push_str(&group_capitals(rest));
    }
    out
}

/// Whole yuan in capitals: 100000 → 壹拾万, 100010000 → 壹亿零壹万.
///
/// 亿 is written once: what stands above it is a count of 亿 written the same
/// way (1,000,100,000,000 → 壹万零壹亿, 1,000,000,000,000 → 壹万亿), never
/// 壹万亿零壹亿. Below the 亿, a zero in the 千万 place reads 零 (壹仟亿零壹元).
fn integer_capitals(n: u64) -> String {
    const YI: u64 = 100_000_000;
    if n == 0 {
        return "零".into(); // zh-only: Chinese capitals
    }
    if n < YI {
        return below_yi_capitals(n);
    }
    let (yi, rest) = (n / YI, n % YI);
    let mut out = integer_capitals(yi);
    out.push('亿');
    if rest > 0 {
        if rest < YI / 10 {
            out.push('零');
        }
        out.push_str(&below_yi_capitals(rest));
    }
    out
}

/// The amount in Chinese capitals as written on vouchers (《支付结算办法》's
/// conventions): 1234.56 → 壹仟贰佰叁拾肆元伍角陆分, 10.00 → 壹拾元整,
/// 10010.01 → 壹万零壹拾元零壹分, 0.05 → 伍分. Negative amounts read 负….
pub fn capitals(amount: Fen) -> String {
    // unsigned_abs: even i64::MIN has capitals (a sum, not something typed).
    let fen = amount.0.unsigned_abs();
    if amount.0 < 0 {
        return format!("负{}", unsigned_capitals(fen)); // zh-only: Chinese capitals
    }
    unsigned_capitals(fen)
}

fn unsigned_capitals(fen: u64) -> String {
    let (yuan, jiao, f) = (fen / 100, fen / 10 % 10, fen % 10);
    if fen == 0 {
        return "零元整".into(); // zh-only: Chinese capitals
    }
    let mut out = String::new();
    if yuan > 0 {
        out.push_str(&integer_capitals(yuan));
        out.push('元');
    }
    if jiao == 0 && f == 0 {
        out.push('整');
        return out;
    }
    if jiao > 0 {
        if yuan > 0 && yuan % 10 == 0 {
            out.push('零');
        }
        out.push(DIGITS[jiao as usize]);
        out.push('角');
    } else if yuan > 0 {
        out.push('零');
    }
    if f > 0 {
        out.push(DIGITS[f as usize]);
        out.push('分');
    }
    out
}

/// What a form shows under an amount while it is being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountPreview {
    /// Nothing typed yet.
    Empty,
    /// The amount in capitals, to compare with the slip before saving.
    Capitals(String),
    /// Why no capitals can be shown: the same message the form gives on saving.
    Invalid(String),
}

/// The live preview of a typed amount: its capitals, or why it is not an amount
/// (against `cap` too, so an amount over the limit is flagged before saving).
pub fn preview(text: &str, cap: Option<Fen>) -> AmountPreview {
    if normalise(text).is_empty() {
        return AmountPreview::Empty;
    }
    match parse_amount(text, cap) {
        Ok(fen) => AmountPreview::Capitals(capitals(fen)),
        Err(e) => AmountPreview::Invalid(e.to_string()),
    }
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
