#!/usr/bin/env node
// Writes <dir>/en.json: the English catalogue (src/domain/base/i18n/en/*.json merged), which
// the browser build no longer carries inside the wasm (issue 18). The app fetches it before it
// draws in English (src/store/catalogue.rs); single_file.mjs inlines it. precache.mjs (run by
// make dist) writes it before it lists the files, so the service worker keeps it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'domain', 'base', 'i18n', 'en');

/** The fragments merged; a key two fragments give different English fails the build. */
export function merged() {
  const out = {};
  for (const name of readdirSync(source).filter((f) => f.endsWith('.json')).sort()) {
    const part = JSON.parse(readFileSync(path.join(source, name), 'utf8'));
    for (const [zh, en] of Object.entries(part)) {
      if (zh in out && out[zh] !== en) throw new Error(`catalogue.mjs: "${zh}" is "${out[zh]}" and, in ${name}, "${en}"`);
      out[zh] = en;
    }
  }
  return out;
}

/** Writes <dir>/en.json. */
export function writeCatalogue(dir) {
  const catalogue = merged();
  writeFileSync(path.join(dir, 'en.json'), JSON.stringify(catalogue));
  console.log(`catalogue.mjs: en.json, ${Object.keys(catalogue).length} entries`);
}
