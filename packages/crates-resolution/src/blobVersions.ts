const VERS = Buffer.from('"vers":"', 'utf8');
const QUOTE = 0x22;

/**
 * The versions an index file lists: every value of `"vers":"…"` (one JSON line per version).
 * A package is present exactly when its version is among them, the test `"vers":"<version>"`
 * makes, and the list is far smaller than the file, so it is what a cache keeps.
 */
export function blobVersions(data: Buffer): Set<string> {
  const versions = new Set<string>();
  for (let at = data.indexOf(VERS); at >= 0; at = data.indexOf(VERS, at)) {
    const start = at + VERS.length;
    const end = data.indexOf(QUOTE, start);
    if (end < 0) break;
    versions.add(data.toString('utf8', start, end));
    at = end + 1;
  }
  return versions;
}

/** Rough heap weight of a version set, for the cache's byte bound. */
export function versionsWeight(versions: Set<string>): number {
  let bytes = 64;
  for (const version of versions) bytes += 48 + version.length;
  return bytes;
}
