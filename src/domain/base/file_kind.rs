//! Which of the app's files a text is (an incident packet, a backup, a plan pack), and
//! why one did not read, in words: shared by every reader so none needs another's module.

use crate::domain::base::i18n::t;

pub const PACKET: &str = "incident-desk-packet";
pub const BACKUP: &str = "incident-desk-backup";

/// The files the app reads, for messages that say what a file is and where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Packet,
    Backup,
    Plan,
}

impl FileKind {
    fn noun(self) -> &'static str {
        match self {
            FileKind::Packet => t("事件包文件"),
            FileKind::Backup => t("备份或归档文件"),
            FileKind::Plan => t("预案包"),
        }
    }

    fn place(self) -> &'static str {
        match self {
            FileKind::Packet => t("请在事件列表页用“导入事件包…”导入"),
            FileKind::Backup => t("请在事件列表页用“从备份恢复…”恢复"),
            FileKind::Plan => t("请在“修改、导入或导出预案”页的“导入预案包”中导入"),
        }
    }

    /// What a JSON value looks like, by its markers.
    fn of(v: &serde_json::Value) -> Option<FileKind> {
        match v.get("format").and_then(serde_json::Value::as_str) {
            Some(PACKET) => Some(FileKind::Packet),
            Some(BACKUP) => Some(FileKind::Backup),
            _ if v.get("obligations").is_some() && v.get("levels").is_some() => Some(FileKind::Plan),
            _ => None,
        }
    }
}

/// When `v` is plainly another kind of file than `kind`, what it is and where it goes.
pub fn other_kind(kind: FileKind, v: &serde_json::Value) -> Option<String> {
    let other = FileKind::of(v).filter(|o| *o != kind)?;
    Some(crate::tf!("这是{0}，不是{1}；{2}", other.noun(), kind.noun(), other.place()))
}

/// `format` is not the one expected of a `kind` file: say what it is when known.
pub fn wrong_format(kind: FileKind, found: &str) -> String {
    let found_kind = match found {
        PACKET => Some(FileKind::Packet),
        BACKUP => Some(FileKind::Backup),
        _ => None,
    };
    let expected = match kind {
        FileKind::Packet => PACKET,
        FileKind::Backup => BACKUP,
        FileKind::Plan => "",
    };
    match found_kind {
        Some(other) if other != kind => crate::tf!("文件类型不符：这是{0}，不是{1}；{2}", other.noun(), kind.noun(), other.place()),
        _ => crate::tf!("文件类型不符：应为 {0}", expected),
    }
}

/// Why a file's text did not read as a `kind` file, in the user's language and with the
/// likely cause (empty, another encoding, another kind of file, cut short, damaged);
/// the parser's own words never reach the screen, only where it stopped.
pub fn unreadable(kind: FileKind, text: &str, e: &serde_json::Error) -> String {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let first_line = body.lines().next().unwrap_or("");
    let (line, column) = (e.line(), e.column());
    if body.is_empty() {
        return t("文件是空的（可能没有保存完整，或选错了文件）").into();
    }
    if text.contains('\0') {
        return t("文件编码不对（像是 UTF-16 等其他编码）：请选择本应用导出的原文件，不要用其他编码另存").into();
    }
    if body.starts_with("PK") {
        return t("这是压缩包或 Office 文档（如 .docx、.xlsx），不是本应用导出的 JSON 文件").into();
    }
    if body.starts_with("%PDF") {
        return t("这是 PDF 文件，不是本应用导出的 JSON 文件").into();
    }
    if body.starts_with('<') {
        return t("这是网页或 XML 文件，不是本应用导出的 JSON 文件").into();
    }
    if !body.starts_with('{') && !body.starts_with('[') {
        return if first_line.contains(',') || first_line.contains('\t') {
            t("这像是表格（CSV）或文本文件，不是本应用导出的 JSON 文件").into()
        } else {
            t("内容不是 JSON：可能选错了文件，请选择本应用导出的 .json 文件").into()
        };
    }
    if text.contains('\u{fffd}') {
        return t("文件中有无法识别的字符，可能在传递中编码被改变：请使用本应用导出的原文件").into();
    }
    match e.classify() {
        serde_json::error::Category::Eof => {
            crate::tf!("文件不完整，在第 {0} 行第 {1} 列中断（可能下载或复制时被截断），请重新导出或复制", line, column)
        }
        serde_json::error::Category::Data => {
            if let Some(other) = serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| other_kind(kind, &v)) {
                return other;
            }
            crate::tf!("内容结构与{0}不符（第 {1} 行第 {2} 列）：可能由不兼容的版本导出，或被手工改动", kind.noun(), line, column)
        }
        _ => crate::tf!("JSON 格式错误，位于第 {0} 行第 {1} 列：文件可能已损坏或被手工改动", line, column),
    }
}

