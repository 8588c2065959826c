#!/usr/bin/env node
// The Rust part of the release build, in several wasm modules (issue 18, docs/PERFORMANCE.md):
//   1. cargo build --release --features split, linked with relocations (wasm-split needs them);
//   2. wasm-split-cli: the main module, one split_<name>.wasm per split point (the screens used less
//      often, ui::shell::later_screens; the list's tools and the incident page's chart, the two
//      later_parts.rs), chunk_<n>.wasm for code two of them share, and __wasm_split.js that loads them;
//   3. wasm-bindgen on the main module (keeping the linker's exports the chunks link against);
//   4. wasm-opt -Oz on every module;
//   5. into <dist>: incident-desk-<hash>_bg.wasm, incident-desk-<hash>.js, __wasm_split-<hash>.js and
//      each split_/chunk_ module with -<hash> (names hashed by content), and the loader in index.html:
//      public/browser-check.js inline, then a module script that starts the app only where the
//      check passed.
// Trunk 0.21 runs cargo and wasm-bindgen as one step, so it builds only the page, the CSS and the
// copied files; `make dist` runs this after it, then precache.mjs.
//   node scripts/build_wasm.mjs dist
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || 'dist');
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('usage: node scripts/build_wasm.mjs <dist-dir>  (after trunk build)');
  process.exit(2);
}
const NAME = 'incident-desk';
// Its own target dir: other flags than the tests' builds, which would otherwise rebuild each time.
const TARGET = path.join(ROOT, 'target', 'split');
const WORK = path.join(TARGET, 'out');

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`build_wasm.mjs: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

// 1. cargo. RUSTFLAGS replaces .cargo/config.toml's rustflags, so erase_components is named again.
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--bin', NAME, '--features', 'split'], {
  CARGO_TARGET_DIR: TARGET,
  RUSTFLAGS: '--cfg erase_components -Clink-args=--emit-relocs',
});
const linked = path.join(TARGET, 'wasm32-unknown-unknown', 'release', `${NAME}.wasm`);

// 2. split.
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
run('wasm-split-cli', [linked, WORK, '--out-name', NAME]);
const chunks = readdirSync(WORK).filter((f) => f.endsWith('.wasm') && f !== `${NAME}.wasm`);
if (chunks.length === 0) {
  console.error('build_wasm.mjs: wasm-split-cli wrote no chunk (is the split point still in ui::shell::later_screens?)');
  process.exit(1);
}

// 3. bindgen, 4. optimise.
const bound = path.join(WORK, 'bound');
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--no-demangle', '--out-dir', bound, path.join(WORK, `${NAME}.wasm`)]);
run('wasm-opt', ['-Oz', path.join(bound, `${NAME}_bg.wasm`), '-o', path.join(bound, 'main.wasm')]);
for (const c of chunks) run('wasm-opt', ['-Oz', path.join(WORK, c), '-o', path.join(bound, c)]);

// 5. into dist, every name hashed by content (16 hex digits, as Trunk's), so a page loaded
// before a new build was put up never mixes its modules with the new build's: it asks for its
// own files by their names, and a name that is gone fails as "not loaded", never as a mismatch.
const stale = /^(incident-desk-[0-9a-f]{16}(_bg\.wasm|\.js)|__wasm_split-[0-9a-f]{16}\.js|(split|chunk)_.*\.wasm)$/;
for (const f of readdirSync(dist)) if (stale.test(f)) rmSync(path.join(dist, f));
// One hash over everything the build made, in every name: the files name one another (the
// glue imports the loader, the loader the glue and every module), so any change renames all.
const main = readFileSync(path.join(bound, 'main.wasm'));
const glue = readFileSync(path.join(bound, `${NAME}.js`), 'utf8');
let linker = readFileSync(path.join(WORK, '__wasm_split.js'), 'utf8');
const chunkBytes = chunks.map((c) => readFileSync(path.join(bound, c)));
const whole = createHash('sha256');
for (const part of [main, ...chunkBytes, Buffer.from(glue), Buffer.from(linker)]) whole.update(part);
const hash = whole.digest('hex').slice(0, 16);
const wasmName = `${NAME}-${hash}_bg.wasm`;
const glueName = `${NAME}-${hash}.js`;
const linkerName = `__wasm_split-${hash}.js`;
writeFileSync(path.join(dist, wasmName), main);
chunks.forEach((c, i) => {
  const hashed = c.replace(/\.wasm$/, `-${hash}.wasm`);
  if (!linker.includes(`"./${c}"`)) throw new Error(`build_wasm.mjs: __wasm_split.js does not fetch ./${c}; update this script`);
  linker = linker.split(`"./${c}"`).join(`"./${hashed}"`);
  writeFileSync(path.join(dist, hashed), chunkBytes[i]);
});
const importLine = `from "./${NAME}.js"`;
if (!linker.includes(importLine)) throw new Error(`build_wasm.mjs: __wasm_split.js no longer imports ${importLine}; update this script`);
writeFileSync(path.join(dist, linkerName), linker.replace(importLine, `from "./${glueName}"`));
if (!glue.includes('from "./__wasm_split.js"')) throw new Error('build_wasm.mjs: the glue no longer imports ./__wasm_split.js; update this script');
// Every import of it (one per split point). The wasm's import-module keys keep the plain name.
writeFileSync(path.join(dist, glueName), glue.split('from "./__wasm_split.js"').join(`from "./${linkerName}"`));

// The loader: the browser check first, then the app where it passed. No top-level await, so
// older Chromium builds parse it; no preload links, so a browser turned away downloads nothing.
const check = readFileSync(path.join(ROOT, 'public', 'browser-check.js'), 'utf8');
const loader = `<script>${check}</script>
<script type="module">
if (document.documentElement.getAttribute('data-browser') === 'ok') {
  const bytes = fetch('./${wasmName}');
  import('./${glueName}')
    .then((glue) => glue.default({ module_or_path: bytes }))
    .then((wasm) => dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } })))
    .catch((err) => { document.documentElement.setAttribute('data-browser', 'failed'); console.error(err); });
}
</script>
`;
const indexPath = path.join(dist, 'index.html');
const html = readFileSync(indexPath, 'utf8');
// Where index.html's skipped rust link stands (Trunk leaves it as written, with its id).
const slot = /<link data-trunk rel="rust"[^>]*>\s*/;
if (!slot.test(html)) throw new Error('build_wasm.mjs: no <link data-trunk rel="rust" data-trunk-skip> in the built index.html (run trunk build first)');
writeFileSync(indexPath, html.replace(slot, () => loader));
console.log(`build_wasm.mjs: ${wasmName} ${Math.round(main.length / 1024)} KB, ${readdirSync(dist).filter((f) => /^(split|chunk)_/.test(f)).map((c) => `${c} ${Math.round(readFileSync(path.join(dist, c)).length / 1024)} KB`).join(', ')}`);
