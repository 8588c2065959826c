// The server's rule (src/domain/sync/design.rs, VALIDATE) run as CouchDB runs it: a
// function of (newDoc, oldDoc, userCtx) that throws {forbidden} to refuse a write.
// Plain Node, no server: `node tests/sync/validate_rule.mjs` (part of `make test-native`).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const source = readFileSync(new URL('../../src/domain/sync/design.rs', import.meta.url), 'utf8');
const text = source.match(/pub const VALIDATE: &str = r#"([\s\S]*?)"#;/)?.[1];
assert.ok(text, 'VALIDATE found in design.rs');
const validate = new Function(`return (${text});`)();

const user = { name: 'branch', roles: [] };
const admin = { name: 'admin', roles: ['_admin'] };
const refused = (doc, old = null, ctx = user) => {
  try { validate(doc, old, ctx); return null; } catch (e) { assert.ok(e && e.forbidden, `threw ${JSON.stringify(e)}`); return e.forbidden; }
};
// As `event_doc::to_doc` writes one.
const event = { id: 'n1', occurred_at: '2026-11-23T01:02:00Z', recorded_at: '2026-11-23T01:02:00Z', author: { name: '李四', role: '值班' }, kind: { type: 'Note', text: '已通知', major: false } };
const doc = { _id: 'ev:inc-1:n1', type: 'incident-desk/event', v: 1, incident: 'inc-1', digest: 'ab'.repeat(32), event };
const with_ = (patch) => ({ ...structuredClone(doc), ...patch });

const cases = [
  ['a new event document is taken', refused(doc), null],
  ['an event document is never updated', refused(with_({ _rev: '1-a' }), doc), 'an event document is never changed or deleted'],
  ['nor deleted', refused({ _id: doc._id, _rev: '1-a', _deleted: true }, doc), 'an event document is never changed or deleted'],
  ['nor "deleted" before it exists', refused({ _id: doc._id, _deleted: true }), 'an event document is never changed or deleted'],
  ['not even by an administrator', refused(with_({ _rev: '1-a' }), doc, admin), 'an event document is never changed or deleted'],
  ['the wrong type', refused(with_({ type: 'other' })), 'not an event document of Incident Desk'],
  ['no digest', refused(with_({ digest: undefined })), 'not an event document of Incident Desk'],
  ['an incident id out of form', refused(with_({ incident: 'inc 1', _id: 'ev:inc 1:n1' })), 'not an event document of Incident Desk'],
  ['no event', refused(with_({ event: null })), 'not an event document of Incident Desk'],
  ['an id naming another entry', refused(with_({ _id: 'ev:inc-1:n2' })), 'the id does not name its incident and event'],
  ['a shared document (plans, directory) may be updated', refused({ _id: 'doc:plans', _rev: '3-x', type: 'incident-desk/document', body: {} }, { _id: 'doc:plans' }), null],
  ['but not deleted', refused({ _id: 'doc:plans', _deleted: true }, { _id: 'doc:plans' }), 'a shared document is never deleted'],
  ['nor of another shape', refused({ _id: 'doc:plans', type: 'incident-desk/document', body: 'x' }), 'not a shared document of Incident Desk'],
  ['the rules change only by an administrator', refused({ _id: '_design/incident-desk' }), 'only an administrator changes the rules of this database'],
  ['an administrator may', refused({ _id: '_design/incident-desk' }, null, admin), null],
  ['anything else is refused', refused({ _id: 'mine', x: 1 }), 'not a document of Incident Desk'],
];
for (const [what, got, want] of cases) assert.equal(got, want, what);
console.log(`validate_rule.mjs: ${cases.length} cases as expected`);
