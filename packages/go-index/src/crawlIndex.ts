import type { CommonCrawlOptions } from './crawlOptions.js';
import { validateCommonOptions } from './crawlOptions.js';
import { DEFAULT_INDEX_URL } from './defaults.js';
import { IndexCrawlState } from './IndexCrawlState.js';
import type { IndexCursor } from './IndexCursor.js';
import { parseCursor, parseTimestampOption } from './IndexCursor.js';
import type { IndexPage } from './IndexPage.js';
import { readNextPage } from './readNextPage.js';

export interface CrawlIndexOptions extends CommonCrawlOptions {
  /**
   * Resume from a cursor persisted from an earlier {@link IndexPage}. Without it the crawl starts at
   * the beginning of the index.
   * @example { since: '2019-04-10T19:08:52.997264Z', atSince: ['golang.org/x/text@v0.3.0'] }
   */
  from?: IndexCursor;
  /**
   * Exclusive upper bound: the crawl ends before the first entry whose instant is at or after this
   * timestamp (compared as instants, not strings). Without it the crawl runs to the end of the index.
   * @example '2024-01-01T00:00:00Z'
   */
  until?: string;
}

/**
 * Crawls the index sequentially from a cursor, yielding one {@link IndexPage} per response that added
 * entries (or that ended at an entry from the future, see `futureSkewMs`). Repeats (the inclusive `since` boundary, runs of entries sharing one timestamp across
 * pages) are removed; the crawl ends at `until`, or when a page adds nothing new.
 *
 * Persist each page's `entries` together with its `cursor` (atomically); pass the cursor back as
 * `from` to resume exactly where the last persisted page ended.
 *
 * @throws TypeError for invalid options (at call time)
 * @throws IndexError while iterating: `ERR_INDEX_HTTP`, `ERR_INDEX_MALFORMED_LINE`, `ERR_INDEX_BAD_TIMESTAMP`,
 *   `ERR_INDEX_OUT_OF_ORDER`, `ERR_INDEX_RUN_TOO_LONG`, `ERR_INDEX_ABORTED`
 * @example
 * ```ts
 * for await (const page of crawlIndex({ pool, from: store.cursor('index') })) {
 *   store.commit({ put: page.entries.map(toRecord), cursors: { index: page.cursor } });
 * }
 * ```
 */
export function crawlIndex(options: CrawlIndexOptions): AsyncGenerator<IndexPage, void, undefined> {
  const common = validateCommonOptions(options, DEFAULT_INDEX_URL);
  const from = options.from === undefined ? undefined : parseCursor(options.from, 'options.from');
  const untilMicros = options.until === undefined ? undefined : parseTimestampOption(options.until, 'options.until');
  return run(new IndexCrawlState(from), { ...common, until: () => untilMicros });
}

async function* run(state: IndexCrawlState, options: Parameters<typeof readNextPage>[1]): AsyncGenerator<IndexPage, void, undefined> {
  for (;;) {
    const page = await readNextPage(state, options);
    const { lines, cursor, url, future } = page;
    if ((lines.count > 0 || future !== undefined) && cursor !== null) {
      yield {
        lines,
        get entries() {
          return lines.entries();
        },
        cursor,
        url,
        ...(future === undefined ? {} : { future }),
      };
    }
    if (page.done) return;
  }
}
