//! A small lexer over the application's Rust source, for the catalogue tests
//! (`i18n_tests.rs`): every string literal, with whether it is a `t`/`tf!` key.

use std::path::{Path, PathBuf};

/// A line may keep a Chinese literal on purpose when it says so with this marker:
/// a language's own name, text only ever put into a document, or a stored value
/// (a phenomenon, an exchange) that screens show through `tr()`.
pub(super) const ZH_ONLY: &str = "// zh-only";

#[derive(Debug)]
pub(super) struct Literal {
    pub(super) text: String,
    pub(super) file: String,
    pub(super) line: usize,
    /// The first argument of `t(…)` or `tf!(…)`.
    pub(super) keyed: bool,
    /// On a line marked `// zh-only`.
    pub(super) exempt: bool,
}

pub(super) fn has_cjk(s: &str) -> bool {
    // CJK ideographs (with extension A and the compatibility block), CJK punctuation, full-width forms.
    s.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3400}'..='\u{4dbf}').contains(&c)
            || ('\u{f900}'..='\u{faff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff01}'..='\u{ffef}').contains(&c)
    })
}

/// The string literals of a Rust source, with whether each is a catalogue key.
/// A small lexer: comments, char literals, lifetimes and raw strings are skipped
/// correctly enough for this code base (the test below checks it on samples).
pub(super) fn literals(file: &str, src: &str) -> Vec<Literal> {
    let chars: Vec<char> = src.chars().collect();
    let lines: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0usize, 1usize);
    let mut code = String::new(); // what came before, outside literals and comments
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            code.push(c);
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 2;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                code.push(c);
                i += 1;
            }
        } else if c == '"' || (c == 'r' && (next == Some('"') || next == Some('#')) && !ident_char(code.chars().last())) {
            let start_line = line;
            let mut text = String::new();
            if c == 'r' {
                let mut hashes = 0;
                i += 1;
                while chars.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if chars.get(i) != Some(&'"') {
                    code.push('r');
                    continue;
                }
                i += 1;
                loop {
                    let Some(&d) = chars.get(i) else { break };
                    if d == '"' && (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#')) {
                        i += 1 + hashes;
                        break;
                    }
                    if d == '\n' {
                        line += 1;
                    }
                    text.push(d);
                    i += 1;
                }
            } else {
                i += 1;
                while let Some(&d) = chars.get(i) {
                    match d {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' => {
                            let e = chars.get(i + 1).copied().unwrap_or(' ');
                            i += 2;
                            match e {
                                'n' => text.push('\n'),
                                't' => text.push('\t'),
                                'r' => text.push('\r'),
                                '0' => text.push('\0'),
                                '\\' | '"' | '\'' => text.push(e),
                                'u' => {
                                    let mut hex = String::new();
                                    while let Some(&h) = chars.get(i) {
                                        i += 1;
                                        if h == '}' {
                                            break;
                                        }
                                        if h != '{' {
                                            hex.push(h);
                                        }
                                    }
                                    if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                        text.push(ch);
                                    }
                                }
                                '\n' => {
                                    line += 1;
                                    while chars.get(i).is_some_and(|w| w.is_whitespace()) {
                                        if chars[i] == '\n' {
                                            line += 1;
                                        }
                                        i += 1;
                                    }
                                }
                                other => text.push(other),
                            }
                        }
                        '\n' => {
                            line += 1;
                            text.push(d);
                            i += 1;
                        }
                        _ => {
                            text.push(d);
                            i += 1;
                        }
                    }
                }
            }
            let before = code.trim_end();
            let keyed = (before.ends_with("t(") && !ident_char(before.chars().rev().nth(2)))
                || before.ends_with("tf!(");
            let exempt = lines.get(start_line - 1).is_some_and(|l| l.contains(ZH_ONLY));
            out.push(Literal { text, file: file.to_string(), line: start_line, keyed, exempt });
            code.push_str("\"\"");
        } else {
            code.push(c);
            i += 1;
        }
    }
    out
}

pub(super) fn ident_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Every .rs file under `dir`, recursively, in a stable order (the domain's
/// source scans share it).
pub(crate) fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    paths
}

/// The application source, without test code.
pub(super) fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    rust_files(&root.join("src"))
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            if name.ends_with("_tests.rs") || name == "tests.rs" || name == "fixtures.rs" {
                return None;
            }
            let rel = p.strip_prefix(root).ok()?.to_str()?.replace('\\', "/");
            let src = std::fs::read_to_string(&p).ok()?;
            // Test modules sit at the end of a file (checked below).
            Some((rel, src[..test_module_start(&src)].to_string()))
        })
        .collect()
}

/// Where a file's inline `#[cfg(test)] mod … {` starts (or its end): a
/// `#[cfg(test)] mod x;` declaration is not a test module of this file.
pub(super) fn test_module_start(src: &str) -> usize {
    let mut from = 0;
    while let Some(at) = src[from..].find("\n#[cfg(test)]").map(|i| from + i) {
        let item = src[at + 1..].lines().skip(1).find(|l| !l.trim_start().starts_with("#["));
        if item.is_some_and(|l| l.starts_with("mod ") && l.trim_end().ends_with('{')) {
            return at;
        }
        from = at + 1;
    }
    src.len()
}
