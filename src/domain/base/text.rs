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

use crate::domain::base::sort;
use crate::domain::base::i18n::{t, tr};
use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

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

/// Characters that are NFC whatever surrounds them: no decomposition, combining class 0,
/// and part of no composition (Latin-1 and below, CJK punctuation without the tone marks,
/// unified ideographs, full-width forms). Most text here is made of nothing else.
fn is_nfc_inert(c: char) -> bool {
    matches!(c, '\0'..='\u{2FF}' | '\u{3000}'..='\u{3029}' | '\u{3030}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Unicode NFC (UAX #15): canonical decomposition, canonical ordering, canonical
/// composition. Built on the crate's per-character functions rather than its `nfc()`
/// iterator, which also links the compatibility tables (about 80 KB of wasm) although
/// NFC never uses them; the tests compare the two.
pub fn nfc(s: &str) -> String {
    if s.chars().all(is_nfc_inert) {
        return s.to_string();
    }
    let mut chars: Vec<(char, u8)> = Vec::with_capacity(s.len());
    for c in s.chars() {
        decompose_canonical(c, |d| chars.push((d, canonical_combining_class(d))));
    }
    // Canonical ordering: each run of non-starters sorted (stably) by combining class.
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].1 != 0 {
            i += 1;
        }
        sort::by_key(&mut chars[start..i], |&(_, ccc)| ccc);
    }
    // Canonical composition: a character joins the last starter unless blocked (another
    // character between them has class 0 or a class not lower than its own).
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut starter: Option<usize> = None;
    let mut last_class: Option<u8> = None; // of the last character kept after the starter
    for (c, ccc) in chars {
        if let Some(si) = starter {
            let blocked = last_class.is_some_and(|l| l == 0 || l >= ccc);
            if !blocked {
                if let Some(composed) = compose(out[si], c) {
                    out[si] = composed;
                    continue;
                }
            }
        }
        if ccc == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(ccc);
        }
        out.push(c);
    }
    out.into_iter().collect()
}

/// Text as stored: invisible and control characters removed, NFC, trimmed.
pub fn clean(s: &str) -> String {
    // Removal first: a zero-width character between a letter and its accent would
    // otherwise keep the two from composing.
    if s.chars().all(|c| !is_dropped(c) && is_nfc_inert(c)) {
        return s.trim().to_string();
    }
    let kept: String = s.chars().filter(|&c| !is_dropped(c)).collect();
    nfc(&kept).trim().to_string()
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

/// Splits "甲期货，乙期货、丙期货" into names, each cleaned (`text::clean_line`: no
/// invisible characters), dropping blanks and repeats.
pub fn split_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in text.split([',', '，', '、', ';', '；', '\n']).map(clean_line) {
        if !name.is_empty() && !names.iter().any(|n| *n == name) {
            names.push(name);
        }
    }
    names
}

/// A stored list of names ("国家金融监督管理总局、中国证监会") as the screen shows it:
/// each name in the current language, the list joined the way the language joins.
pub fn names_shown(text: &str) -> String {
    split_names(text).iter().map(|n| tr(n)).collect::<Vec<_>>().join(t("、"))
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
    fn nfc_agrees_with_the_crates_own_nfc() {
        use unicode_normalization::UnicodeNormalization;
        // Each code point alone and before marks that compose, reorder or block: acute,
        // dot below (class 220 sorts before 230), a Hangul vowel and trailing consonant,
        // the kana voicing mark, and a starter that blocks.
        let tails: [&[char]; 7] = [&[], &['\u{301}'], &['\u{301}', '\u{323}'], &['\u{323}', '\u{301}'], &['\u{1161}', '\u{11A8}'], &['\u{3099}'], &['a', '\u{301}']];
        let same = |s: &str| assert_eq!(nfc(s), s.nfc().collect::<String>(), "{:04X?}", s.chars().map(|c| c as u32).collect::<Vec<_>>());
        // The tables are the crate's; what is checked here is the ordering and composing
        // around them. Every code point of the first three planes alone; with the tails,
        // the ranges where characters decompose or compose (Latin to CJK punctuation,
        // Hangul syllables, CJK compatibility ideographs, Brahmic scripts, musical symbols).
        let mut checked = 0;
        for c in (0..0x30000u32).filter_map(char::from_u32) {
            same(c.encode_utf8(&mut [0; 4]));
            checked += 1;
        }
        let ranges = [0..0x3100u32, 0xAC00..0xAC40, 0xF900..0xFB50, 0x11000..0x11600, 0x1D150..0x1D1C0];
        for u in ranges.into_iter().flatten().chain((0xAC00..0xD7A4).step_by(27)) {
            let Some(c) = char::from_u32(u) else { continue };
            for tail in tails {
                same(&std::iter::once(c).chain(tail.iter().copied()).collect::<String>());
                checked += 1;
            }
        }
        assert!(checked > 200_000);
        // Longer mixes: Vietnamese, Hangul built from jamo, kana with marks, CJK compatibility ideographs.
        for s in ["Tie\u{302}\u{301}ng Vie\u{323}\u{302}t", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}", "か\u{3099}き\u{3099}", "\u{F900}\u{F91D}", "\u{0041}\u{0328}\u{0301}\u{0323}"] {
            same(s);
        }
    }

    #[test]
    fn the_fast_path_only_skips_characters_nfc_leaves_alone() {
        // Inert characters have class 0 and never follow the first character of any
        // decomposition, so no composition or reordering can involve them after a starter.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_nfc_inert(c) {
                assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            }
            let mut parts = Vec::new();
            decompose_canonical(c, |d| parts.push(d));
            assert!(!parts.iter().skip(1).any(|&d| is_nfc_inert(d)), "U+{:04X}", c as u32);
        }
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
