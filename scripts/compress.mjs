#!/usr/bin/env node
// Writes <file>.gz and <file>.br beside every text or wasm asset under <dir>, so that a web
// server can send the smaller copy without compressing on each request (scripts/serve.mjs
// does; README gives nginx's gzip_static/brotli_static and IIS's settings for the same).
// Run by `make dist` after the single-file build:  node scripts/compress.mjs dist
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error('usage: node scripts/compress.mjs <dist-dir>');
  process.exit(2);
}
// What compresses: code, styles, pages, data. Icons as PNG are compressed already.
const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|webmanifest|svg|txt)$/i;

function walk(base) {
  return readdirSync(base, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(base, e.name);
    return e.isDirectory() ? walk(p) : e.isFile() ? [p] : [];
  });
}

let raw = 0, gz = 0, br = 0, n = 0;
for (const file of walk(dir)) {
  if (/\.(gz|br)$/.test(file)) {
    // A copy whose original is gone (an earlier build's hashed name) would be served stale.
    if (!existsSync(file.replace(/\.(gz|br)$/, ''))) rmSync(file);
    continue;
  }
  if (!COMPRESSIBLE.test(file)) continue;
  const buf = readFileSync(file);
  const g = gzipSync(buf, { level: 9 });
  const b = brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  });
  writeFileSync(`${file}.gz`, g);
  writeFileSync(`${file}.br`, b);
  raw += buf.length; gz += g.length; br += b.length; n++;
}
const kb = (x) => `${Math.round(x / 1024)} KB`;
console.log(`compress.mjs: ${n} files, ${kb(raw)} → gzip ${kb(gz)}, brotli ${kb(br)}`);
