/** Collection and cursor names of go-miner's state directory (see README "State"). */
export const COLLECTIONS = {
  /** module path → IndexRecord (first appearance, newest version) */
  modules: 'modules',
  /** module path → LookupRecord (the proxy's Origin, or why there is none) */
  lookups: 'lookups',
  /** zero-padded ID → module path */
  ids: 'ids',
  /** first-appearance key → module path: modules being given IDs, in ID order (filled once the crawl is complete) */
  unassigned: 'unassigned',
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
  /** {@link CrawlCounters}, cumulative over all runs. */
  crawlCounters: 'crawl.counters',
  /** The next ID to hand out (1-based). */
  idsNext: 'ids.next',
  /** Generation of modules the next crawl creates; IDs are handed out per generation, once its crawl is complete. */
  idsGeneration: 'ids.generation',
  /** Progress of an ID assignment (scan of `modules`, then hand-out), while one is under way. */
  idsAssigning: 'ids.assigning',
  /** Records of the `lookups` collection per status. */
  lookupCounts: 'lookup.counts',
} as const;

const ID_WIDTH = 12;
const MICROS_WIDTH = 20;
const ORDINAL_WIDTH = 10;

/** `ids` key for an ID: zero-padded so binary key order is numeric order. */
export function idKey(id: number): string {
  return String(id).padStart(ID_WIDTH, '0');
}

export function idFromKey(key: string): number {
  return Number(key);
}

/** `unassigned` key: sorts by (micros, ordinal), the path keeps it unique. */
export function firstAppearanceKey(micros: number, ordinal: number, path: string): string {
  return `${String(micros).padStart(MICROS_WIDTH, '0')}.${String(ordinal).padStart(ORDINAL_WIDTH, '0')} ${path}`;
}
