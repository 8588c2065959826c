//! The domain's shape, checked on every host test run: it stays plain Rust (no
//! browser, no storage, no shell), its folders stand in one order from the ground
//! up with every import pointing down or sideways, and no file outgrows a reading.
//! A file is read as code: comments and string literals are blanked first.

use std::path::Path;

/// The folders from the ground up. A file may import from its own folder or one
/// before it in this list, never from one after it.
const ORDER: [&str; 9] = ["base", "events", "plans", "incidents", "business", "drills", "reports", "files", "sync"];

/// Longer than this and a file holds more than one concern: split it by concern.
const MAX_LINES: usize = 400;

/// Crates and shell modules the functional core never touches.
const FORBIDDEN: [&str; 8] = ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen", "crate::store", "crate::ui", "crate::desk"];

/// The source with comments, string and char literals blanked (lines kept), so
/// that only code is matched.
fn code_of(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            while i < c.len() && !(c[i] == '*' && c.get(i + 1) == Some(&'/')) {
                out.push(blank(c[i]));
                i += 1;
            }
            i += 2;
        } else if c[i] == 'r' && (next == Some('"') || next == Some('#')) && !out.chars().last().is_some_and(|p| p.is_alphanumeric() || p == '_') {
            let mut j = i + 1;
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            j += 1;
            while j < c.len() && !(c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#'))) {
                out.push(blank(c[j]));
                j += 1;
            }
            out.push_str("\"\"");
            i = j + 1 + hashes;
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = c.get(i) {
                    out.push(blank(ch));
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if c[i] == '\'' && (next == Some('\\') || c.get(i + 2) == Some(&'\'')) {
            // A char literal ('x', '\n', '\u{..}'); a lifetime ('a) is code.
            i += 1;
            while i < c.len() && c[i] != '\'' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            out.push_str("' '");
            i += 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The first name of each path a `crate::domain::` reference starts, through brace
/// groups (`crate::domain::{base::time, events::{…}}` gives `base`, `events`).
fn domain_heads(code: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::domain::") {
        rest = &rest[at + "crate::domain::".len()..];
        let after = rest.trim_start();
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 1;
            let mut item_start = true;
            let mut word = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_start = true,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && item_start {
                    if ch.is_alphanumeric() || ch == '_' || ch == '*' {
                        word.push(ch);
                    } else if !word.is_empty() {
                        heads.push(std::mem::take(&mut word));
                        item_start = false;
                    }
                }
            }
            if !word.is_empty() {
                heads.push(word);
            }
        } else {
            heads.push(after.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '*').collect());
        }
    }
    heads
}

/// What is wrong with one file: `rel` is its path under src/domain ("business/ledger.rs").
fn violations(rel: &str, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lines = src.lines().count();
    if lines > MAX_LINES {
        out.push(format!("{rel}: {lines} lines, over {MAX_LINES}: split it by concern"));
    }
    let code = code_of(src);
    for bad in FORBIDDEN {
        let found = code.match_indices(bad).any(|(at, _)| {
            let before = code[..at].chars().last();
            let after = code[at + bad.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || (c == ':' && !bad.starts_with("crate")))
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        });
        if found {
            out.push(format!("{rel}: uses {bad}: the domain is plain Rust, without the browser or the shell"));
        }
    }
    if code.contains("super::super") {
        out.push(format!("{rel}: reaches up with super::super: name domain paths from crate::domain"));
    }
    let own = rel.split_once('/').map(|(folder, _)| folder);
    let Some(own) = own else { return out }; // the domain root (mod.rs) only declares and re-exports
    let Some(own_rank) = ORDER.iter().position(|f| *f == own) else {
        out.push(format!("{rel}: folder {own} is not in the layering order"));
        return out;
    };
    for head in domain_heads(&code) {
        match ORDER.iter().position(|f| *f == head) {
            Some(rank) if rank > own_rank => out.push(format!("{rel}: imports from {head}, a folder above {own}")),
            Some(_) => {}
            None => out.push(format!("{rel}: imports crate::domain::{head}: use the real path, not the domain root")),
        }
    }
    out
}

fn domain_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    crate::domain::base::i18n::scan::rust_files(&root)
        .into_iter()
        .map(|p| (p.strip_prefix(&root).unwrap().to_str().unwrap().replace('\\', "/"), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn the_domain_keeps_its_layers() {
    let files = domain_files();
    assert!(files.len() > 40, "the scan found the domain's files");
    let found: Vec<String> = files.iter().flat_map(|(rel, src)| violations(rel, src)).collect();
    assert!(found.is_empty(), "{} layering problems:\n{}", found.len(), found.join("\n"));
}

#[test]
fn every_folder_is_in_the_order_and_declared() {
    let root = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain/mod.rs")).unwrap();
    let declared: Vec<&str> = root.lines().filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';')).collect();
    assert_eq!(declared, ORDER, "src/domain/mod.rs declares the folders in the layering order");
}

#[test]
fn the_checker_sees_each_kind_of_violation() {
    let ok = "use crate::domain::base::time::to_beijing;\nuse crate::domain::{events::event::Event, plans::plan::Plan};\n\
              // crate::domain::files is only named in a comment\nconst S: &str = \"leptos::view! crate::domain::reports\";\n";
    assert_eq!(violations("incidents/x.rs", ok), Vec::<String>::new());
    let up = "use crate::domain::reports::report::draft;\n";
    assert_eq!(violations("incidents/x.rs", up), vec!["incidents/x.rs: imports from reports, a folder above incidents"]);
    let nested = "use crate::domain::{base::{time::X, level::Level}, drills::drill::score};\n";
    assert_eq!(violations("plans/x.rs", nested), vec!["plans/x.rs: imports from drills, a folder above plans"]);
    let root = "use crate::domain::{Event, base::time};\n";
    assert_eq!(violations("files/x.rs", root).len(), 1, "a root re-export is not a real path");
    let shell = "fn f() { let w = web_sys::window(); }\nuse leptos::prelude::*;\nuse crate::store::local;\n";
    assert_eq!(violations("base/x.rs", shell).len(), 3);
    assert!(violations("base/x.rs", "fn gloo_like() {}\nlet my_leptos = 1;\n").is_empty(), "names that merely contain a crate's name");
    let long = "\n".repeat(MAX_LINES + 1);
    assert_eq!(violations("base/x.rs", &long).len(), 1);
    assert_eq!(violations("base/x.rs", &"\n".repeat(MAX_LINES)).len(), 0);
}
