import type { IndexCursor, ParsedCursor } from './IndexCursor.js';
import type { IndexEntry } from './IndexEntry.js';
import { IndexError } from './IndexError.js';
import type { IndexLine } from './fetchIndexLines.js';

/**
 * The deduplicating state of one sequential crawl: the verbatim `since` to send next, its instant,
 * and the `path@version` keys already taken at that instant. `since` is inclusive, so every page
 * repeats the entries at the previous page's last instant (a whole run of them when several share
 * it); they are recognised by key and dropped, and the ordinals of a run continue across pages.
 */
export class IndexCrawlState {
  since: string | undefined;
  sinceMicros: bigint | undefined;
  #taken: Set<string>;

  constructor(from: ParsedCursor | undefined) {
    this.since = from?.since;
    this.sinceMicros = from?.sinceMicros;
    this.#taken = new Set(from?.atSince ?? []);
  }

  /** The cursor to persist; `null` before the first entry of a crawl from the beginning. */
  cursor(): IndexCursor | null {
    return this.since === undefined ? null : { since: this.since, atSince: [...this.#taken] };
  }

  /**
   * Takes the new entries of a page, in order, stopping at the first entry at or after `untilMicros`.
   * @throws IndexError `ERR_INDEX_OUT_OF_ORDER` when the page goes back in time
   */
  accept(lines: readonly IndexLine[], untilMicros: bigint | undefined, url: string): { entries: IndexEntry[]; reachedUntil: boolean } {
    const entries: IndexEntry[] = [];
    const requestedSince = this.since;
    let previous = this.sinceMicros;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      if (previous !== undefined && line.micros < previous) {
        throw new IndexError(
          'ERR_INDEX_OUT_OF_ORDER',
          `Index line ${index + 1} of ${url} (${line.timestamp}) is earlier than ${index === 0 ? `the cursor since=${requestedSince}` : `line ${index} (${lines[index - 1]!.timestamp})`}`,
          { url, since: requestedSince, line: index + 1, hint: 'The index must return entries sorted by time from `since` on; check the index URL.' },
        );
      }
      previous = line.micros;
      if (untilMicros !== undefined && line.micros >= untilMicros) return { entries, reachedUntil: true };
      const key = `${line.path}@${line.version}`;
      if (line.micros === this.sinceMicros) {
        if (this.#taken.has(key)) continue;
      } else {
        this.since = line.timestamp;
        this.sinceMicros = line.micros;
        this.#taken = new Set();
      }
      entries.push({ path: line.path, version: line.version, timestamp: line.timestamp, micros: line.micros, ordinal: this.#taken.size });
      this.#taken.add(key);
    }
    return { entries, reachedUntil: false };
  }
}
