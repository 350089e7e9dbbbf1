import { expectedMessage, expectedTypeError } from '@registry-miners/utils';
import type { HttpPool } from '@registry-miners/http-pool';
import { DEFAULT_FUTURE_SKEW_MS, DEFAULT_PAGE_LIMIT } from './defaults.js';

/** Options shared by {@link crawlIndex} and {@link crawlIndexSharded}. */
export interface CommonCrawlOptions {
  /** The HTTP pool requests go through (retries, backoff, User-Agent, connection reuse). */
  pool: HttpPool;
  /**
   * The index endpoint.
   * @default 'https://index.golang.org/index' (DEFAULT_INDEX_URL)
   * @example 'http://127.0.0.1:8080/index'
   */
  indexUrl?: string | URL;
  /**
   * Also list versions the proxy no longer serves (`include=all`).
   * @default false
   */
  includeAll?: boolean;
  /**
   * Entries per request (`limit`). The public index's maximum (and default) is 2000.
   * @default 2000
   */
  limit?: number;
  /** Cancels the crawl: in-flight requests are aborted and the generator throws `ERR_INDEX_ABORTED`. */
  signal?: AbortSignal;
  /**
   * Entries stamped later than now plus this many milliseconds are not taken: the crawl (or shard)
   * ends before the first of them and reports it as the page's `future`. The index only lists what the
   * proxy has already cached, so such a timestamp is a wrong clock or a hostile index; taken, it would
   * become the cursor and freeze every later refresh (a 9999-12-31 entry). A later run reads it once
   * its time has come.
   * @default 600_000 (10 minutes)
   * @example 60_000
   */
  futureSkewMs?: number;
}

export interface ValidCommonOptions {
  pool: HttpPool;
  indexUrl: URL;
  includeAll: boolean;
  limit: number;
  signal: AbortSignal | undefined;
  futureSkewMs: number;
}

export function validateCommonOptions(options: CommonCrawlOptions, defaultUrl: string): ValidCommonOptions {
  if (options === null || typeof options !== 'object') throw expectedTypeError('options', 'an object', options);
  const { pool, includeAll = false, limit = DEFAULT_PAGE_LIMIT, signal, futureSkewMs = DEFAULT_FUTURE_SKEW_MS } = options;
  if (pool === null || typeof pool !== 'object' || typeof (pool as { get?: unknown }).get !== 'function') {
    throw expectedTypeError('options.pool', 'an HttpPool', pool);
  }
  let indexUrl: URL;
  try {
    indexUrl = new URL(options.indexUrl ?? defaultUrl);
  } catch (error) {
    throw new TypeError(expectedMessage('options.indexUrl', 'an absolute URL', options.indexUrl), { cause: error });
  }
  if (typeof includeAll !== 'boolean') throw expectedTypeError('options.includeAll', 'a boolean', includeAll);
  if (!Number.isSafeInteger(limit) || limit < 1) throw expectedTypeError('options.limit', 'a positive integer', limit);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw expectedTypeError('options.signal', 'an AbortSignal', signal);
  if (typeof futureSkewMs !== 'number' || !Number.isFinite(futureSkewMs) || futureSkewMs < 0) {
    throw expectedTypeError('options.futureSkewMs', 'a non-negative number of milliseconds', futureSkewMs);
  }
  return { pool, indexUrl, includeAll, limit, signal, futureSkewMs };
}
