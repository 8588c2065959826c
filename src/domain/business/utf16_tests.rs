//! A CSV misread from UTF-16 is refused with the encoding named, by the parser and
//! by every reader built on it (confirmation lists, contacts).

use crate::domain::base::csv::parse;

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn text_misread_from_utf16_is_refused_with_the_hint_not_a_header_message() {
    // UTF-16 of ASCII is valid UTF-8 full of zeros: the parser names the encoding.
    let misread = String::from_utf8(utf16le("voucher,amount\n1,2\n", false)).unwrap();
    let e = parse(&misread).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.starts_with("文件似乎是 UTF-16 编码"), "{}", e.message);
    let e = crate::domain::business::reconcile::parse_confirmations(&misread).unwrap_err();
    assert!(e[0].message.contains("UTF-16"), "{:?}", e);
    let e = crate::domain::business::contacts::from_csv(&misread).unwrap_err();
    assert!(e[0].message.contains("UTF-16"), "{:?}", e);
    assert!(parse("a\u{fffd}\u{fffd}b,c").unwrap_err().message.contains("无法识别的字符"));
    assert!(parse("一个\u{fffd}就算了,c").is_ok(), "one stray replacement character is data");
    crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::En, || {
        let m = parse(&misread).unwrap_err().message;
        assert!(m.contains("UTF-16") && !m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{m}");
    });
}
