import type { ShardPage, ShardState } from '@registry-miners/go-index';

/**
 * Index pages received but not committed yet, reduced to one update per module path (its earliest and
 * its latest entry among them), with the shard plan after the last page. Committing a batch in one step
 * is equivalent to committing its pages one by one (merging is min/max by (micros, ordinal)), and a
 * crash before the commit only means those pages are read again.
 *
 * Compact on purpose (typed arrays, no object per module): a batch of 250,000 modules takes ~60 MB.
 * Micros are kept as doubles: exact for instants before the year 2255.
 */
export class CrawlBatch {
  readonly capacity: number;
  /** Module path → slot. */
  readonly slots = new Map<string, number>();
  /** Slot → module path. */
  readonly paths: string[] = [];
  readonly firstMicros: Float64Array;
  readonly firstOrdinal: Uint32Array;
  readonly newestMicros: Float64Array;
  readonly newestOrdinal: Uint32Array;
  readonly newestVersion: string[] = [];
  readonly newestTimestamp: string[] = [];
  pages = 0;
  entries = 0;
  plan: ShardState[] | undefined;
  /** When the first page was added (commit intervals count from there). */
  startedAt = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.firstMicros = new Float64Array(capacity);
    this.firstOrdinal = new Uint32Array(capacity);
    this.newestMicros = new Float64Array(capacity);
    this.newestOrdinal = new Uint32Array(capacity);
  }

  /** Adds a page. The caller commits before adding a page that could overflow the capacity ({@link full}). */
  add(page: ShardPage): void {
    if (this.pages === 0) this.startedAt = Date.now();
    const { slots } = this;
    for (const entry of page.entries) {
      const micros = Number(entry.micros);
      const ordinal = entry.ordinal;
      const slot = slots.get(entry.path);
      if (slot === undefined) {
        const next = slots.size;
        slots.set(entry.path, next);
        this.paths.push(entry.path);
        this.firstMicros[next] = micros;
        this.firstOrdinal[next] = ordinal;
        this.newestMicros[next] = micros;
        this.newestOrdinal[next] = ordinal;
        this.newestVersion[next] = entry.version;
        this.newestTimestamp[next] = entry.timestamp;
        continue;
      }
      const firstMicros = this.firstMicros[slot]!;
      if (micros < firstMicros || (micros === firstMicros && ordinal < this.firstOrdinal[slot]!)) {
        this.firstMicros[slot] = micros;
        this.firstOrdinal[slot] = ordinal;
      }
      const newestMicros = this.newestMicros[slot]!;
      if (micros > newestMicros || (micros === newestMicros && ordinal > this.newestOrdinal[slot]!)) {
        this.newestMicros[slot] = micros;
        this.newestOrdinal[slot] = ordinal;
        this.newestVersion[slot] = entry.version;
        this.newestTimestamp[slot] = entry.timestamp;
      }
    }
    this.pages++;
    this.entries += page.entries.length;
    this.plan = page.shards;
  }

  get empty(): boolean {
    return this.pages === 0;
  }

  /** Whether another page (at most `pageLimit` new modules) might not fit. */
  full(pageLimit: number): boolean {
    return this.slots.size + pageLimit > this.capacity;
  }
}
