import type { GoDatasetKeys } from './goDatasetKeys.js';
import type { GoFeedTimeline } from './GoFeedTimeline.js';
import { RECENT_WINDOW, type GoModuleCatalog } from './GoModuleCatalog.js';
import { computeModulePath, computeVersionCode } from './goModuleShape.js';
import { floorDiv as floorDivImport, hashIndex as hashIndexImport } from './hash.js';

// Local bindings: the loop below runs millions of times, and some module loaders turn every access
// to an imported binding into a getter call.
const hashIndex = hashIndexImport;
const floorDiv = floorDivImport;

/** Upper bound of one NDJSON line (path < 90, version < 45, timestamp < 33, fixed text 40). */
const MAX_LINE_BYTES = 256;
/** A generous average line length, for the first buffer of a page (it grows when needed). */
const TYPICAL_LINE_BYTES = 150;
/** '0' … '9999': the patch part of plain versions without a number-to-string conversion per entry. */
const PATCHES = Array.from({ length: 10000 }, (_, k) => String(k));

/** What a synthetic feed is made of, for {@link renderGoIndexPage}. */
export interface GoFeedParts {
  readonly entryCount: number;
  readonly moduleCount: number;
  readonly keys: GoDatasetKeys;
  readonly timeline: GoFeedTimeline;
  readonly catalog: GoModuleCatalog;
}

function grow(buffer: Buffer, used: number): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

/**
 * A page of the index as the fake server writes it, the hot path of the fake index: NDJSON lines
 * (ASCII) of up to `limit` entries from entry `start` to before `end` (`include=all` numbering);
 * `next` is where the scan stopped. It walks module introductions along with the entry number instead
 * of dividing per entry, builds plain versions inline, and writes lines to the buffer in batches.
 */
export function renderGoIndexPage(
  feed: GoFeedParts,
  start: number,
  limit: number,
  includeAll: boolean,
  end: number,
): { body: Buffer; count: number; next: number } {
  const { timeline, catalog } = feed;
  const stop = Math.min(end, feed.entryCount);
  const lines = Math.max(0, Math.min(limit, stop - start));
  let buffer: Buffer = Buffer.allocUnsafe(Math.min(lines, 4096) * TYPICAL_LINE_BYTES + 16 * MAX_LINE_BYTES);
  let offset = 0;
  let count = 0;
  let batch = '';
  let stamp = '';
  let i = start;
  let needStamp = true;
  const versionKey = feed.keys.version;
  const shapeKeys = catalog.shapeKeys;
  const M = feed.moduleCount;
  const N = feed.entryCount;
  // Walk the module introductions along with i instead of dividing for every entry.
  let introduced = floorDiv(start * M + N - 1, N); // modules introduced before entry `start`
  let nextIntro = introduced < M ? catalog.firstEntry(introduced) : Number.POSITIVE_INFINITY;
  // `v<major>.<i / 10000>.` changes every 10,000 entries: keep it per major.
  let block = -1;
  let prefixes: (string | undefined)[] = [];
  for (; i < stop && count < limit; i++) {
    let m = -1;
    if (i === nextIntro) {
      m = introduced;
      introduced += 1;
      nextIntro = introduced < M ? catalog.firstEntry(introduced) : Number.POSITIVE_INFINITY;
    }
    if (i !== start && timeline.isRunStart(i)) needStamp = true;
    if (!includeAll && !catalog.served(i)) continue;
    if (needStamp) {
      stamp = timeline.format(timeline.runInstantUs(timeline.runStart(i)));
      needStamp = false;
    }
    if (m < 0) m = catalog.pickModule(i, introduced);
    let path: string;
    let code: number;
    if (m >= introduced - RECENT_WINDOW - 4096) {
      const slot = catalog.pathSlot(m);
      path = catalog.pathAt(slot);
      code = catalog.codeAt(slot);
    } else {
      // An old module: computing beats caching (cached strings would outlive young-generation GC).
      path = computeModulePath(shapeKeys, m);
      code = computeVersionCode(shapeKeys, m);
    }
    // Plain releases (the common case) are built inline; the rest goes through the catalog.
    let version: string;
    if (code < 16 && hashIndex(versionKey, i) % 25 > 3) {
      const b = Math.floor(i / 10000);
      if (b !== block) {
        block = b;
        prefixes = [];
      }
      version = (prefixes[code] ??= 'v' + code + '.' + b + '.') + PATCHES[i - b * 10000];
    } else {
      version = catalog.version(i, code);
    }
    batch += '{"Path":"' + path + '","Version":"' + version + '","Timestamp":"' + stamp + '"}\n';
    count += 1;
    // Lines go to the buffer in batches: one native call per batch is cheaper than one per line.
    if ((count & 15) === 0) {
      if (offset + 16 * MAX_LINE_BYTES > buffer.length) buffer = grow(buffer, offset);
      offset += buffer.write(batch, offset, 'latin1');
      batch = '';
    }
  }
  if (batch !== '') {
    if (offset + 16 * MAX_LINE_BYTES > buffer.length) buffer = grow(buffer, offset);
    offset += buffer.write(batch, offset, 'latin1');
  }
  return { body: buffer.subarray(0, offset), count, next: i };
}
