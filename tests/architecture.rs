//! The invariants of docs/ARCHITECTURE.md, checked by reading the source: which
//! layer may name which, where browser storage is touched, how long a file may
//! grow, and that the map names every folder. That `src/domain` names no browser
//! crate and no layer above it, and keeps its folders' order, is checked by the
//! domain's own `layering_tests.rs`.

use std::path::{Path, PathBuf};

/// Every .rs file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The file's code lines (comments dropped), with their numbers.
fn code(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().enumerate().map(|(n, l)| (n + 1, l.trim().to_string())).filter(|(_, l)| !l.starts_with("//")).collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// Lines in the files under `dir` naming any of `forbidden`, as "file:line: text".
fn naming(dir: &str, forbidden: &[&str], except: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(&root().join(dir)) {
        let name = relative(&file);
        if except(&name) {
            continue;
        }
        for (n, line) in code(&file) {
            if forbidden.iter().any(|f| line.contains(f)) {
                found.push(format!("{name}:{n}: {line}"));
            }
        }
    }
    found
}

const BROWSER: &[&str] = &["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"];

#[test]
fn the_desk_names_neither_the_browser_nor_the_store_nor_the_views() {
    let mut forbidden = BROWSER.to_vec();
    forbidden.extend(["crate::store", "crate::ui"]);
    let found = naming("src/desk", &forbidden, |_| false);
    assert!(found.is_empty(), "src/desk runs on the host and reaches storage through its port:\n{}", found.join("\n"));
}

#[test]
fn the_store_never_names_the_views() {
    let found = naming("src/store", &["crate::ui"], |_| false);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn only_the_store_touches_browser_storage_or_the_network() {
    let storage = ["local_storage", "web_sys::Storage", "gloo_storage", "indexed_db", "IdbFactory", "session_storage", "fetch_with", "XmlHttpRequest", "WebSocket"];
    let found = naming("src", &storage, |f| f.starts_with("src/store/"));
    assert!(found.is_empty(), "browser storage and the network belong to src/store:\n{}", found.join("\n"));
}

#[test]
fn views_reach_the_store_only_through_the_state_and_the_shell() {
    let found = naming("src/ui", &["crate::store", "super::store", "incident_desk::store"], |f| f == "src/ui/state.rs" || f.starts_with("src/ui/state/") || f.starts_with("src/ui/shell/"));
    assert!(found.is_empty(), "a view must go through AppState:\n{}", found.join("\n"));
}

#[test]
fn no_source_file_is_over_400_lines() {
    let mut long = Vec::new();
    for dir in ["src", "tests"] {
        for file in rust_files(&root().join(dir)) {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            if lines > 400 {
                long.push(format!("{}: {lines} lines", relative(&file)));
            }
        }
    }
    assert!(long.is_empty(), "split these by concern:\n{}", long.join("\n"));
}

#[test]
fn the_map_names_every_folder_of_the_source() {
    let map = std::fs::read_to_string(root().join("docs/ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    let mut folders = vec![root().join("src")];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && rust_files(&path).iter().any(|f| f.parent() == Some(path.as_path())) {
                let name = format!("{}/", relative(&path));
                if !map.contains(&name) {
                    missing.push(name);
                }
                folders.push(path);
            }
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "docs/ARCHITECTURE.md does not name: {missing:?}");
}

#[test]
fn the_app_sorts_only_through_domain_base_sort() {
    // Each `slice::sort*` call site is a copy of std's sort in the wasm (issue 18); the
    // module sorts once for all. Tests (files *_tests.rs, and `mod tests` at a file's end)
    // may compare with std.
    let calls = [".sort()", ".sort_by(", ".sort_by_key(", ".sort_unstable", ".sort_by_cached_key("];
    let mut found = Vec::new();
    for file in rust_files(&root().join("src")) {
        let name = relative(&file);
        if name.ends_with("_tests.rs") || name.ends_with("base/sort.rs") || name.ends_with("i18n_scan.rs") {
            continue;
        }
        for (n, line) in code(&file).into_iter().take_while(|(_, l)| l != "#[cfg(test)]") {
            if calls.iter().any(|c| line.contains(c)) {
                found.push(format!("{name}:{n}: {line}"));
            }
        }
    }
    assert!(found.is_empty(), "sort with domain::base::sort::{{by, by_key, natural}}:\n{}", found.join("\n"));
}
