//! The catalogue is complete: every Chinese text on a screen goes through `t`/`tf!`
//! and has English, every English entry is still used, and the built-in plans are
//! translated whole. These tests read the source tree, so a forgotten key fails here
//! rather than showing Chinese in the English screens.

use super::scan::{has_cjk, literals, sources, test_module_start, Literal, ZH_ONLY};
use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Chinese that stays Chinese whatever the screen language: report drafts and
/// exports are documents for Chinese regulators and staff, built in `in_lang(Zh)`.
/// A report kind's title is the document's own (`events/report_kind.rs`).
const DOCUMENT_FILES: &[&str] = &[
    "src/domain/events/report_kind.rs",
    "src/domain/reports/report.rs",
    "src/domain/reports/record_summary.rs",
    "src/domain/reports/sending.rs",
    "src/domain/reports/docx.rs",
];

const PLAN_FILES: &[&str] = &[
    "src/domain/plans/bank-depository.json",
    "src/domain/plans/securities-company.json",
    "src/domain/drills/scenarios.json",
];

fn all_literals() -> Vec<Literal> {
    sources().iter().flat_map(|(file, src)| literals(file, src)).collect()
}

fn fragments() -> Vec<(&'static str, BTreeMap<String, String>)> {
    FRAGMENTS
        .iter()
        .map(|(name, text)| {
            let map = serde_json::from_str(text).unwrap_or_else(|e| panic!("en/{name}.json is not a JSON object of strings: {e}"));
            (*name, map)
        })
        .collect()
}

fn placeholders(s: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    let mut rest = s.replace("{{", "").replace("}}", "");
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        set.insert(rest[open..open + close + 1].to_string());
        rest = rest[open + close + 1..].to_string();
    }
    set
}

/// Every Chinese text in the built-in plan packs and scenarios.
fn plan_texts() -> BTreeSet<String> {
    fn walk(v: &serde_json::Value, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::String(s) if has_cjk(s) => {
                out.insert(s.clone());
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(map) => map.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = BTreeSet::new();
    for file in PLAN_FILES {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        walk(&serde_json::from_str(&text).unwrap(), &mut out);
    }
    out
}

/// The scan stops at a file's first `#[cfg(test)]`, so application code after a test
/// module would be skipped: anything at the left margin there must belong to tests.
#[test]
fn no_application_code_follows_a_test_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut after = Vec::new();
    for (file, _) in sources() {
        let src = std::fs::read_to_string(root.join(&file)).unwrap();
        for line in src[test_module_start(&src)..].lines() {
            let test_part = line.is_empty() || line.starts_with(|c: char| c.is_whitespace()) || ["#[", "mod ", "}", "//"].iter().any(|p| line.starts_with(p));
            if !test_part {
                after.push(format!("{file}: {line}"));
            }
        }
    }
    assert!(after.is_empty(), "code after a test module is not scanned; move it above:\n{}", after.join("\n"));
}

#[test]
fn the_lexer_finds_keys_and_skips_comments_and_chars() {
    let src = "// 注释\nlet a = t(\"事件列表\"); let b = tf!(\"已持续 {0}\", d);\nlet c = \"未翻译\"; // zh-only\n\
               let q = '\"'; let r = r#\"原始\"#; fn f<'a>(x: &'a str) {} let e = \"\\u{4e2d}\\\"\";";
    let found = literals("x.rs", src);
    let got: Vec<(&str, bool, bool, usize)> = found.iter().map(|l| (l.text.as_str(), l.keyed, l.exempt, l.line)).collect();
    assert_eq!(got, vec![("事件列表", true, false, 2), ("已持续 {0}", true, false, 2), ("未翻译", false, true, 3), ("原始", false, false, 4), ("中\"", false, false, 4)]);
}

#[test]
fn fill_puts_values_in_any_order_and_keeps_literal_braces() {
    assert_eq!(fill("{1} of {0}", &[&"a", &2]), "2 of a");
    assert_eq!(fill("{{x}} {0}", &[&5]), "{x} 5");
    assert_eq!(fill("{3}", &[&1]), "{3}");
    assert_eq!(fill("open {0", &[&1]), "open {0", "an unclosed brace is left as written");
}

#[test]
fn english_is_chosen_per_thread_and_documents_can_force_chinese() {
    set_lang(Lang::En);
    assert_eq!(t("超时 {0}"), "overdue {0}");
    assert_eq!(crate::tf!("超时 {0}", "01:02"), "overdue 01:02");
    assert_eq!(in_lang(Lang::Zh, || crate::tf!("超时 {0}", "01:02")), "超时 01:02");
    assert_eq!(lang(), Lang::En);
    // Text nobody translated (an institution's own plan) shows as written.
    assert_eq!(tr("甲银行自拟的义务"), "甲银行自拟的义务");
    // A context tells two uses of one Chinese word apart and never shows.
    assert_eq!((t("tag\u{4}演练"), t("演练")), ("Drill", "Drills"));
    set_lang(Lang::Zh);
    assert_eq!(t("超时 {0}"), "超时 {0}");
    assert_eq!(t("tag\u{4}演练"), "演练");
}

#[test]
fn dates_and_durations_follow_the_language() {
    use crate::domain::base::time::{format_beijing_minutes, format_date, format_duration, parse_datetime_local};
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let at = parse_datetime_local("2026-11-23T09:05").unwrap();
    let span = chrono::Duration::seconds(3725);
    assert_eq!((format_date(d), format_beijing_minutes(at), format_duration(span)), ("2026年11月23日".into(), "2026-11-23 09:05".into(), "1小时02分05秒".into()));
    in_lang(Lang::En, || {
        assert_eq!((format_date(d), format_beijing_minutes(at), format_duration(span)), ("23 Nov 2026".into(), "23 Nov 2026 09:05".into(), "1 h 02 min 05 s".into()));
    });
}

#[test]
fn every_key_in_the_code_has_english() {
    let en: BTreeMap<String, String> = fragments().into_iter().flat_map(|(_, m)| m).collect();
    let missing: Vec<String> = all_literals()
        .iter()
        .filter(|l| l.keyed && !en.contains_key(&l.text))
        .map(|l| format!("{}:{}: {:?}", l.file, l.line, l.text))
        .collect();
    assert!(missing.is_empty(), "{} keys have no English:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn no_screen_text_bypasses_the_catalogue() {
    let loose: Vec<String> = all_literals()
        .iter()
        .filter(|l| !l.keyed && !l.exempt && has_cjk(&l.text) && !DOCUMENT_FILES.contains(&l.file.as_str()))
        .map(|l| format!("{}:{}: {:?}", l.file, l.line, l.text))
        .collect();
    assert!(loose.is_empty(), "{} Chinese literals are not wrapped in t()/tf!() (mark deliberate ones `{ZH_ONLY}`):\n{}", loose.len(), loose.join("\n"));
}

#[test]
fn the_english_is_english_and_keeps_every_placeholder() {
    let mut bad = Vec::new();
    let mut seen: BTreeMap<String, (&str, String)> = BTreeMap::new();
    for (name, map) in fragments() {
        for (zh, en) in map {
            if en.trim().is_empty() || has_cjk(&en) {
                bad.push(format!("{name}: {zh:?} → {en:?} is not English"));
            }
            if placeholders(&zh) != placeholders(&en) {
                bad.push(format!("{name}: {zh:?} → {en:?} changes the placeholders"));
            }
            if let Some((other, before)) = seen.get(&zh) {
                if *before != en {
                    bad.push(format!("{name} and {other} translate {zh:?} differently: {en:?} / {before:?}"));
                }
            }
            seen.insert(zh, (name, en));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn no_english_entry_is_stale() {
    // Keys, and stored values that screens translate with `tr()`.
    let used: BTreeSet<String> = all_literals().into_iter().map(|l| l.text).collect();
    let plans = plan_texts();
    let stale: Vec<String> = fragments()
        .into_iter()
        .flat_map(|(name, map)| map.into_keys().map(move |k| (name, k)))
        .filter(|(name, k)| if name.starts_with("plans") { !plans.contains(k) } else { !used.contains(k) })
        .map(|(name, k)| format!("{name}: {k:?}"))
        .collect();
    assert!(stale.is_empty(), "{} entries are no longer used:\n{}", stale.len(), stale.join("\n"));
}

#[test]
fn the_built_in_plans_are_translated_whole() {
    let en: BTreeMap<String, String> = fragments().into_iter().flat_map(|(_, m)| m).collect();
    let missing: Vec<String> = plan_texts().into_iter().filter(|s| !en.contains_key(s)).collect();
    assert!(missing.is_empty(), "{} plan texts have no English:\n{}", missing.len(), missing.join("\n"));
}
