/**
 * Longest index line go-miner expects: a module path of a few hundred bytes, a version and a timestamp
 * take about 150; go-index rejects lines over 4 KiB.
 */
const INDEX_LINE_MAX_BYTES = 4096;

/**
 * The body limit of one index page of `pageLimit` lines (8 MiB for 2,000): an endless or bombed page
 * stops there instead of filling memory.
 */
export function indexPageMaxBytes(pageLimit: number): number {
  return pageLimit * (INDEX_LINE_MAX_BYTES + 1);
}
