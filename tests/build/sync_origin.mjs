// SYNC_ORIGIN as the build takes it (scripts/sync_origin.mjs): origins pass, anything
// that would widen the policy (a wildcard, a path, a scheme alone, quotes) is refused
// with a message naming it. Run by `make test-native`.
import assert from 'node:assert/strict';
import { syncOrigins } from '../../scripts/sync_origin.mjs';

assert.deepEqual(syncOrigins(''), []);
assert.deepEqual(syncOrigins('https://couch.example.bank:6984'), ['https://couch.example.bank:6984']);
assert.deepEqual(syncOrigins(' https://a.example  http://10.1.2.3:5984 '), ['https://a.example', 'http://10.1.2.3:5984']);
for (const bad of ['*', 'https://*.example', 'https:', 'https://a.example/db', "'self'", 'couch.example', 'https://a.example;script-src *', 'HTTPS://A.EXAMPLE/']) {
  assert.throws(() => syncOrigins(bad), /SYNC_ORIGIN/, bad);
}
console.log('sync_origin.mjs: ok');
