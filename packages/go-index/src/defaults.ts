/** The public Go module index endpoint. */
export const DEFAULT_INDEX_URL = 'https://index.golang.org/index';

/** The timestamp of the first entry ever published in the index (April 2019). */
export const FIRST_INDEX_TIMESTAMP = '2019-04-10T19:08:52.997264Z';

/** Entries per request: the index's default and its maximum. */
export const DEFAULT_PAGE_LIMIT = 2000;

/**
 * Shards crawled at once by default. Sixteen keeps a fair share of a public service (one client,
 * sixteen sequential cursors, no documented rate limit) and saturates two CPU cores parsing ~2000-line
 * pages at ~100-300 ms per request; more shards mostly add requests that end in splitting overhead.
 */
export const DEFAULT_SHARD_COUNT = 16;

/** How far past the local clock an index timestamp may lie and still be taken (clocks drift a little). */
export const DEFAULT_FUTURE_SKEW_MS = 10 * 60 * 1000;
