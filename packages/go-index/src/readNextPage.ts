import type { HttpPool } from '@registry-miners/http-pool';
import type { IndexCursor } from './IndexCursor.js';
import type { IndexCrawlState } from './IndexCrawlState.js';
import type { IndexEntry } from './IndexEntry.js';
import { IndexLines } from './IndexLines.js';
import { DEFAULT_PAGE_LIMIT } from './defaults.js';
import { IndexError } from './IndexError.js';
import { fetchIndexLines, indexPageUrl } from './fetchIndexLines.js';

export interface ReadPageOptions {
  pool: HttpPool;
  indexUrl: URL;
  limit: number;
  includeAll: boolean;
  signal: AbortSignal | undefined;
  /** Read after the response arrives, so a shard's end may move while its request is in flight. */
  until: () => bigint | undefined;
  /** Entries later than now plus this are not taken (the crawl option `futureSkewMs`). */
  futureSkewMs: number;
}

export interface ReadPage {
  /** The entries taken. */
  lines: IndexLines;
  cursor: IndexCursor | null;
  url: string;
  /** Nothing more to take: `until` reached, or the page added nothing new. */
  done: boolean;
  /** Time spanned by the page when it was full (a density estimate), else undefined. */
  fullPageSpan: bigint | undefined;
  /** The first entry later than now plus the allowed skew: not taken, and it ended the crawl. */
  future: IndexEntry | undefined;
}

/**
 * One step of a crawl: request the page at the state's cursor, take its new entries, and decide
 * whether the crawl is over. A page that adds nothing new ends the crawl, except a full page of
 * repeats: that means at least `limit` entries share one instant, which the index cannot page past.
 */
export async function readNextPage(state: IndexCrawlState, options: ReadPageOptions): Promise<ReadPage> {
  const url = indexPageUrl(options.indexUrl, state.since, options.limit, options.includeAll);
  const before = options.until();
  if (before !== undefined && state.sinceMicros !== undefined && state.sinceMicros >= before) {
    return { lines: new IndexLines(Buffer.alloc(0), 0), cursor: state.cursor(), url, done: true, fullPageSpan: undefined, future: undefined };
  }
  const since = state.since;
  const lines = await fetchIndexLines(options.pool, url, since, options.signal);
  // A page is full when it holds `limit` lines, or the public maximum when a server caps `limit` lower.
  const received = lines.count;
  const full = received >= Math.min(options.limit, DEFAULT_PAGE_LIMIT);
  const fullPageSpan = full && received > 0 ? BigInt(lines.micros[received - 1]! - lines.micros[0]!) : undefined;
  // An entry from the future (a clock far ahead, or a hostile 9999-12-31) is not taken: taken, it would
  // become the cursor and every later refresh would start after it, reading nothing ever again.
  const until = options.until();
  const futureMicros = BigInt(Date.now() + options.futureSkewMs) * 1000n;
  const bound = until !== undefined && until <= futureMicros ? until : futureMicros;
  const stoppedAt = state.accept(lines, Number(bound), url);
  const future = stoppedAt !== undefined && stoppedAt.micros >= futureMicros && (until === undefined || stoppedAt.micros < until) ? stoppedAt : undefined;
  if (stoppedAt === undefined && lines.count === 0 && full) {
    throw new IndexError(
      'ERR_INDEX_RUN_TOO_LONG',
      `Index page ${url} holds only entries already taken at since=${since}: at least ${received} entries share that timestamp, and the index cannot page past a run longer than the page limit`,
      {
        details: { url, since },
        hint: `Raise limit (the public index allows up to 2000; this crawl used ${options.limit}) so that one page holds the whole run.`,
      },
    );
  }
  return { lines, cursor: state.cursor(), url, done: stoppedAt !== undefined || lines.count === 0, fullPageSpan, future };
}
