// The app's IndexedDB (src/store/idb.rs, start.rs) seen from a test: read it, plant
// values in it, make its writes fail, or take it away so the app runs on localStorage.
//
// Database `incident-desk`, version 2:
// - `events`: key [incident_id, position], value {event: JSON or sealed string, link}
// - `incidents`: key incident id, value {id, summary, count, head, settled}; index `settled` (0 or 1)
// - `quarantine`: key incident id, value raw text; `settings`: `layout` = "1"; `documents`.
import { expect, type Page } from '@playwright/test';

export const DB = 'incident-desk';
/** The database version the app opens (`store::idb::VERSION`). */
export const VERSION = 2;
export const STORES = ['events', 'incidents', 'documents', 'settings', 'quarantine'] as const;
export type StoreName = (typeof STORES)[number];
export type Key = IDBValidKey;

/** One object store as [key, value] pairs, in key order. */
export type Dump = Record<StoreName, [Key, unknown][]>;

/** The message the app shows when it runs on localStorage (start.rs), up to the browser's reason. */
export const IDB_UNAVAILABLE = '本浏览器的 IndexedDB 不可用（';
export const ON_LOCAL_STORAGE = '），本机记录改存于 localStorage（上限约 5 MB，可存的事件较少）。';

/**
 * Takes IndexedDB away before the app's first script (every page of the context
 * when given a context's page, from the next navigation on): the app must fall back
 * to localStorage and say so.
 */
export async function withoutIndexedDB(page: Page) {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
}

/** The app has opened its store (the "正在载入本机记录……" screen is gone). */
export async function opened(page: Page, timeout = 30_000) {
  await expect(page.getByTestId('opening')).toHaveCount(0, { timeout });
}

/**
 * Runs `body` against the app's database from inside the page. The database is
 * opened at the app's version with its stores and index (so a test that runs first
 * cannot leave a database without them) and closed afterwards, blocking nothing.
 */
async function withDb<A, R>(page: Page, body: string, arg: A): Promise<R> {
  // A string, not a function: evaluated through the debugger protocol, so the app's
  // Content-Security-Policy (no 'unsafe-eval') does not apply to it.
  const script = `(async () => {
    const name = ${JSON.stringify(DB)}, stores = ${JSON.stringify(STORES)}, arg = ${JSON.stringify(arg ?? null)};
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(name, ${VERSION});
      r.onupgradeneeded = () => {
        for (const s of stores) if (!r.result.objectStoreNames.contains(s)) r.result.createObjectStore(s);
        const incidents = r.transaction.objectStore('incidents');
        if (!incidents.indexNames.contains('settled')) incidents.createIndex('settled', 'settled');
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const done = (tx) => new Promise((resolve, reject) => { tx.oncomplete = () => resolve(); tx.onabort = () => reject(tx.error); });
    try { ${body} } finally { db.close(); }
  })()`;
  return page.evaluate(script) as Promise<R>;
}

/** Every store of the app's database, keys and values. */
export async function dumpIdb(page: Page): Promise<Dump> {
  return withDb(page, `
    const tx = db.transaction(Array.from(db.objectStoreNames), 'readonly');
    const out = {};
    for (const s of Array.from(db.objectStoreNames)) {
      const store = tx.objectStore(s);
      const [keys, values] = await Promise.all([req(store.getAllKeys()), req(store.getAll())]);
      out[s] = keys.map((k, i) => [k, values[i]]);
    }
    return out;`, null);
}

/** Everything in the database as one text (to look for a title or a note in it). */
export async function idbText(page: Page): Promise<string> {
  return JSON.stringify(await dumpIdb(page));
}

/** Puts `value` under `key` in `store` (one transaction, awaited). */
export async function putIdb(page: Page, store: StoreName, key: Key, value: unknown) {
  await withDb(page, `
    const tx = db.transaction(arg.store, 'readwrite');
    tx.objectStore(arg.store).put(arg.value, arg.key);
    await done(tx);`, { store, key, value });
}

/** Removes every record of one incident from `events` and `incidents`, as a user with the developer tools could. */
export async function deleteIncidentIdb(page: Page, id: string) {
  await withDb(page, `
    const tx = db.transaction(['events', 'incidents'], 'readwrite');
    tx.objectStore('events').delete(IDBKeyRange.bound([arg, 0], [arg, Infinity]));
    tx.objectStore('incidents').delete(arg);
    await done(tx);`, id);
}

/** One incident's stored events, in position order: [position, {event, link}]. */
export async function eventsOf(page: Page, id: string): Promise<[number, { event: string; link: string }][]> {
  const dump = await dumpIdb(page);
  return dump.events.filter(([k]) => (k as [string, number])[0] === id).map(([k, v]) => [(k as [string, number])[1], v as { event: string; link: string }]);
}

/** The ids of the incidents the database holds a record for. */
export async function incidentIds(page: Page): Promise<string[]> {
  return (await dumpIdb(page)).incidents.map(([k]) => k as string);
}

/** The event values (JSON or sealed strings) of every incident, joined: what the app wrote of the logs. */
export async function storedEvents(page: Page): Promise<string> {
  return (await dumpIdb(page)).events.map(([, v]) => (v as { event: string }).event).join('\n');
}

/** The `incident-desk:incident:*` keys still in localStorage. */
export async function localIncidentKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('incident-desk:incident:')).sort());
}

/**
 * From the next navigation on, IndexedDB writes fail as a full disk makes them fail
 * (`add`/`put` throw QuotaExceededError) while `window.__full` is true, and every
 * write transaction aborts while `window.__abort` is true. `setFault` flips them.
 */
export async function faultyIdb(page: Page, options: { firstIncidentFull?: boolean } = {}) {
  await page.addInitScript((options) => {
    const w = window as unknown as { __full: boolean; __abort: boolean; __hold: boolean; __writes: number };
    // With firstIncidentFull: every write of the first incident written fails as a full store does.
    let blocked: string | null = null;
    const incidentOf = (store: IDBObjectStore, key: unknown) =>
      store.name === 'events' && Array.isArray(key) ? String(key[0]) : store.name === 'incidents' ? String(key) : null;
    w.__full = false;
    w.__abort = false;
    w.__hold = false;
    w.__writes = 0;
    for (const name of ['add', 'put'] as const) {
      const original = IDBObjectStore.prototype[name];
      IDBObjectStore.prototype[name] = function (this: IDBObjectStore, ...args: unknown[]) {
        w.__writes++;
        if (w.__full) throw new DOMException('full', 'QuotaExceededError');
        const incident = incidentOf(this, args[1]);
        if (options.firstIncidentFull && incident !== null) {
          blocked ??= incident;
          (window as unknown as { __blocked: string }).__blocked = blocked;
          if (incident === blocked) throw new DOMException('full', 'QuotaExceededError');
        }
        const request = (original as (...a: unknown[]) => IDBRequest).apply(this, args);
        if (w.__abort) this.transaction.abort();
        // Held: the transaction is kept busy (one read after another) until released,
        // so it cannot complete: what the screen shows while a save is under way.
        if (w.__hold) {
          const store = this;
          const spin = () => { if (w.__hold) store.count().onsuccess = spin; };
          spin();
        }
        return request;
      } as never;
    }
  }, options);
}

export async function setFault(page: Page, fault: '__full' | '__abort' | '__hold', on: boolean) {
  await page.evaluate(({ fault, on }) => { (window as unknown as Record<string, boolean>)[fault] = on; }, { fault, on });
}
