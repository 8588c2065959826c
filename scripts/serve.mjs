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

  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
});

server.listen(port, host, () => {
  console.log(`serving ${dirArg} at http://${host}:${port}`);
});

// Exit cleanly when Playwright (or Ctrl-C) stops us.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
