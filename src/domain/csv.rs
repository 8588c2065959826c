//! Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a UTF-8
//! BOM on output so Excel opens Chinese text correctly.

use super::i18n::t;

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

/// Parses the whole text; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
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

    #[test]
    fn formulas_are_neutralised_on_export() {
        assert_eq!(write(&[vec!["=HYPERLINK(1)".into()]]), format!("{BOM}'=HYPERLINK(1)\r\n"));
        assert_eq!(write(&[vec!["-cmd".into(), "-1,005.00".into(), "-5".into()]]), format!("{BOM}'-cmd,\"-1,005.00\",-5\r\n"));
    }
}
