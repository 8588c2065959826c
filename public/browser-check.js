// Runs before anything else is fetched (inlined into index.html and the single file by the
// build: scripts/build_wasm.mjs, scripts/single_file.mjs). It asks the browser for what
// this build needs and writes the answer on <html data-browser>: "ok" lets the loader fetch
// the app; "old" shows the static message in index.html instead (style/main.css), so a
// browser that cannot run the app downloads nothing and still says why. Plain ES5 on purpose:
// it must run in the browsers it turns away.
(function () {
  'use strict';
  var root = document.documentElement;
  // The remembered screen language, so that "loading" is said in it (the app sets it again).
  try {
    if (localStorage.getItem('incident-desk:setting:lang') === '"en"') root.lang = 'en';
  } catch (e) { /* storage blocked: the app says so once it runs */ }

  var HEADER = [0, 97, 115, 109, 1, 0, 0, 0];
  function valid(body) {
    try {
      return WebAssembly.validate(new Uint8Array(HEADER.concat(body)));
    } catch (e) {
      return false;
    }
  }
  // One tiny module per WebAssembly feature the release build uses, named as binaryen names
  // them. tests/e2e/first_paint.spec.ts validates the built module with exactly these (all are
  // needed, none is missing). What the versions in index.html rest on: README, "Browsers".
  var FEATURES = {
    // func () -> i32 { i32.const 0; i32.extend8_s }
    'sign-ext': [1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 7, 1, 5, 0, 65, 0, 192, 11],
    // an imported mutable i32 global (the two modules share the stack pointer this way)
    'mutable-globals': [2, 8, 1, 1, 97, 1, 98, 3, 127, 1],
    // func () -> i32 { f32.const 0; i32.trunc_sat_f32_s }
    'nontrapping-float-to-int': [1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 11, 1, 9, 0, 67, 0, 0, 0, 0, 252, 0, 11],
    // func () { memory.copy 0 0 0 } with one page of memory
    'bulk-memory-opt': [1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1, 10, 14, 1, 12, 0, 65, 0, 65, 0, 65, 0, 252, 10, 0, 0, 11],
    // func () -> (i32, i32)
    'multivalue': [1, 6, 1, 96, 0, 2, 127, 127, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 65, 0, 11],
    // func () -> externref { ref.null extern }
    'reference-types': [1, 5, 1, 96, 0, 1, 111, 3, 2, 1, 0, 10, 6, 1, 4, 0, 208, 111, 11]
  };
  var missing = [];
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') {
    missing.push('WebAssembly');
  } else {
    for (var name in FEATURES) if (!valid(FEATURES[name])) missing.push('WebAssembly ' + name);
  }
  // The loader is a module script with import(); the app uses BigInt (64-bit values across
  // the wasm boundary) and TextDecoder for files. Not IndexedDB: without it (some private
  // windows, policies) the app runs on localStorage and says so itself.
  if (!('noModule' in document.createElement('script'))) missing.push('JavaScript modules');
  if (typeof BigInt !== 'function') missing.push('BigInt');
  if (typeof TextDecoder !== 'function') missing.push('TextDecoder');
  window.__deskMissing = missing;
  root.setAttribute('data-browser', missing.length ? 'old' : 'ok');
})();
