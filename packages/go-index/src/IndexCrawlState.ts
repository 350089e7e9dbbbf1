import type { IndexCursor, ParsedCursor } from './IndexCursor.js';
import type { IndexEntry } from './IndexEntry.js';
import { IndexError } from './IndexError.js';
import type { IndexLines } from './IndexLines.js';

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
   * (returned, not taken): `lines` keeps only the entries taken, with their `ordinal` set.
   * @throws IndexError `ERR_INDEX_OUT_OF_ORDER` when the page goes back in time
   */
  accept(lines: IndexLines, untilMicros: number | undefined, url: string): IndexEntry | undefined {
    const requestedSince = this.since;
    const cursorMicros = this.sinceMicros === undefined ? undefined : Number(this.sinceMicros);
    const { micros, ordinals } = lines;
    let previous = cursorMicros;
    // Keys taken at the cursor's instant, as a set once the page revisits that instant.
    let cursorRun: Set<string> | undefined;
    // Where the current run starts among the lines taken, when it started on this page.
    let runStart = -1;
    let taken = 0;
    let stoppedAt: IndexEntry | undefined;
    for (let index = 0; index < lines.count; index++) {
      const instant = micros[index]!;
      if (previous !== undefined && instant < previous) {
        // Lines taken moved only to places before their own: line index − 1 is still in place.
        throw new IndexError(
          'ERR_INDEX_OUT_OF_ORDER',
          `Index line ${index + 1} of ${url} (${lines.timestamp(index)}) is earlier than ${index === 0 ? `the cursor since=${requestedSince}` : `line ${index} (${lines.timestamp(index - 1)})`}`,
          { hint: 'The index must return entries sorted by time from `since` on; check the index URL.', details: { url, since: requestedSince, line: index + 1 } },
        );
      }
      if (untilMicros !== undefined && instant >= untilMicros) {
        stoppedAt = lines.entry(index);
        break;
      }
      if (instant !== previous || index === 0) {
        // First line of the page, or a new instant.
        if (instant !== cursorMicros) runStart = taken;
      }
      previous = instant;
      if (runStart < 0) {
        // Still at the cursor's instant: drop what was taken before.
        cursorRun ??= new Set(this.#taken);
        const key = lines.key(index);
        if (cursorRun.has(key)) continue;
        cursorRun.add(key);
        ordinals[index] = cursorRun.size - 1;
      } else {
        let repeated = false;
        for (let earlier = runStart; earlier < taken && !repeated; earlier++) repeated = lines.sameVersion(earlier, index);
        if (repeated) continue;
        ordinals[index] = taken - runStart;
      }
      lines.move(index, taken++);
    }
    lines.truncate(taken);
    if (taken > 0) {
      const last = lines.entry(taken - 1);
      this.since = last.timestamp;
      this.sinceMicros = last.micros;
      this.#taken = runStart < 0 ? [...cursorRun!] : Array.from({ length: taken - runStart }, (_, offset) => lines.key(runStart + offset));
    }
    return stoppedAt;
  }
}
