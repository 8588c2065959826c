// Where a WebAssembly module's bytes go, by crate and by function, read from the module itself
// (no twiggy needed): function bodies from the code section, names from the "name" section,
// data segments (strings, built-in JSON, tables) as one row. Needs a build that kept names:
// bench/issue18.mjs runs wasm-bindgen and wasm-opt -Oz with -g (debug names) for that.
//
// Crate of a function: the first path segment of its symbol ("_ZN4core3fmt…" → core). For an
// impl ("<incident_desk::X as serde::Serialize>::serialize") the type's crate, where the code
// was written. Generic code takes the crate that defines it, not the one whose types made it:
// a view's closures monomorphised inside tachys count as tachys (the names carry no type
// arguments), which is what "monomorphised views" costs.
import { gzipSync } from 'node:zlib';

function reader(buf) {
  let pos = 0;
  const u8 = () => buf[pos++];
  const uleb = () => {
    let result = 0, shift = 0, b;
    do { b = buf[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  };
  const name = () => { const n = uleb(); const s = buf.subarray(pos, pos + n).toString('utf8'); pos += n; return s; };
  return { u8, uleb, name, get pos() { return pos; }, set pos(p) { pos = p; } };
}

/** Sections of the module: { id, name (custom), start, end }. */
function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const r = reader(buf);
  r.pos = 8;
  const out = [];
  while (r.pos < buf.length) {
    const id = r.u8();
    const size = r.uleb();
    const start = r.pos;
    let name = null;
    if (id === 0) name = r.name();
    out.push({ id, name, start: r.pos, end: start + size });
    r.pos = start + size;
  }
  return out;
}

function importedFunctions(buf, sec) {
  if (!sec) return 0;
  const r = reader(buf);
  r.pos = sec.start;
  let n = 0;
  for (let i = r.uleb(); i > 0; i--) {
    r.name(); r.name();
    const kind = r.u8();
    if (kind === 0) { r.uleb(); n++; } // function: type index
    else if (kind === 1) { r.u8(); const f = r.u8(); r.uleb(); if (f & 1) r.uleb(); } // table
    else if (kind === 2) { const f = r.u8(); r.uleb(); if (f & 1) r.uleb(); } // memory
    else if (kind === 3) { r.u8(); r.u8(); } // global
    else if (kind === 4) { r.u8(); r.uleb(); } // tag
  }
  return n;
}

function functionNames(buf, sec) {
  const names = new Map();
  if (!sec) return names;
  const r = reader(buf);
  r.pos = sec.start;
  while (r.pos < sec.end) {
    const sub = r.u8();
    const size = r.uleb();
    const next = r.pos + size;
    if (sub === 1) for (let i = r.uleb(); i > 0; i--) { const idx = r.uleb(); names.set(idx, r.name()); }
    r.pos = next;
  }
  return names;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The crate a symbol belongs to (see the file comment). */
export function crateOf(symbol) {
  if (!symbol) return '(unnamed)';
  if (/^(__wbg_|__wbindgen|__externref|__wbg)/.test(symbol) || symbol.startsWith('wasm_bindgen::')) return 'wasm_bindgen';
  let s = symbol;
  if (s.startsWith('_ZN')) {
    // Legacy mangling: <len><ident>… E. Decode the first segment only.
    const m = /^_ZN(\d+)/.exec(s);
    if (m) {
      const seg = s.substr(m[0].length, Number(m[1]));
      if (IDENT.test(seg)) return seg;
      // "_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..fmt..Debug$GT$": the type's crate first.
      const paths = seg.replace(/\$u20\$/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*\.\./g) || [];
      return paths.length ? paths[0].slice(0, -2) : '(generic)';
    }
  }
  // Demangled: "core::fmt::write", "<alloc::vec::Vec<T> as core::fmt::Debug>::fmt".
  const paths = s.match(/[A-Za-z_][A-Za-z0-9_]*::/g);
  if (paths) return paths[0].slice(0, -2);
  if (/^(memcpy|memset|memmove|memcmp|bcmp|__rust|__rdl|__rg|rust_|__multi|__ashl|__lsh|__udiv|__div|__mul)/.test(s)) return 'compiler_builtins/std';
  return '(other)';
}

/**
 * { total, code, data, other, crates: [{ crate, bytes, gzip, functions }], functions: [{ name, crate, bytes }] }
 * gzip per crate: its function bodies compressed on their own (an upper bound: shared
 * context across crates makes the whole module compress better than the sum).
 */
export function wasmSize(buf) {
  const secs = sections(buf);
  const byId = (id) => secs.find((s) => s.id === id);
  const imported = importedFunctions(buf, byId(2));
  const names = functionNames(buf, secs.find((s) => s.id === 0 && s.name === 'name'));
  const code = byId(10);
  const fns = [];
  if (code) {
    const r = reader(buf);
    r.pos = code.start;
    const count = r.uleb();
    for (let i = 0; i < count; i++) {
      const size = r.uleb();
      const start = r.pos;
      const name = names.get(imported + i) ?? null;
      fns.push({ name, crate: crateOf(name), bytes: size, start });
      r.pos = start + size;
    }
  }
  const groups = new Map();
  for (const f of fns) {
    const g = groups.get(f.crate) ?? { crate: f.crate, bytes: 0, functions: 0, parts: [] };
    g.bytes += f.bytes; g.functions++; g.parts.push(buf.subarray(f.start, f.start + f.bytes));
    groups.set(f.crate, g);
  }
  const data = byId(11);
  const crates = [...groups.values()].map((g) => ({ crate: g.crate, bytes: g.bytes, functions: g.functions, gzip: gzipSync(Buffer.concat(g.parts), { level: 9 }).length }));
  if (data) crates.push({ crate: '(data: strings, built-in JSON, tables)', bytes: data.end - data.start, functions: 0, gzip: gzipSync(buf.subarray(data.start, data.end), { level: 9 }).length });
  crates.sort((a, b) => b.bytes - a.bytes);
  const custom = secs.filter((s) => s.id === 0).reduce((n, s) => n + (s.end - s.start), 0);
  return {
    total: buf.length,
    code: code ? code.end - code.start : 0,
    data: data ? data.end - data.start : 0,
    custom,
    crates,
    functions: fns.map(({ name, crate, bytes }) => ({ name, crate, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
}
