//! A real .docx (Office Open XML) built in memory: a stored (uncompressed) zip
//! of four small XML parts. Word, WPS and LibreOffice open it; no library needed.

use crate::domain::reports::report::ReportDraft;

/// CRC-32 (IEEE), as zip requires.
fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *slot = c;
    }
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc = table[((crc ^ u32::from(*b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// A zip archive with every file stored as is.
pub fn zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name = name.as_bytes();
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        out.extend_from_slice(&0u16.to_le_bytes()); // stored
        out.extend_from_slice(&0u16.to_le_bytes()); // time
        out.extend_from_slice(&0x0021u16.to_le_bytes()); // date: 1980-01-01
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Its central directory record.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0x0800u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0x0021u16.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0u8; 12]); // extra, comment, disk, attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Text as XML 1.0 allows it: control characters (but tab) and the non-characters
/// U+FFFE and U+FFFF dropped, markup escaped. Word and LibreOffice refuse a part that has them.
fn esc(text: &str) -> String {
    text.chars()
        .filter(|c| (!c.is_control() || *c == '\t') && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            _ => c.to_string(),
        })
        .collect()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn para(text: &str, bold: bool, size_half_points: u32, centered: bool) -> String {
    format!(
        "<w:p><w:pPr>{}<w:spacing w:after=\"120\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"SimSun\" w:eastAsia=\"SimSun\" w:hAnsi=\"SimSun\"/>{}<w:sz w:val=\"{size_half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        if centered { "<w:jc w:val=\"center\"/>" } else { "" },
        if bold { "<w:b/>" } else { "" },
        esc(text)
    )
}

/// The report as a .docx: title, institution, numbered sections, signature
/// and seal lines, page numbers in the footer, A4.
pub fn report_docx(report: &ReportDraft) -> Vec<u8> {
    crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::Zh, || report_docx_zh(report))
}

const FONT: &str = "<w:rFonts w:ascii=\"SimSun\" w:eastAsia=\"SimSun\" w:hAnsi=\"SimSun\"/>";

/// Runs of `text`, one line each, separated by line breaks (a cell keeps its lines).
fn runs(text: &str, bold: bool, size: u32) -> String {
    let r_pr = format!("<w:rPr>{FONT}{}<w:sz w:val=\"{size}\"/></w:rPr>", if bold { "<w:b/>" } else { "" });
    text.lines()
        .enumerate()
        .map(|(i, line)| format!("<w:r>{r_pr}{}<w:t xml:space=\"preserve\">{}</w:t></w:r>", if i > 0 { "<w:br/>" } else { "" }, esc(line)))
        .collect()
}

/// One table cell: `span` grid columns wide, its text in lines.
fn cell(text: &str, width: u32, span: u32, label: bool) -> String {
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{}{}<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:spacing w:before=\"20\" w:after=\"20\"/>{}</w:pPr>{}</w:p></w:tc>",
        if span > 1 { format!("<w:gridSpan w:val=\"{span}\"/>") } else { String::new() },
        if label { "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>" } else { "" },
        if label { "<w:jc w:val=\"center\"/>" } else { "" },
        runs(text, label, 21)
    )
}

/// The 报告单 as a bordered Word table: label and value cells in the plan's
/// order (two short fields to a row), blank cells left tall enough to write
/// in, and the signature and seal row at the foot.
fn form_table(report: &ReportDraft) -> String {
    const LABEL: u32 = 1560;
    const VALUE: u32 = 3083;
    let border = |side: &str| format!("<w:{side} w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/>");
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"].iter().map(|s| border(s)).collect();
    let mut rows = String::new();
    for row in report.form_rows() {
        let blank = row.iter().all(|i| report.sections[*i].body.trim().is_empty());
        let height = if blank { "<w:trPr><w:trHeight w:val=\"480\"/></w:trPr>" } else { "<w:trPr><w:cantSplit/></w:trPr>" };
        let cells: String = match row.as_slice() {
            [one] => {
                let s = &report.sections[*one];
                cell(&s.heading, LABEL, 1, true) + &cell(&s.body, VALUE * 2 + LABEL, 3, false)
            }
            pair => pair.iter().map(|i| cell(&report.sections[*i].heading, LABEL, 1, true) + &cell(&report.sections[*i].body, VALUE, 1, false)).collect(),
        };
        rows.push_str(&format!("<w:tr>{height}{cells}</w:tr>"));
    }
    rows.push_str(&format!(
        "<w:tr><w:trPr><w:trHeight w:val=\"900\"/></w:trPr>{}{}{}{}</w:tr>",
        cell("负责人（签章）", LABEL, 1, true),
        cell("", VALUE, 1, false),
        cell("单位（盖章）", LABEL, 1, true),
        cell("", VALUE, 1, false)
    ));
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w=\"{LABEL}\"/><w:gridCol w:w=\"{VALUE}\"/><w:gridCol w:w=\"{LABEL}\"/><w:gridCol w:w=\"{VALUE}\"/></w:tblGrid>{rows}</w:tbl>",
        2 * (LABEL + VALUE)
    )
}

fn report_docx_zh(report: &ReportDraft) -> Vec<u8> {
    let mut body = String::new();
    if report.drill {
        body.push_str(&para("【演练】", true, 28, true));
    }
    body.push_str(&para(&report.title, true, 32, true));
    if !report.institution.is_empty() {
        body.push_str(&para(&report.institution, false, 24, true));
    }
    if report.kind == crate::domain::events::report_kind::ReportKind::IncidentForm {
        body.push_str(&form_table(report));
        body.push_str(&para("", false, 12, false));
    } else {
        for (i, s) in report.sections.iter().enumerate() {
            body.push_str(&para(&report.numbered_heading(i), true, 24, false));
            if s.body.trim().is_empty() {
                // Blank space to write in, not a placeholder.
                body.push_str(&para("", false, 24, false));
                body.push_str(&para("", false, 24, false));
            }
            for line in s.body.lines() {
                body.push_str(&para(line, false, 24, false));
            }
        }
        body.push_str(&para("", false, 24, false));
        body.push_str(&para("负责人（签章）：________________        单位（盖章）：________________", false, 24, false));
        body.push_str(&para("日期：________________", false, 24, false));
    }
    body.push_str(&para(&report.provenance(), false, 16, false));
    // Every page of a draft not yet reviewed says so, in the header Word repeats.
    let header_ref = if report.reviewed() { "" } else { "<w:headerReference w:type=\"default\" r:id=\"rId2\"/>" };
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}<w:sectPr>{header_ref}<w:footerReference w:type=\"default\" r:id=\"rId1\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1300\" w:bottom=\"1134\" w:left=\"1300\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let footer = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:ftr xmlns:w=\"{W}\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t xml:space=\"preserve\">第 </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> 页</w:t></w:r></w:p></w:ftr>"
    );
    let header = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:hdr xmlns:w=\"{W}\"><w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr>{}</w:p></w:hdr>",
        runs(crate::domain::reports::report::DRAFT_MARK, true, 24)
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let doc_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/></Relationships>";
    zip(&[
        ("[Content_Types].xml", types.as_bytes().to_vec()),
        ("_rels/.rels", rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes().to_vec()),
        ("word/footer1.xml", footer.into_bytes()),
        ("word/header1.xml", header.into_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A freshly recorded incident: one `Opened` event at 2026-11-23 09:00 Beijing time.
    fn opened_incident() -> crate::domain::incidents::incident::Incident {
        use crate::domain::events::event::{Author, Event, EventKind};
        use crate::domain::events::fixtures::{facts, t};
        use crate::domain::events::facts::Period;
        let f = facts(Period::Daytime, "2026-11-23T09:00");
        let opened = Event { id: "e0".into(), occurred_at: t("2026-11-23T09:00"), recorded_at: t("2026-11-23T09:00"), author: Author { name: "王".into(), role: String::new() }, kind: EventKind::Opened { facts: f, plan_id: "bank-depository".into(), plan_version: "1".into(), drill: None } };
        crate::domain::incidents::incident::Incident::open("i".into(), opened).expect("a valid first event")
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn the_zip_holds_each_part_with_its_checksum() {
        let z = zip(&[("a.txt", b"hello".to_vec()), ("目录/b.xml", b"<x/>".to_vec())]);
        assert_eq!(&z[..4], b"PK\x03\x04");
        assert_eq!(&z[z.len() - 22..z.len() - 18], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([z[z.len() - 12], z[z.len() - 11]]), 2, "two entries");
        let crc = u32::from_le_bytes([z[14], z[15], z[16], z[17]]);
        assert_eq!(crc, crc32(b"hello"));
        assert!(z.windows("目录/b.xml".len()).any(|w| w == "目录/b.xml".as_bytes()));
    }

    /// XML 1.0's Char production: what a part may hold at all.
    fn xml_char(c: char) -> bool {
        matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
    }

    #[test]
    fn every_character_a_user_can_type_leaves_the_document_valid_xml() {
        // Every Unicode scalar value, in a title and a section, as a hostile paste would bring them.
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let inc = opened_incident();
        let plan = crate::domain::plans::plan::Plan::bank_depository();
        let cal = crate::domain::base::calendar::Calendar::china_builtin();
        let mut d = crate::domain::reports::report::draft(crate::domain::events::report_kind::ReportKind::IncidentForm, &inc, &plan, &cal, inc.events()[0].recorded_at, false, &Default::default());
        d.title = all.clone();
        d.sections[0].body = all;
        let z = report_docx(&d);
        // The zip's headers are binary; the stored document part between them is UTF-8.
        let text = String::from_utf8_lossy(&z).into_owned();
        let start = text.find("<w:document").unwrap();
        let end = text.find("</w:document>").unwrap();
        let bad: Vec<u32> = text[start..end].chars().filter(|c| !xml_char(*c)).map(|c| c as u32).collect();
        assert!(bad.is_empty(), "characters XML 1.0 forbids: {:x?}", &bad[..bad.len().min(10)]);
        // What is kept is kept whole: CJK, the supplementary planes, the private use area.
        for keep in ['中', '\u{1F600}', '\u{E000}', '\u{FFFD}', '\u{10FFFF}'] {
            assert!(text[start..end].contains(keep), "{keep:?}");
        }
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(esc("a<b>&\"c\u{7}"), "a&lt;b&gt;&amp;&quot;c");
        assert_eq!(esc("标题\u{FFFE}\u{FFFF}"), "标题", "XML 1.0 forbids the two non-characters");
    }
}
