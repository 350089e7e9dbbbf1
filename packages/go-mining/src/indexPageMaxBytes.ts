/**
 * Longest index line go-miner expects: a module path of a few hundred bytes, a version and a timestamp
 * take about 150; go-index rejects lines over 4 KiB.
 */
const INDEX_LINE_MAX_BYTES = 4096;

/** The most lines the index serves in one page, whatever `limit` asked for. */
const INDEX_MAX_PAGE_LINES = 2000;

/**
 * The body limit of one index page (8 MiB: 2,000 lines of at most 4 KiB): an endless or bombed page
 * stops there instead of filling memory, and a merely long line stays short enough for go-index to
 * report it with its cursor and line number. Never below a full page, so small `pageLimit`s keep that.
 */
export function indexPageMaxBytes(pageLimit: number): number {
  return Math.max(pageLimit, INDEX_MAX_PAGE_LINES) * (INDEX_LINE_MAX_BYTES + 1);
}
