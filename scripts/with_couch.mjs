// Runs a command with a CouchDB-compatible server beside it, then stops the server:
//   node scripts/with_couch.mjs <command> [args…]
// The server is pouchdb-server (npm, --in-memory) on 127.0.0.1:$COUCH_PORT (default
// 5987), with CORS on for any origin (the browser tests' pages come from a port of
// their own). The command gets COUCH_URL=http://127.0.0.1:PORT; its exit code is this
// script's. Nothing outlives it: the server is killed however the command ends.
// COUCH_DIR=… keeps the databases in that directory (emptied first) instead of memory,
// so the server can be stopped and started again with them: SIGUSR2 stops it, SIGHUP
// starts it (the e2e "server stopped mid-sync" test); COUCH_PIDFILE=… says where to
// write this script's pid for that.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.COUCH_PORT ?? 5987);
const URL_ = `http://127.0.0.1:${PORT}`;
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with_couch.mjs <command> [args…]');
  process.exit(2);
}

const bin = path.join(ROOT, 'node_modules', '.bin', 'pouchdb-server');
const DIR = process.env.COUCH_DIR;
if (DIR) {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
}
let server = null;
// In this script's process group: whoever kills the group (Playwright ending its web
// servers) takes the server too; an ordinary exit stops it below. The databases live
// in DIR (leveldown's prebuilt binding) or in memory.
function launch() {
  const where = DIR ? ['--dir', DIR] : ['--in-memory'];
  server = spawn(bin, [...where, '--host', '127.0.0.1', '--port', String(PORT), '--no-stdout-logs'], {
    cwd: DIR ?? '/tmp', stdio: ['ignore', 'ignore', 'inherit'],
  });
}
const stop = () => { try { server?.kill('SIGTERM'); } catch { /* gone already */ } };
process.on('exit', stop);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { stop(); process.exit(130); });
launch();

const put = (p, body) => fetch(`${URL_}/${p}`, { method: 'PUT', body: JSON.stringify(body) });
async function ready() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${URL_}/`)).ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pouchdb-server did not answer on ${URL_} within 10 s`);
}

async function configure() {
  await ready();
  for (const [k, v] of [['httpd/enable_cors', 'true'], ['cors/origins', '*'], ['cors/credentials', 'true'],
    ['cors/methods', 'GET, PUT, POST, HEAD, DELETE'], ['cors/headers', 'accept, authorization, content-type, origin, referer']]) {
    const r = await put(`_config/${k}`, v);
    if (!r.ok) throw new Error(`setting ${k}: ${r.status}`);
  }
  // Configured: a database by this name says so to whoever waits on the server.
  const marked = await put('with-couch-ready', null);
  if (!marked.ok && marked.status !== 412) throw new Error('marking the server ready');
}
try {
  await configure();
} catch (e) {
  console.error(`with_couch.mjs: ${e.message}`);
  stop();
  process.exit(1);
}
console.error(`with_couch.mjs: pouchdb-server on ${URL_}${DIR ? ` (databases in ${DIR})` : ''}`);
if (process.env.COUCH_PIDFILE) writeFileSync(process.env.COUCH_PIDFILE, String(process.pid));
let stopped = Promise.resolve();
process.on('SIGUSR2', () => {
  if (!server) return;
  const old = server;
  // Started again only once this one is gone (its port and its LevelDB lock).
  stopped = old.exitCode !== null ? Promise.resolve() : new Promise((resolve) => old.once('exit', resolve));
  stop();
  server = null;
});
process.on('SIGHUP', async () => {
  if (server) return;
  await stopped;
  launch();
  configure().catch((e) => console.error(`with_couch.mjs: started again, but ${e.message}`));
});
const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, COUCH_URL: URL_ } });
child.on('exit', (code, signal) => { stop(); process.exit(code ?? (signal ? 1 : 0)); });
