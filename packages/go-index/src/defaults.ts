/** The public Go module index endpoint. */
export const DEFAULT_INDEX_URL = 'https://index.golang.org/index';

/** The timestamp of the first entry ever published in the index (April 2019). */
export const FIRST_INDEX_TIMESTAMP = '2019-04-10T19:08:52.997264Z';

/** Entries per request: the index's default and its maximum. */
export const DEFAULT_PAGE_LIMIT = 2000;

/**
 * Shards crawled at once by default: 32 sequential cursors of one client, a bounded share of a public
 * service with no documented rate limit. At 120 ms a page, 16 cursors capped the crawl at 16 / 0.14 s ≈ 112
 * pages/s while the two cores still had room; 32 take it to what the CPU parses (about 200 pages/s).
 * A caller passes fewer for a gentler crawl.
 */
export const DEFAULT_SHARD_COUNT = 32;

/** How far past the local clock an index timestamp may lie and still be taken (clocks drift a little). */
export const DEFAULT_FUTURE_SKEW_MS = 10 * 60 * 1000;
