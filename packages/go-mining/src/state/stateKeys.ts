/** Collection and cursor names of go-miner's state directory (see README "State"). */
export const COLLECTIONS = {
  /** module path → IndexRecord (first appearance, newest version) */
  modules: 'modules',
  /** module path → LookupRecord (the proxy's Origin, or why there is none) */
  lookups: 'lookups',
  /** zero-padded ID → module path */
  ids: 'ids',
  /** go-import prefix → the repository it names; asked path → why it gave none (GoGetCacheEntry) */
  goGet: 'goget',
} as const;

export const CURSORS = {
  /** {@link StateConfig}: what this state directory was made for. */
  config: 'config',
  /** The go-index shard plan (ShardState[]), committed with each batch of pages. */
  crawlShards: 'crawl.shards',
  /** true once the current plan was crawled to its end. */
  crawlComplete: 'crawl.complete',
  /** {@link CrawlRuns}: the sorted run files of the crawl under way, and its final merge's progress. */
  crawlRuns: 'crawl.runs',
  /** {@link CrawlCounters}, cumulative over all runs. */
  crawlCounters: 'crawl.counters',
  /** The next ID to hand out (1-based). */
  idsNext: 'ids.next',
  /** Generation of modules the next crawl creates; IDs are handed out per generation, once its crawl is complete. */
  idsGeneration: 'ids.generation',
  /** An ID assignment under way: its generation and first ID. */
  idsAssigning: 'ids.assigning',
  /** Records of the `lookups` collection per status. */
  lookupCounts: 'lookup.counts',
} as const;

const ID_WIDTH = 12;

/** `ids` key for an ID: zero-padded so binary key order is numeric order. */
export function idKey(id: number): string {
  return String(id).padStart(ID_WIDTH, '0');
}

export function idFromKey(key: string): number {
  return Number(key);
}
