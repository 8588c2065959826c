//! Text checked at the door: everything a person types or a file brings in is
//! cleaned once, where it enters (a form, a CSV cell, a restored contact), so the
//! rest of the app never meets invisible characters.
//!
//! `clean` keeps what a reader sees and drops what they cannot:
//! - composed to Unicode NFC, so "é" typed as e + U+0301 and "é" are one spelling;
//! - zero-width characters (U+200B–U+200D, U+2060, U+FEFF) removed: "中信期货" followed
//!   by U+200B is "中信期货";
//! - bidirectional controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) removed: an
//!   unterminated right-to-left override cannot reverse the rest of a note or a page;
//! - other control characters (C0, DEL, C1) removed, except newline and tab; a CR
//!   goes, so Windows line ends become plain newlines;
//! - noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two of every plane)
//!   removed: XML forbids some of them, and none is text;
//! - trimmed at both ends.
//!
//! `clean_line` is the same for one-line fields (names, numbers): newlines and tabs
//! become spaces and runs of spaces one. `name_key` is how two names are compared.

use unicode_normalization::UnicodeNormalization;

/// Zero-width characters: space, non-joiner, joiner, word joiner, and the byte-order mark
/// (a zero-width no-break space inside text).
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Bidirectional formatting characters: marks, embeddings, overrides and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Code points Unicode reserves as never being characters.
pub fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Whether `c` is dropped on input (newline and tab are kept).
pub fn is_dropped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_zero_width(c) || is_bidi_control(c) || is_noncharacter(c)
}

/// Text as stored: invisible and control characters removed, NFC, trimmed.
pub fn clean(s: &str) -> String {
    // Removal first: a zero-width character between a letter and its accent would
    // otherwise keep the two from composing.
    if s.chars().all(|c| !is_dropped(c)) && unicode_normalization::is_nfc(s) {
        return s.trim().to_string();
    }
    let kept: String = s.chars().filter(|&c| !is_dropped(c)).collect();
    kept.nfc().collect::<String>().trim().to_string()
}

/// One-line text (a name, a unit, a number): `clean`, with every run of white space
/// (newlines and tabs included) made one space.
pub fn clean_line(s: &str) -> String {
    let c = clean(s);
    if !c.chars().any(|ch| ch.is_whitespace() && ch != ' ') && !c.contains("  ") {
        return c;
    }
    c.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name as compared, never shown: cleaned, without any white space, full-width
/// letters, digits and brackets as ASCII, upper case. "ＡＢ　期货（大连）" and
/// "ab期货(大连)" followed by U+200B have one key.
pub fn name_key(name: &str) -> String {
    clean(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_only_trimmed() {
        assert_eq!(clean("  中信期货 "), "中信期货");
        assert_eq!(clean("第一行\n\t第二行"), "第一行\n\t第二行");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn text_is_composed_to_nfc() {
        assert_eq!(clean("Cafe\u{301}"), "Caf\u{e9}");
        assert_eq!(clean("Caf\u{e9}"), "Caf\u{e9}");
        // Hangul jamo compose to one syllable; a zero-width space between a letter and
        // its accent does not stop them composing.
        assert_eq!(clean("\u{1100}\u{1161}"), "\u{ac00}");
        assert_eq!(clean("e\u{200B}\u{301}"), "\u{e9}");
        // Compatibility forms are not folded: full-width stays full-width in the text.
        assert_eq!(clean("ＡＢ"), "ＡＢ");
    }

    #[test]
    fn every_zero_width_character_is_removed() {
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
            assert_eq!(clean(&format!("{c}中信{c}期货{c}")), "中信期货", "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_bidi_control_is_removed() {
        let controls = ['\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];
        for c in controls {
            assert_eq!(clean(&format!("已联系{c}交易所")), "已联系交易所", "U+{:04X}", c as u32);
        }
        // An unterminated right-to-left override, as found: the note reads as typed.
        assert_eq!(clean("\u{202E}已通知期货公司"), "已通知期货公司");
    }

    #[test]
    fn control_characters_go_but_newline_and_tab_stay() {
        assert_eq!(clean("a\u{0}b\u{7}c\u{1b}[31md\u{7f}e\u{85}f\u{9f}g"), "abc[31mdefg");
        assert_eq!(clean("第一行\r\n第二行\r"), "第一行\n第二行");
        assert_eq!(clean("甲\t乙\n丙"), "甲\t乙\n丙");
    }

    #[test]
    fn noncharacters_are_removed() {
        for c in ['\u{FFFE}', '\u{FFFF}', '\u{FDD0}', '\u{FDEF}', '\u{1FFFE}', '\u{10FFFF}'] {
            assert_eq!(clean(&format!("标题{c}")), "标题", "U+{:04X}", c as u32);
        }
        assert_eq!(clean("\u{FFFD}\u{FDCF}\u{FDF0}"), "\u{FFFD}\u{FDCF}\u{FDF0}", "neighbours are characters");
    }

    #[test]
    fn trimming_sees_through_invisible_characters() {
        // Trimming alone leaves these: they are not white space.
        assert_eq!("\u{FEFF} 中信期货\u{200B} ".trim(), "\u{FEFF} 中信期货\u{200B}");
        assert_eq!(clean("\u{FEFF} 中信期货\u{200B} "), "中信期货");
        assert_eq!(clean("\u{3000}值班室\u{3000}"), "值班室", "ideographic spaces trim too");
    }

    #[test]
    fn a_line_has_single_spaces_only() {
        assert_eq!(clean_line(" 上海期货\n交易所\t值班  室 "), "上海期货 交易所 值班 室");
        assert_eq!(clean_line("值班室"), "值班室");
    }

    #[test]
    fn names_compare_without_invisible_characters_spaces_case_or_width() {
        assert_eq!(name_key("中信期货\u{200B}"), name_key("中信期货"));
        assert_eq!(name_key("\u{202E}中信 期货"), "中信期货");
        assert_eq!(name_key("ＡＢ　期货（大连）"), "AB期货(大连)");
        assert_eq!(name_key("ab期货(大连)\u{FEFF}"), "AB期货(大连)");
        assert_ne!(name_key("中信期货"), name_key("中信建投期货"));
    }
}
