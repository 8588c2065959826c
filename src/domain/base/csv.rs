//! Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a UTF-8
//! BOM on output so Excel opens Chinese text correctly.

use crate::domain::base::i18n::t;

pub const BOM: char = '\u{feff}';

/// One parsed record with the 1-based line number it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// How a picked file's bytes look before they are read as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Valid UTF-8 (with or without a BOM): read as is.
    Utf8,
    /// Not UTF-8, but every byte above ASCII pairs up as GBK does (Excel's
    /// "CSV (逗号分隔)" on Chinese Windows): decoded as GBK.
    Gbk,
    /// A UTF-16 byte-order mark, or zero bytes in every other position (Excel's
    /// "Unicode 文本", Notepad's "Unicode"): refused with a hint.
    Utf16,
    /// Zero bytes without UTF-16's pattern, or a zip archive (.xlsx): not text.
    Binary,
    /// Neither UTF-8 nor GBK.
    Unknown,
}

/// Looks at the bytes of a file to import (all of them for UTF-8; the first 64 KB
/// for the zero-byte pattern).
pub fn sniff(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Encoding::Binary;
    }
    let sample = &bytes[..bytes.len().min(65_536)];
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if even + odd > 0 {
        // UTF-16 text puts the zero of every ASCII character (commas, digits, line ends)
        // on the same side; other binary data scatters them.
        let (most, least) = (even.max(odd), even.min(odd));
        return if most >= 4 * least.max(1) || least == 0 { Encoding::Utf16 } else { Encoding::Binary };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Encoding::Utf8;
    }
    if looks_gbk(bytes) { Encoding::Gbk } else { Encoding::Unknown }
}

/// Every byte above ASCII is a GBK lead byte (0x81–0xFE) followed by a trail byte
/// (0x40–0xFE, not 0x7F).
fn looks_gbk(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let Some(&next) = bytes.get(i + 1) else { return false };
        if !(0x81..=0xFE).contains(&b) || !(0x40..=0xFE).contains(&next) || next == 0x7F {
            return false;
        }
        i += 2;
    }
    true
}

/// What to tell the user about a file of this encoding, when it cannot be read as it is.
pub fn encoding_hint(encoding: Encoding) -> Option<&'static str> {
    match encoding {
        Encoding::Utf8 | Encoding::Gbk => None,
        Encoding::Utf16 => Some(t("文件似乎是 UTF-16 编码（Excel 的“Unicode 文本”、记事本的“Unicode”就是这种），无法直接读取。请在 Excel 中用“另存为 → CSV UTF-8（逗号分隔）”保存后再导入。")),
        Encoding::Binary => Some(t("这不是文本文件（看起来像 Excel 工作簿 .xlsx 或其他二进制文件）。请在 Excel 中用“另存为 → CSV UTF-8（逗号分隔）”保存后再导入。")),
        Encoding::Unknown => Some(t("无法识别文件编码：既不是 UTF-8，也不像 GBK。请另存为“CSV UTF-8（逗号分隔）”后再导入。")),
    }
}

/// Text that shows it was read with the wrong encoding: the hint, else `None`.
/// A zero character never belongs in a CSV (UTF-16 read as UTF-8); replacement
/// characters (U+FFFD) are bytes that did not decode.
pub fn misread_hint(text: &str) -> Option<&'static str> {
    if text.contains('\0') {
        encoding_hint(Encoding::Utf16)
    } else if text.chars().filter(|c| *c == '\u{fffd}').count() >= 2 {
        Some(t("文件中有无法识别的字符，编码可能不是 UTF-8 或 GBK。请另存为“CSV UTF-8（逗号分隔）”后再导入。"))
    } else {
        None
    }
}

/// Parses the whole text; blank lines are skipped. Text misread from a UTF-16
/// file is refused with an encoding hint, not a message about its first line.
pub fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if let Some(hint) = misread_hint(text) {
        return Err(ParseError { line: 1, message: hint.into() });
    }
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut field_started = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if !field_started => {
                in_quotes = true;
                field_started = true;
            }
            '"' => return Err(ParseError { line, message: t("引号位置不正确：字段中的引号须写成两个引号，且整个字段用引号括起").into() }),
            ',' => {
                fields.push(std::mem::take(&mut field));
                field_started = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                if fields.iter().any(|f| !f.trim().is_empty()) {
                    records.push(Record { line: record_line, fields: std::mem::take(&mut fields) });
                }
                fields.clear();
                field_started = false;
                line += 1;
                record_line = line;
            }
            _ => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if in_quotes {
        return Err(ParseError { line: record_line, message: t("引号没有闭合").into() });
    }
    fields.push(field);
    if fields.iter().any(|f| !f.trim().is_empty()) {
        records.push(Record { line: record_line, fields });
    }
    Ok(records)
}

fn escape(field: &str) -> String {
    // A leading = + - @ would run as a formula in Excel: prefix it so it stays
    // text. A negative amount ("-1,005.00") is a number and must stay one.
    let is_number = field.strip_prefix('-').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()) && r.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'));
    let field = if field.starts_with(['=', '+', '-', '@']) && !is_number { format!("'{field}") } else { field.to_string() };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// Writes rows as CSV with a BOM and CRLF line ends (what Excel expects).
pub fn write(rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    for row in rows {
        out.push_str(&row.iter().map(|f| escape(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// Undoes the export's formula guard ("'=x" back to "=x").
pub fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => field,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_commas_quotes_and_newlines_round_trip() {
        let rows = vec![
            vec!["单位".to_string(), "备注".to_string()],
            vec!["甲,乙".to_string(), "他说\"好\"\n第二行".to_string()],
        ];
        let text = write(&rows);
        assert!(text.starts_with(BOM));
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.iter().map(|r| r.fields.clone()).collect::<Vec<_>>(), rows);
        assert_eq!(parsed[1].line, 2);
    }

    #[test]
    fn line_numbers_count_blank_lines_and_embedded_newlines() {
        let parsed = parse("a,b\n\n\"x\ny\",z\nlast,1").unwrap();
        assert_eq!(parsed.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 3, 5]);
    }

    #[test]
    fn broken_quotes_are_reported_with_their_line() {
        assert_eq!(parse("a,b\nc,d\"e\n").unwrap_err().line, 2);
        assert_eq!(parse("a,b\n\"open,x\n").unwrap_err().line, 2);
    }

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn the_encoding_of_a_picked_file_is_told_from_its_bytes() {
        let csv = "类别,单位,职务/角色,姓名\r\n交易所,上海期货交易所,值班室,张三\r\n";
        assert_eq!(sniff(csv.as_bytes()), Encoding::Utf8);
        assert_eq!(sniff(format!("{BOM}{csv}").as_bytes()), Encoding::Utf8);
        // UTF-16 with its byte-order mark, either way round, and without one.
        assert_eq!(sniff(&utf16le(csv, true)), Encoding::Utf16);
        let mut be: Vec<u8> = vec![0xFE, 0xFF];
        be.extend(csv.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(sniff(&be), Encoding::Utf16);
        assert_eq!(sniff(&utf16le(csv, false)), Encoding::Utf16);
        assert_eq!(sniff(&utf16le("凭证号,期货资金账号,金额\n", false)), Encoding::Utf16, "mostly Chinese: the commas give it away");
        // GBK as Excel saves it on Chinese Windows: "类别,单位" in GBK.
        let gbk = [0xC0, 0xE0, 0xB1, 0xF0, b',', 0xB5, 0xA5, 0xCE, 0xBB, b'\r', b'\n'];
        assert_eq!(sniff(&gbk), Encoding::Gbk);
        assert_eq!(encoding_hint(Encoding::Gbk), None, "GBK is read, not refused");
        // Neither: a lone high byte, a workbook, scattered zeros.
        assert_eq!(sniff(&[b'a', 0xFF, b'b']), Encoding::Unknown);
        assert_eq!(sniff(b"PK\x03\x04\x14\x00\x06\x00"), Encoding::Binary);
        assert_eq!(sniff(&[0, 0, 1, 2, 0, 3, 0, 0]), Encoding::Binary);
        for e in [Encoding::Utf16, Encoding::Binary, Encoding::Unknown] {
            let hint = encoding_hint(e).unwrap();
            assert!(hint.contains("CSV UTF-8"), "{hint}");
        }
        assert!(encoding_hint(Encoding::Utf16).unwrap().starts_with("文件似乎是 UTF-16 编码"));
    }

    #[test]
    fn formulas_are_neutralised_on_export() {
        assert_eq!(write(&[vec!["=HYPERLINK(1)".into()]]), format!("{BOM}'=HYPERLINK(1)\r\n"));
        assert_eq!(write(&[vec!["-cmd".into(), "-1,005.00".into(), "-5".into()]]), format!("{BOM}'-cmd,\"-1,005.00\",-5\r\n"));
    }
}
