// The sync server's origin the build allows the app to reach (issue 17): SYNC_ORIGIN,
// set when building (`SYNC_ORIGIN=https://couch.example.bank:6984 make dist`), goes
// into the Content-Security-Policy's connect-src of index.html and of the single file.
// Unset, the app reaches only its own origin (a reverse proxy: docs/SYNC.md) and the
// single file nothing. One origin (or several, space-separated), never a wildcard.
export function syncOrigins(value = process.env.SYNC_ORIGIN ?? '') {
  const origins = value.trim().split(/\s+/).filter(Boolean);
  for (const o of origins) {
    if (!/^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(:\d{1,5})?$/.test(o)) {
      throw new Error(`SYNC_ORIGIN: "${o}" is not an origin such as https://couch.example.bank:6984 (scheme, host, port; no path, no wildcard)`);
    }
  }
  return origins;
}
