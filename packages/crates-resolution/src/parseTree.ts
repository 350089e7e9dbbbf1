/** One entry of a git tree. */
export interface TreeEntry {
  /** Object id, 40 hex digits. */
  oid: string;
  /** True for a subdirectory (mode 040000). */
  isTree: boolean;
  /** True for a regular or executable file (mode 100644 / 100755). */
  isBlob: boolean;
}

const SPACE = 0x20;
const NUL = 0;

/**
 * Parses a raw git tree object (`<mode> <name>\0<20-byte id>` repeated), keeping the entries whose
 * name `wanted` accepts; `visit`, when given, sees every entry's name and mode (used to check the
 * shape of an index root). Throws a plain Error on a truncated or malformed tree.
 */
export function parseTree(
  data: Buffer,
  wanted: (name: string) => boolean,
  visit?: (name: string, mode: string) => void,
): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(SPACE, at);
    const nul = space < 0 ? -1 : data.indexOf(NUL, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw new Error(`malformed tree object at byte ${at}`);
    const name = data.toString('utf8', space + 1, nul);
    if (visit !== undefined || wanted(name)) {
      const mode = data.toString('latin1', at, space);
      visit?.(name, mode);
      if (wanted(name)) {
        entries.set(name, {
          oid: data.toString('hex', nul + 1, nul + 21),
          isTree: mode === '40000' || mode === '040000',
          isBlob: mode === '100644' || mode === '100755',
        });
      }
    }
    at = nul + 21;
  }
  return entries;
}
