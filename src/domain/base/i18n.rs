//! Chinese and English. Chinese is the source language: the text written in the code
//! is the key, as gettext does, and `en/*.json` maps it to English. Screens call
//! `t("…")` for fixed text, `tf!("…{0}…", x)` for text with values, and `tr(text)` for
//! text that comes from data (a plan pack's duties and articles).
//!
//! The language is chosen once per page load (switching reloads), so it is a plain
//! per-thread value, not a signal: nothing re-renders and host tests, one thread each,
//! can set it without touching one another. Documents meant for Chinese regulators
//! (report drafts, the .docx) are built inside `in_lang(Lang::Zh, …)`.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::{Display, Write};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for `<html lang>` and the stored setting.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Zh) };
}

pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// Runs `f` with `lang` as the language and puts the previous one back.
pub fn in_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = self::lang();
    set_lang(lang);
    let out = f();
    set_lang(before);
    out
}

/// The catalogue fragments, one per area of the code, merged at first use.
/// The test in `i18n_tests.rs` keeps them complete, consistent and free of stale keys.
///
/// Built in on the host only (tests, tools). The browser build leaves them out: a Chinese
/// screen never uses them and they are a quarter of the download (docs/PERFORMANCE.md, issue
/// 18). There the app fetches them merged as `en.json` and hands them over with
/// [`install_english`] before it draws in English.
#[cfg(not(target_arch = "wasm32"))]
pub const FRAGMENTS: &[(&str, &str)] = &[
    ("core", include_str!("i18n/en/core.json")),
    ("ui_incident", include_str!("i18n/en/ui_incident.json")),
    ("ui_business", include_str!("i18n/en/ui_business.json")),
    ("ui_admin", include_str!("i18n/en/ui_admin.json")),
    ("ui_cockpit", include_str!("i18n/en/ui_cockpit.json")),
    ("ui_reports", include_str!("i18n/en/ui_reports.json")),
    ("domain", include_str!("i18n/en/domain.json")),
    ("plans_bank", include_str!("i18n/en/plans_bank.json")),
    ("plans_securities", include_str!("i18n/en/plans_securities.json")),
    ("ui_timeline_print", include_str!("i18n/en/ui_timeline_print.json")),
    ("ui_merge", include_str!("i18n/en/ui_merge.json")),
    ("ui_restore", include_str!("i18n/en/ui_restore.json")),
    ("ui_saved", include_str!("i18n/en/ui_saved.json")),
    ("store_engine", include_str!("i18n/en/store_engine.json")),
];

static EN: OnceLock<HashMap<String, String>> = OnceLock::new();

fn english() -> &'static HashMap<String, String> {
    // In the browser: empty unless install_english came first (every key then shows as written).
    #[cfg(target_arch = "wasm32")]
    return EN.get_or_init(HashMap::new);
    #[cfg(not(target_arch = "wasm32"))]
    EN.get_or_init(|| {
        let mut map = HashMap::new();
        for (_, text) in FRAGMENTS {
            // A broken fragment fails the host test; here it only loses its entries.
            if let Ok(part) = serde_json::from_str::<HashMap<String, String>>(text) {
                map.extend(part);
            }
        }
        map
    })
}

/// Takes the English catalogue (the fragments merged into one JSON object) for this page
/// load. Once only, before the first text is looked up: after that the catalogue in use
/// stays. Returns how many entries it holds.
pub fn install_english(json: &str) -> Result<usize, String> {
    let map: HashMap<String, String> = serde_json::from_str(json).map_err(|e| format!("en.json: {e}"))?;
    let n = map.len();
    EN.set(map).map_err(|_| "the English catalogue was already in use".to_string())?;
    Ok(n)
}

/// The English for a Chinese key, if the catalogue has one.
pub fn english_of(zh: &str) -> Option<&'static str> {
    english().get(zh).map(String::as_str)
}

/// Fixed text in the current language. A key missing from the catalogue shows in
/// Chinese rather than blank; the host test makes sure none is missing.
///
/// One Chinese word can need two English ones ("演练": the menu's "Drills", a tag's
/// "Drill"). As in gettext, such a key starts with a context and U+0004:
/// `t("tag\u{4}演练")` shows "演练" in Chinese and the tag's own English.
pub fn t(key: &'static str) -> &'static str {
    match lang() {
        Lang::Zh => without_context(key),
        Lang::En => english_of(key).unwrap_or_else(|| without_context(key)),
    }
}

fn without_context(key: &str) -> &str {
    key.split_once('\u{4}').map_or(key, |(_, text)| text)
}

/// Text from data (a plan's duty, role or article) in the current language: the
/// catalogue covers the built-in plans; an institution's own wording shows as written.
pub fn tr(text: &str) -> String {
    match lang() {
        Lang::En => english_of(text).map(str::to_string).unwrap_or_else(|| text.to_string()),
        Lang::Zh => text.to_string(),
    }
}

/// Puts `args` into a template's `{0}`, `{1}`… (`{{` and `}}` are literal braces).
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut digits = String::new();
                let mut closed = false;
                while let Some(&d) = chars.peek() {
                    chars.next();
                    if d == '}' {
                        closed = true;
                        break;
                    }
                    digits.push(d);
                }
                match digits.parse::<usize>().ok().and_then(|i| args.get(i)).filter(|_| closed) {
                    Some(arg) => {
                        let _ = write!(out, "{arg}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(&digits);
                        if closed {
                            out.push('}');
                        }
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `tf!("已持续 {0}", d)`: a template in the current language with values put in.
#[macro_export]
macro_rules! tf {
    ($key:literal $(, $arg:expr)* $(,)?) => {
        $crate::domain::base::i18n::fill($crate::domain::base::i18n::t($key), &[$(&$arg as &dyn ::std::fmt::Display),*])
    };
}

#[cfg(test)]
#[path = "i18n_scan.rs"]
pub(crate) mod scan;

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
