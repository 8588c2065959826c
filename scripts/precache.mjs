#!/usr/bin/env node
// Writes <dir>/sw.js from public/sw.template.js with the list of files to precache.
// Run by `make dist` after build_wasm.mjs (it lists the wasm modules, so not before):
//   node scripts/precache.mjs <dir>
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncOrigins } from './sync_origin.mjs';
import { writeCatalogue } from './catalogue.mjs';

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error('usage: node scripts/precache.mjs <dist-dir>');
  process.exit(2);
}
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const template = readFileSync(path.join(repo, 'public', 'sw.template.js'), 'utf8');

// The template is build input, not an app file: drop it if a copy-dir put it in dist.
rmSync(path.join(dir, 'sw.template.js'), { force: true });
// The English catalogue is an app file (en.json): there before the list is made.
writeCatalogue(dir);

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

// Content-Security-Policy, added before the precache list is hashed. build_wasm.mjs writes
// two inline scripts (the browser check and the wasm loader); they are allowed by their
// hashes and nothing else inline runs. No connection leaves the app's origin but to the sync
// server SYNC_ORIGIN names, if set (sync_origin.mjs); user text can never become script.
const indexPath = path.join(dir, 'index.html');
if (existsSync(indexPath)) {
  let html = readFileSync(indexPath, 'utf8').replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  const policy = [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${inline.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data: blob:",
    ["connect-src 'self'", ...syncOrigins()].join(' '),
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  html = html.replace(/<meta charset="utf-8">/, `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
  writeFileSync(indexPath, html);
  console.log(`precache.mjs: CSP with ${inline.length} inline script hash(es)`);
}

// Every file under dir, as POSIX paths relative to it, sorted by code point.
function walk(base, sub = '') {
  const out = [];
  for (const entry of readdirSync(path.join(base, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(base, rel));
    else if (entry.isFile() && rel !== 'sw.js') out.push(rel);
  }
  return out;
}
const files = walk(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

// Build version: hash of (path, content hash) pairs, so any changed file changes it.
const manifest = files.map((f) => `${f}\0${sha256(readFileSync(path.join(dir, f)))}\n`).join('');
const version = sha256(manifest).slice(0, 12);

const urls = files.map((f) => './' + f.split('/').map(encodeURIComponent).join('/'));
if (files.includes('index.html')) urls.unshift('./'); // the start_url of the manifest

// split/join rather than String.replace, whose replacement string treats "$" specially.
const fill = (text, token, value) => {
  if (text.split(token).length !== 2) {
    console.error(`precache.mjs: ${token} must appear exactly once in public/sw.template.js`);
    process.exit(1);
  }
  return text.split(token).join(value);
};
const sw = fill(fill(template, '__PRECACHE__', JSON.stringify(urls, null, 2)), '__VERSION__', version);
writeFileSync(path.join(dir, 'sw.js'), sw);
console.log(`precache.mjs: sw.js version ${version}, ${urls.length} URLs`);
