#!/usr/bin/env node
// Writes <dir>/incident-desk.html: the whole app in one file (wasm, JS, CSS and icons
// inlined) that runs when double-clicked from a USB stick or a shared drive (file://),
// where nothing can be fetched and no service worker runs. Run after the release build:
//   node scripts/single_file.mjs dist
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syncOrigins } from './sync_origin.mjs';

const dir = process.argv[2];
if (!dir || !existsSync(path.join(dir, 'index.html'))) {
  console.error('usage: node scripts/single_file.mjs <dist-dir>  (after trunk build)');
  process.exit(2);
}
const read = (name) => readFileSync(path.join(dir, name));
const files = readdirSync(dir);
const one = (pattern) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) throw new Error(`expected one file matching ${pattern} in ${dir}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const wasmName = one(/^incident-desk-[0-9a-f]+_bg\.wasm$/);
const glueName = one(/^incident-desk-[0-9a-f]+\.js$/);
const cssName = one(/^main-[0-9a-f]+\.css$/);

// The wasm-bindgen glue as a plain script body: its exports become local names, and the
// module is handed over as bytes, so init never builds a URL from import.meta.
let glue = read(glueName).toString('utf8');
glue = glue.replace(/^export \{ initSync, __wbg_init as default \};\s*$/m, '');
glue = glue.replace(/^export (class|function|const|let) /gm, '$1 ');
if (/^export /m.test(glue)) throw new Error('the glue has an export this script does not know; update single_file.mjs');

// The later modules (build_wasm.mjs: split_* per split point, chunk_* shared) and their loader,
// __wasm_split.js, which the glue imports and which imports the glue's initSync. Here both are
// one script: the loader's exports become local names handed to the glue as the object it
// imported, and each chunk is read from this file instead of fetched.
// The glue imports it once per split point, each time under another name.
const splitImports = [...glue.matchAll(/^import \* as (\w+) from "\.\/(__wasm_split-[0-9a-f]+\.js)";?[ \t]*$/gm)];
if (splitImports.length === 0) throw new Error('the glue no longer imports ./__wasm_split-<hash>.js; update single_file.mjs');
if (new Set(splitImports.map((m) => m[2])).size !== 1) throw new Error('the glue imports more than one __wasm_split file; update single_file.mjs');
for (const m of splitImports) glue = glue.replace(m[0], '');
let linker = read(splitImports[0][2]).toString('utf8');
linker = linker.replace(/^import \{ initSync \} from "[^"]+";\s*$/m, '');
const linkerExports = [...linker.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]);
linker = linker.replace(/^export const /gm, 'const ');
if (/^(export|import) /m.test(linker)) throw new Error('__wasm_split.js has an import or export this script does not know; update single_file.mjs');
const chunkNames = files.filter((f) => /^(split|chunk)_.*\.wasm$/.test(f));
let fetched = 0;
linker = linker.replace(/fetch\(new URL\("\.\/((?:split|chunk)_[^"]+\.wasm)", import\.meta\.url\)\)/g, (_, name) => {
  if (!chunkNames.includes(name)) throw new Error(`__wasm_split.js asks for ${name}, which is not in ${dir}`);
  fetched++;
  return `Promise.resolve(new Response(__single_chunk(${JSON.stringify(name)}), { headers: { 'Content-Type': 'application/wasm' } }))`;
});
if (fetched !== chunkNames.length) throw new Error(`__wasm_split.js fetches ${fetched} chunk(s), ${dir} has ${chunkNames.length}; update single_file.mjs`);
const chunkScripts = chunkNames.map((name) => `<script type="application/octet-stream" id="chunk:${name}">${read(name).toString('base64')}</script>`).join('\n  ');
const split = `${linker}
const __single_split = { ${linkerExports.join(', ')} };
${splitImports.map((m) => `const ${m[1]} = __single_split;`).join('\n')}
function __single_chunk(name) {
  return Uint8Array.from(atob(document.getElementById('chunk:' + name).textContent.trim()), (c) => c.charCodeAt(0));
}
`;

const wasmBase64 = read(wasmName).toString('base64');
// The same browser check as the served page (build_wasm.mjs): where it fails,
// the static message shows and the module is never decoded.
const check = readFileSync(new URL('../public/browser-check.js', import.meta.url), 'utf8');
const loader = `${glue}
${split}
// The module travels inside this file: decode it and start the app.
// (Names are prefixed: the glue above declares its own, e.g. \`wasm\`.)
if (document.documentElement.getAttribute('data-browser') === 'ok') {
  const __single_bytes = Uint8Array.from(atob(document.getElementById('wasm').textContent.trim()), (c) => c.charCodeAt(0));
  __wbg_init({ module_or_path: __single_bytes })
    .then((wasm) => dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } })))
    .catch((err) => { document.documentElement.setAttribute('data-browser', 'failed'); console.error(err); });
}
`;
// The English catalogue (scripts/catalogue.mjs) for store::catalogue, which reads it here
// since a file:// page can fetch nothing. "<" escaped: no text in it can close the element.
const catalogue = read('en.json').toString('utf8').replace(/</g, '\\u003c');
const css = read(cssName).toString('utf8');
const icon = `data:image/svg+xml;base64,${read('icons/icon.svg').toString('base64')}`;

const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
// Only this file's own script and style run; nothing is fetched or sent anywhere but
// to the sync server SYNC_ORIGIN names, if set (sync_origin.mjs).
const policy = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${hash(check)} ${hash(loader)}`,
  `style-src ${hash(css)}`,
  'img-src data: blob:',
  syncOrigins().length ? `connect-src ${syncOrigins().join(' ')}` : "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

// The page's body as built: the frame shown while loading, the old-browser and failed-start
// messages, and the <noscript> text (index.html).
const index = read('index.html').toString('utf8');
const body = (index.match(/<body>([\s\S]*?)<\/body>/) || ['', ''])[1].trim();
const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${policy}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light">
  <meta name="theme-color" content="#9b1c1c">
  <title>应急处置台</title>
  <link rel="icon" href="${icon}" type="image/svg+xml">
  <style>${css}</style>
  <script type="application/octet-stream" id="wasm">${wasmBase64}</script>
  ${chunkScripts}
  <script type="application/json" id="catalogue-en">${catalogue}</script>
  <script>${check}</script>
  <script type="module">${loader}</script>
</head>
<body>
  ${body}
</body>
</html>
`;
const out = path.join(dir, 'incident-desk.html');
writeFileSync(out, html);
console.log(`single_file.mjs: ${out} ${(html.length / 1e6).toFixed(1)} MB (wasm ${(read(wasmName).length / 1e6).toFixed(1)} MB as base64)`);
