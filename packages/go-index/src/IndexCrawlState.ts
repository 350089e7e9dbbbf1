import type { IndexCursor, ParsedCursor } from './IndexCursor.js';
import type { IndexEntry } from './IndexEntry.js';
import { IndexError } from './IndexError.js';
import type { IndexLine } from './fetchIndexLines.js';

function keyOf(entry: { path: string; version: string }): string {
  return `${entry.path}@${entry.version}`;
}

/**
 * The deduplicating state of one sequential crawl: the verbatim `since` to send next, its instant,
 * and the `path@version` keys already taken at that instant. `since` is inclusive, so every page
 * repeats the entries at the previous page's last instant (a whole run of them when several share
 * it); they are recognised by key and dropped, and the ordinals of a run continue across pages.
 *
 * Hot path (millions of entries): keys are only built for the run continued from the cursor and
 * for the page's last run (the next cursor's `atSince`); repeats within a run that starts on the
 * page are found by comparing with the run's earlier entries.
 */
export class IndexCrawlState {
  since: string | undefined;
  sinceMicros: bigint | undefined;
  #taken: string[];

  constructor(from: ParsedCursor | undefined) {
    this.since = from?.since;
    this.sinceMicros = from?.sinceMicros;
    this.#taken = from?.atSince ?? [];
  }

  /** The cursor to persist; `null` before the first entry of a crawl from the beginning. */
  cursor(): IndexCursor | null {
    return this.since === undefined ? null : { since: this.since, atSince: [...this.#taken] };
  }

  /**
   * Takes the new entries of a page, in order, stopping at the first entry at or after `untilMicros`
   * (returned as `stoppedAt`, not taken). The lines become the entries (their `ordinal` is set).
   * @throws IndexError `ERR_INDEX_OUT_OF_ORDER` when the page goes back in time
   */
  accept(lines: readonly IndexLine[], untilMicros: bigint | undefined, url: string): { entries: IndexEntry[]; stoppedAt: IndexLine | undefined } {
    const entries: IndexEntry[] = [];
    const requestedSince = this.since;
    const cursorMicros = this.sinceMicros;
    let previous = cursorMicros;
    // Keys taken at the cursor's instant, as a set once the page revisits that instant.
    let cursorRun: Set<string> | undefined;
    // Where the current run starts in `entries`, when it started on this page.
    let runStart = -1;
    let stoppedAt: IndexLine | undefined;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      const micros = line.micros;
      if (previous !== undefined && micros < previous) {
        throw new IndexError(
          'ERR_INDEX_OUT_OF_ORDER',
          `Index line ${index + 1} of ${url} (${line.timestamp}) is earlier than ${index === 0 ? `the cursor since=${requestedSince}` : `line ${index} (${lines[index - 1]!.timestamp})`}`,
          { hint: 'The index must return entries sorted by time from `since` on; check the index URL.', details: { url, since: requestedSince, line: index + 1 } },
        );
      }
      if (untilMicros !== undefined && micros >= untilMicros) {
        stoppedAt = line;
        break;
      }
      if (micros !== previous || index === 0) {
        // First line of the page, or a new instant.
        if (micros !== cursorMicros) runStart = entries.length;
      }
      previous = micros;
      if (runStart < 0) {
        // Still at the cursor's instant: drop what was taken before.
        cursorRun ??= new Set(this.#taken);
        const key = keyOf(line);
        if (cursorRun.has(key)) continue;
        cursorRun.add(key);
        line.ordinal = cursorRun.size - 1;
      } else {
        let repeated = false;
        for (let earlier = runStart; earlier < entries.length; earlier++) {
          const other = entries[earlier]!;
          if (other.path === line.path && other.version === line.version) {
            repeated = true;
            break;
          }
        }
        if (repeated) continue;
        line.ordinal = entries.length - runStart;
      }
      entries.push(line);
    }
    const last = entries[entries.length - 1];
    if (last !== undefined) {
      this.since = last.timestamp;
      this.sinceMicros = last.micros;
      this.#taken = runStart < 0 ? [...cursorRun!] : entries.slice(runStart).map(keyOf);
    }
    return { entries, stoppedAt };
  }
}
