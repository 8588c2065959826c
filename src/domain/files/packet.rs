//! One incident as a file to carry to another workstation (USB, or mail once
//! systems are back). Reading it checks everything before anything changes:
//! size, format, every field (by type), the log's rules and its hash chain.
//! Merging is a union by event id; differing facts are shown side by side.

use crate::domain::events::facts::IncidentFacts;
use crate::domain::base::file_kind::{other_kind, wrong_format, FileKind};
use crate::domain::base::i18n::t;
use crate::domain::base::ids::{is_valid_id, MAX_ID_CHARS};
use crate::domain::incidents::incident::{Incident, LogError};
use crate::domain::incidents::integrity::{chain, verify, Integrity};
use crate::domain::base::time::format_beijing;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = crate::domain::base::file_kind::PACKET;

/// Why a file holding incident logs (a packet, a backup) did not read: the log's own
/// rules, checked as it is read, already speak the user's language; anything else
/// gets the cause in words (`file_kind::unreadable`).
pub fn unreadable(kind: FileKind, text: &str, e: &serde_json::Error) -> String {
    if e.classify() == serde_json::error::Category::Data {
        let said = e.to_string();
        let said = said.rsplit_once(" at line ").map_or(said.as_str(), |(m, _)| m);
        let rules = [LogError::EmptyId, LogError::FirstEventNotOpened, LogError::OpenedTwice].map(|l| l.to_string());
        let duplicate = crate::tf!("记录编号重复：{0}", "");
        let other_file = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')).ok().and_then(|v| other_kind(kind, &v));
        if other_file.is_none() && (rules.iter().any(|r| r == said) || said.starts_with(&duplicate)) {
            return crate::tf!("记录不符合规则：{0}", said);
        }
    }
    crate::domain::base::file_kind::unreadable(kind, text, e)
}
pub const VERSION: u32 = 1;
/// Far above any real incident (10,000 transfers is about 5 M characters).
pub const MAX_CHARS: usize = 20_000_000;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Packet {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub exported_by: String,
    pub incident: Incident,
    pub chain: Vec<String>,
    /// The plan version the incident runs under, when it is not a built-in one,
    /// so the receiving workstation computes the same duties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::domain::plans::plan::Plan>,
}

/// The packet file's text; `plan` is the incident's own version when not built in.
pub fn export(incident: &Incident, plan: Option<&crate::domain::plans::plan::Plan>, by: &str, now: DateTime<Utc>) -> String {
    let p = Packet {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: now,
        exported_by: by.into(),
        incident: incident.clone(),
        chain: chain(incident),
        plan: plan.cloned(),
    };
    serde_json::to_string(&p).expect("a packet always serialises")
}

/// A checked packet, or one message naming the problem. Nothing is changed either way.
pub fn read(text: &str) -> Result<Packet, String> {
    if text.len() > MAX_CHARS {
        return Err(crate::tf!("文件过大（{0} MB），事件包上限为 20 MB", format!("{:.1}", text.len() as f64 / 1e6)));
    }
    let text = text.trim_start_matches('\u{feff}');
    // serde_json refuses nesting deeper than 128 levels, so a hostile file cannot exhaust the stack.
    let p: Packet = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            t("文件结构嵌套过深，不是有效的事件包").to_string()
        } else {
            crate::tf!("不是有效的事件包：{0}", unreadable(FileKind::Packet, text, &e))
        }
    })?;
    if p.format != FORMAT {
        return Err(wrong_format(FileKind::Packet, &p.format));
    }
    if p.version > VERSION {
        return Err(crate::tf!("事件包由较新版本生成（版本 {0}），请先升级应急处置台", p.version));
    }
    check_ids(&p.incident)?;
    match verify(&p.incident, &p.chain) {
        Integrity::Intact if p.chain.len() == p.incident.events().len() => Ok(p),
        Integrity::BrokenAt { position, event_id } => {
            Err(crate::tf!("事件包校验失败：第 {0} 条记录（{1}）与包内校验值不符，可能在途中被改动，未导入", position + 1, event_id))
        }
        _ => Err(t("事件包缺少完整的校验值，未导入").into()),
    }
}

/// An untrusted id as a message can show it: invisible and control characters made
/// visible, and cut short when long (the length said).
pub fn shown_id(id: &str) -> String {
    let visible = |c: char| {
        if c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}') {
            format!("\\u{{{:04x}}}", c as u32)
        } else {
            c.to_string()
        }
    };
    let n = id.chars().count();
    let head: String = id.chars().take(40).map(visible).collect();
    if n > 40 { crate::tf!("{0}…（共 {1} 个字符）", head, n) } else { head }
}

/// Checks the incident's id and every entry's (nested copies in conflict entries too)
/// against the app's form; the message names the first bad one.
pub fn check_ids(incident: &Incident) -> Result<(), String> {
    let rule = crate::tf!("只能由英文字母、数字、“-”和“_”组成，最长 {0} 个字符", MAX_ID_CHARS);
    if !is_valid_id(incident.id()) {
        return Err(crate::tf!("事件编号“{0}”不符合本应用的格式（{1}），可能不是本应用导出的文件或已被改动", shown_id(incident.id()), rule));
    }
    for (n, e) in incident.events().iter().enumerate() {
        let nested = match &e.kind {
            crate::domain::events::event::EventKind::EventConflict { event_id, other } => vec![event_id.as_str(), other.id.as_str()],
            _ => Vec::new(),
        };
        if let Some(bad) = std::iter::once(e.id.as_str()).chain(nested).find(|id| !is_valid_id(id)) {
            return Err(crate::tf!("第 {0} 条记录的编号“{1}”不符合本应用的格式（{2}），可能不是本应用导出的文件或已被改动", n + 1, shown_id(bad), rule));
        }
    }
    Ok(())
}

/// A fact that differs between the two copies: label, ours, theirs.
pub type FactDiff = (&'static str, String, String);

pub fn facts_diff(a: &IncidentFacts, b: &IncidentFacts) -> Vec<FactDiff> {
    let mut out = Vec::new();
    let mut cmp = |label, x: String, y: String| {
        if x != y {
            out.push((label, x, y));
        }
    };
    cmp(t("标题"), a.title.clone(), b.title.clone());
    cmp(t("开始时间"), format_beijing(a.started_at), format_beijing(b.started_at));
    cmp(t("发现时间"), format_beijing(a.discovered_at), format_beijing(b.discovered_at));
    cmp(t("发生时段"), a.period.name().into(), b.period.name().into());
    cmp(t("事件现象"), a.phenomenon.kind.name().into(), b.phenomenon.kind.name().into());
    cmp(t("是否本行原因"), a.bank_caused.name().into(), b.bank_caused.name().into());
    let affected = |f: &IncidentFacts| f.affected.iter().map(|x| x.describe()).collect::<Vec<_>>().join(t("、"));
    cmp(t("受影响业务"), affected(a), affected(b));
    cmp(t("现象描述"), a.description.clone(), b.description.clone());
    out
}

/// What importing would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub title: String,
    /// Not on this workstation yet.
    pub new_incident: bool,
    /// Events the packet adds.
    pub added: usize,
    /// Facts the two copies currently disagree on (both kept in the log).
    pub conflicts: Vec<FactDiff>,
}

pub fn preview(ours: Option<&Incident>, theirs: &Incident) -> Preview {
    let title = theirs.state().facts.title;
    match ours {
        None => Preview { title, new_incident: true, added: theirs.events().len(), conflicts: Vec::new() },
        Some(ours) => {
            let mut merged = ours.clone();
            let added = merged.merge(theirs);
            let conflicts = facts_diff(&ours.state().facts, &theirs.state().facts);
            Preview { title, new_incident: false, added, conflicts }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::event::{Author, Event, EventKind};
    use crate::domain::events::facts::Period;
    use crate::domain::events::fixtures::{facts, t};

    fn ev(id: &str, kind: EventKind) -> Event {
        Event { id: id.into(), occurred_at: t("2026-11-23T09:00"), recorded_at: t("2026-11-23T09:00"), author: Author::system(), kind }
    }

    fn incident() -> Incident {
        let mut i = Incident::open("p1".into(), ev("e0", EventKind::Opened { facts: facts(Period::Daytime, "2026-11-23T09:00"), plan_id: "p".into(), plan_version: "1".into(), drill: None })).unwrap();
        i.append(ev("e1", EventKind::Note { text: "<script>alert(1)</script>".into(), major: false })).unwrap();
        i
    }

    #[test]
    fn a_packet_carries_a_local_plan_version_and_old_packets_still_read() {
        let mut p = crate::domain::plans::plan::Plan::bank_depository();
        p.version = "1+local.2".into();
        let text = export(&incident(), Some(&p), "王", t("2026-11-23T10:00"));
        assert_eq!(read(&text).unwrap().plan, Some(p));
        let plain = export(&incident(), None, "王", t("2026-11-23T10:00"));
        assert!(!plain.contains("\"plan\""), "packets of built-in plans are unchanged");
        assert_eq!(read(&plain).unwrap().plan, None);
    }

    #[test]
    fn a_packet_round_trips_and_carries_its_chain() {
        let text = export(&incident(), None, "王", t("2026-11-23T10:00"));
        let p = read(&text).unwrap();
        assert_eq!(p.incident, incident());
        assert_eq!(p.chain, chain(&incident()));
    }

    #[test]
    fn hostile_or_broken_packets_are_refused_with_a_reason() {
        let good = export(&incident(), None, "王", t("2026-11-23T10:00"));
        let tampered = good.replace("alert(1)", "alert(2)");
        assert!(read(&tampered).unwrap_err().contains("第 2 条记录（e1）"));
        assert!(read("{}").unwrap_err().starts_with("不是有效的事件包"));
        assert!(read(&good.replace(FORMAT, "other")).unwrap_err().contains("文件类型不符"));
        assert!(read(&good.replace("\"version\":1", "\"version\":9")).unwrap_err().contains("较新版本"));
        assert!(read(&good.replace("\"version\":1", "\"version\":\"1\"")).unwrap_err().starts_with("不是有效的事件包"), "wrong type");
        assert!(read(&good.replacen("{", "{\"extra\":1,", 1)).is_err(), "unknown keys");
        // Deep nesting is refused without exhausting the stack, wherever it sits.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(read(&deep).is_err());
        let deep_inside = good.replacen("\"exported_by\":\"王\"", &format!("\"exported_by\":{}1{}", "[".repeat(100_000), "]".repeat(100_000)), 1);
        assert!(read(&deep_inside).is_err());
        assert!(read(&"x".repeat(MAX_CHARS + 1)).unwrap_err().contains("文件过大"));
        let no_chain = good.replace(&format!("\"chain\":{}", serde_json::to_string(&chain(&incident())).unwrap()), "\"chain\":[]");
        assert!(read(&no_chain).unwrap_err().contains("缺少完整的校验值"));
    }

    #[test]
    fn the_preview_counts_new_events_and_shows_differing_facts() {
        let ours = incident();
        let mut theirs = incident();
        let mut f = facts(Period::Daytime, "2026-11-23T08:50");
        f.title = "郑商所出入金中断（省分行版）".into();
        theirs.append(ev("e2", EventKind::FactsCorrected { facts: f, reason: "省分行核实".into() })).unwrap();
        let p = preview(Some(&ours), &theirs);
        assert_eq!((p.new_incident, p.added), (false, 1));
        assert_eq!(p.conflicts[0], ("标题", "出入金系统中断".to_string(), "郑商所出入金中断（省分行版）".to_string()));
        assert_eq!(p.conflicts[1].0, "开始时间");
        let fresh = preview(None, &theirs);
        assert!(fresh.new_incident && fresh.added == 3);
    }

    #[test]
    fn the_id_form_takes_what_the_app_makes_and_refuses_the_rest() {
        for good in ["0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef-inject-12", "e0", "inc-1", "old_id_2024", &"a".repeat(MAX_ID_CHARS)] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "abc/transfers", "a\"b", "<img>", "a b", "中文", "a\u{200b}", "..", &"a".repeat(MAX_ID_CHARS + 1), &"x".repeat(200_000)] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(shown_id("a\u{202e}b"), "a\\u{202e}b", "invisible characters are shown");
        assert!(shown_id(&"x".repeat(200_000)).ends_with("…（共 200000 个字符）"));
    }

    #[test]
    fn packets_with_bad_ids_are_refused_naming_the_id() {
        let good = export(&incident(), None, "王", t("2026-11-23T10:00"));
        for (bad, shown) in [("abc/transfers", "abc/transfers"), ("a\\\"<b>", "a\"<b>")] {
            let e = read(&good.replace("\"id\":\"p1\"", &format!("\"id\":\"{bad}\""))).unwrap_err();
            assert!(e.contains(&format!("事件编号“{shown}”不符合本应用的格式")), "{e}");
        }
        let long = "y".repeat(200_000);
        let e = read(&good.replace("\"id\":\"p1\"", &format!("\"id\":\"{long}\""))).unwrap_err();
        assert!(e.contains("（共 200000 个字符）") && e.len() < 400, "{}", e.len());
        let e = read(&good.replace("\"id\":\"e1\"", "\"id\":\"e1/../x\"")).unwrap_err();
        assert!(e.contains("第 2 条记录的编号“e1/../x”"), "{e}");
    }

    #[test]
    fn unreadable_files_get_a_cause_in_words_not_the_parsers_text() {
        let good = export(&incident(), None, "王", t("2026-11-23T10:00"));
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "文件是空的"),
            ("   ".into(), "文件是空的"),
            ("单位,姓名,手机\n上期所,值班室,1".into(), "表格（CSV）"),
            ("PK\u{3}\u{4}word".into(), "Office 文档"),
            ("<html><body>".into(), "网页"),
            ("hello".into(), "内容不是 JSON"),
            ("{\0\"\0f\0".into(), "UTF-16"),
            (good[..good.len() / 2].to_string(), "文件不完整"),
            (good.replacen(':', ";", 1), "JSON 格式错误"),
            ("{}".into(), "内容结构与事件包文件不符"),
            (good.replacen("\"version\":1", "\"version\":\"1\"", 1), "内容结构与事件包文件不符"),
        ];
        for (text, cause) in cases {
            let e = read(&text).unwrap_err();
            assert!(e.starts_with("不是有效的事件包：") && e.contains(cause), "{text:.40?} → {e}");
            for raw in ["expected", "line 1 column", "EOF", "missing field", "invalid type"] {
                assert!(!e.contains(raw), "parser text leaked: {e}");
            }
        }
        // Another of the app's files: say which and where it goes.
        let backup = crate::domain::files::backup::export(&[incident()], &Default::default(), &[], t("2026-11-23T10:00"));
        let e = read(&backup).unwrap_err();
        assert!(e.contains("这是备份或归档文件，不是事件包文件") && e.contains("从备份恢复"), "{e}");
        let e = crate::domain::files::backup::read(&good).unwrap_err();
        assert!(e.contains("这是事件包文件，不是备份或归档文件") && e.contains("导入事件包"), "{e}");
        let e = crate::domain::plans::plan_pack::read(&good).unwrap_err();
        assert!(e[0].contains("这是事件包文件，不是预案包"), "{e:?}");
        let e = crate::domain::plans::plan_pack::read("{\"id\":").unwrap_err();
        assert!(e[0].starts_with("不是有效的 JSON：文件不完整"), "{e:?}");
        // The log's own rules are said in words.
        let twice = good.replace("\"id\":\"e1\"", "\"id\":\"e0\"");
        assert!(read(&twice).unwrap_err().contains("记录不符合规则：记录编号重复：e0"));
        // And in English on an English screen.
        crate::domain::base::i18n::in_lang(crate::domain::base::i18n::Lang::En, || {
            let e = read("").unwrap_err();
            assert!(!e.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{e}");
        });
    }
}
