#!/usr/bin/env node
// Tiny dependency-free static file server for the built app (dist/).
// Usage: node scripts/serve.mjs <dir> <port>
// Binds 127.0.0.1 only; used by `make serve` and by Playwright's webServer.
// COUCH_PROXY=http://127.0.0.1:5988 forwards /couch/… to that CouchDB, as an intranet web
// server would (docs/SYNC.md: the same origin, so the app's CSP needs no other).
import { createServer, request as forward } from 'node:http';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

const dirArg = process.argv[2] || 'dist';
const root = path.resolve(dirArg);
const port = Number(process.argv[3] || 8080);
const host = '127.0.0.1';

if (!existsSync(root)) {
  console.error(`serve.mjs: ${dirArg} does not exist (run \`make dist\` first)`);
  process.exit(1);
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm', // required for WebAssembly.instantiateStreaming
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(body);
}

const COUCH = process.env.COUCH_PROXY ? new URL(process.env.COUCH_PROXY) : null;

const server = createServer(async (req, res) => {
  if (COUCH && (req.url === '/couch' || req.url.startsWith('/couch/'))) {
    const upstream = forward({ host: COUCH.hostname, port: COUCH.port, method: req.method, path: req.url.slice('/couch'.length) || '/',
      headers: { ...req.headers, host: COUCH.host } }, (up) => { res.writeHead(up.statusCode, up.headers); up.pipe(res); });
    // The server gone: 502 if nothing was sent yet, else the answer cut (a long poll held open).
    upstream.on('error', () => (res.headersSent ? res.destroy() : send(res, 502, 'sync server not reachable\n')));
    return req.pipe(upstream);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  let rel;
  try {
    // Decode the raw path ourselves: new URL() would silently resolve "/../x" to "/x".
    rel = decodeURIComponent(req.url.split(/[?#]/)[0]);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  // Reject traversal outright (".." segments, NUL, backslashes) instead of normalising them away.
  if (!rel.startsWith('/') || rel.includes('\0') || rel.includes('\\') || rel.split('/').includes('..')) {
    return send(res, 403, 'forbidden\n');
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(root, rel);
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'forbidden\n');

  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return send(res, 404, 'not found\n');
  }
  if (!stat.isFile()) return send(res, 404, 'not found\n'); // no directory listings

  // A hashed asset (Trunk and build_wasm.mjs name them name-<16 hex>) never changes: cache it for a year. The
  // page, the service worker and everything else are checked on each load (no-cache), so a
  // new build is seen at once. The precompressed copy (compress.mjs) goes out when the
  // browser takes it; Vary tells caches the answer depends on Accept-Encoding.
  const hashed = /-[0-9a-f]{16}(_bg)?\.(wasm|js|css)$/.test(file);
  // A copy older than its original is stale (the file was replaced after `make dist`): not sent.
  const accepts = String(req.headers['accept-encoding'] || '');
  const fresh = async (f) => { try { return (await fs.stat(f)).mtimeMs >= stat.mtimeMs; } catch { return false; } };
  let [encoding, sent] = [null, file];
  for (const [e, f] of [['br', `${file}.br`], ['gzip', `${file}.gz`]]) {
    if (new RegExp(`\\b${e}\\b`).test(accepts) && (await fresh(f))) { [encoding, sent] = [e, f]; break; }
  }
  if (encoding) stat = await fs.stat(sent);
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
  const headers = {
    'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'ETag': etag,
    'Vary': 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  res.writeHead(200, { ...headers, 'Content-Length': stat.size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(sent).on('error', () => res.destroy()).pipe(res);
});

server.listen(port, host, () => {
  console.log(`serving ${dirArg} at http://${host}:${port}`);
});

// Exit cleanly when Playwright (or Ctrl-C) stops us.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
