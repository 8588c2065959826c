//! Amounts typed, capitals on vouchers, and their messages in either language.

use super::*;

#[test]
fn the_preview_shows_capitals_while_typing_or_says_why_not() {
    let cap = Some(Fen::yuan(10_000_000));
    assert_eq!(preview("", cap), AmountPreview::Empty);
    assert_eq!(preview("  ", cap), AmountPreview::Empty);
    assert_eq!(preview("5,000,000", cap), AmountPreview::Capitals("伍佰万元整".into()));
    assert_eq!(preview("１２．５", cap), AmountPreview::Capitals("壹拾贰元伍角".into()));
    assert_eq!(preview("12.345", cap), AmountPreview::Invalid("金额最多两位小数（精确到分）".into()));
    assert_eq!(preview("1,00", cap), AmountPreview::Invalid(AmountError::BadGrouping.to_string()));
    assert!(matches!(preview("10,000,000.01", cap), AmountPreview::Invalid(m) if m.contains("上限")));
    assert!(matches!(preview("abc", cap), AmountPreview::Invalid(_)));
}

#[test]
fn amount_errors_follow_the_language_but_capitals_stay_chinese() {
    use crate::domain::base::i18n::{in_lang, Lang};
    let cap = Some(Fen::yuan(1_000));
    in_lang(Lang::En, || {
        assert_eq!(parse_amount("", cap).unwrap_err().to_string(), "Enter the amount");
        assert_eq!(
            parse_amount("2000", cap).unwrap_err().to_string(),
            "The amount is over the per-entry limit of ¥1,000.00. Check it; if it is right, follow the large-amount procedure"
        );
        // What vouchers carry is Chinese in every language.
        assert_eq!(capitals(Fen(123456)), "壹仟贰佰叁拾肆元伍角陆分");
    });
    assert_eq!(parse_amount("", cap).unwrap_err().to_string(), "请填写金额");
}

fn fen(text: &str) -> Fen {
    parse_amount(text, None).unwrap()
}

#[test]
fn typed_amounts_become_exact_fen() {
    assert_eq!(fen("1234.56"), Fen(123456));
    assert_eq!(fen("1,234.56"), Fen(123456));
    assert_eq!(fen("1,234,567"), Fen(123456700));
    assert_eq!(fen("0.1"), Fen(10));
    assert_eq!(fen(".05"), Fen(5));
    assert_eq!(fen("¥ 88"), Fen(8800));
    assert_eq!(fen("１２３４．５６"), Fen(123456), "full-width input");
    // 0.1 + 0.2 is exact here.
    assert_eq!(fen("0.1") + fen("0.2"), fen("0.3"));
}

#[test]
fn each_bad_amount_has_its_own_message() {
    let cap = Some(Fen::yuan(10_000_000));
    assert_eq!(parse_amount("", cap), Err(AmountError::Empty));
    assert_eq!(parse_amount("12.345", cap), Err(AmountError::TooManyDecimals));
    assert_eq!(parse_amount("0", cap), Err(AmountError::Zero));
    assert_eq!(parse_amount("0.00", cap), Err(AmountError::Zero));
    assert_eq!(parse_amount("-5", cap), Err(AmountError::Negative));
    assert_eq!(parse_amount("十元", cap), Err(AmountError::NotANumber));
    assert_eq!(parse_amount("1.2.3", cap), Err(AmountError::NotANumber));
    assert_eq!(parse_amount("1e5", cap), Err(AmountError::NotANumber));
    assert_eq!(parse_amount("12,34.00", cap), Err(AmountError::BadGrouping));
    assert_eq!(parse_amount("10,000,000.01", cap), Err(AmountError::OverCap(Fen::yuan(10_000_000))));
    assert_eq!(parse_amount("10,000,000.00", cap), Ok(Fen::yuan(10_000_000)), "the cap itself is allowed");
    assert_eq!(parse_amount("99999999999999999999", cap), Err(AmountError::OverCap(Fen::yuan(10_000_000))));
    assert!(AmountError::OverCap(Fen::yuan(10_000_000)).to_string().contains("¥10,000,000.00"));
}

#[test]
fn formatting_groups_thousands() {
    assert_eq!(Fen(5).to_string(), "0.05");
    assert_eq!(Fen(123456).to_string(), "1,234.56");
    assert_eq!(Fen(100000000000).to_string(), "1,000,000,000.00");
    assert_eq!(Fen(-123456).to_string(), "-1,234.56");
}

#[test]
fn capitals_follow_voucher_conventions() {
    let cases = [
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("10.00", "壹拾元整"),
        ("16.00", "壹拾陆元整"),
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("1005.00", "壹仟零伍元整"),
        ("10010.01", "壹万零壹拾元零壹分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("100000.10", "壹拾万元零壹角"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("1000000000.00", "壹拾亿元整"),
        ("100010000.00", "壹亿零壹万元整"),
        ("100000001.00", "壹亿零壹元整"),
        ("20300.00", "贰万零叁佰元整"),
        ("1.01", "壹元零壹分"),
    ];
    for (amount, want) in cases {
        assert_eq!(capitals(fen(amount)), want, "{amount}");
    }
    assert_eq!(capitals(Fen(-500)), "负伍元整");
    assert_eq!(capitals(Fen::ZERO), "零元整");
}

#[test]
fn yi_is_written_once_above_a_trillion() {
    let cases = [
        // The case: the 万 above 亿 counts 亿s.
        ("1,000,100,000,000.00", "壹万零壹亿元整"),
        ("1,000,000,000,000.00", "壹万亿元整"),
        ("1,000,100,000,000.05", "壹万零壹亿元零伍分"),
        ("1,000,100,000,000.50", "壹万零壹亿元零伍角"),
        ("1,000,100,000,001.00", "壹万零壹亿零壹元整"),
        // Zeros around 亿 and 万.
        ("1,000,000,010,000.00", "壹万亿零壹万元整"),
        ("1,000,000,000,001.00", "壹万亿零壹元整"),
        ("1,000,010,000,000.00", "壹万亿壹仟万元整"),
        ("100,000,000,001.00", "壹仟亿零壹元整"),
        ("100,010,000,000.00", "壹仟亿壹仟万元整"),
        ("100,001,000,000.00", "壹仟亿零壹佰万元整"),
        ("100,100,000,000.00", "壹仟零壹亿元整"),
        ("110,000,000,000.00", "壹仟壹佰亿元整"),
        ("10,000,000,000.00", "壹佰亿元整"),
        ("10,100,000,000.00", "壹佰零壹亿元整"),
        ("200,000,000.00", "贰亿元整"),
        ("200,000,000.10", "贰亿元零壹角"),
        ("205,000,000.00", "贰亿零伍佰万元整"),
        ("250,000,000.00", "贰亿伍仟万元整"),
        ("200,000,300.00", "贰亿零叁佰元整"),
        ("200,030,000.00", "贰亿零叁万元整"),
        ("10,000,000,000,000.00", "壹拾万亿元整"),
        ("10,001,000,000,000.00", "壹拾万零壹拾亿元整"),
        ("12,345,678,901,234.56", "壹拾贰万叁仟肆佰伍拾陆亿柒仟捌佰玖拾万壹仟贰佰叁拾肆元伍角陆分"),
        ("123,456,789,012,345.67", "壹佰贰拾叁万肆仟伍佰陆拾柒亿捌仟玖佰零壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("500,000,000,000,000.00", "伍佰万亿元整"),
        ("100,000,001,000,000.00", "壹佰万亿零壹佰万元整"),
        // The largest amount any form accepts: fifteen digits of yuan.
        ("999,999,999,999,999.99", "玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ];
    for (amount, want) in cases {
        assert_eq!(capitals(fen(amount)), want, "{amount}");
        assert_eq!(preview(amount, None), AmountPreview::Capitals(want.into()), "the live 大写 line, {amount}");
    }
    assert_eq!(parse_amount("1,000,000,000,000,000", None), Err(AmountError::NotANumber), "sixteen digits are refused");
    for (amount, want) in cases {
        assert!(!want.contains("亿零壹亿") && want.matches('亿').count() == 1, "{amount}: {want}");
    }
    // Sums are not capped: beyond 1亿亿 the count of 亿 is itself written with 亿.
    assert_eq!(capitals(Fen::yuan(10_000_000_000_000_000)), "壹亿亿元整");
    assert_eq!(capitals(Fen(i64::MAX)), "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分");
    assert!(capitals(Fen(i64::MIN)).starts_with("负玖亿"));
}
