import type { IndexEntry, ShardPage, ShardState } from '@registry-miners/go-index';

/** What a batch of pages says about one module: its earliest and its latest entry among them. */
export interface PathUpdate {
  first: IndexEntry;
  newest: IndexEntry;
}

/**
 * Index pages received but not committed yet, reduced to one update per module path, with the shard
 * plan after the last of them. Committing a batch in one step is equivalent to committing its pages
 * one by one (merging is min/max), and a crash before the commit only means those pages are read again.
 */
export class CrawlBatch {
  readonly updates = new Map<string, PathUpdate>();
  pages = 0;
  entries = 0;
  plan: ShardState[] | undefined;
  readonly startedAt = Date.now();

  add(page: ShardPage): void {
    for (const entry of page.entries) {
      const known = this.updates.get(entry.path);
      if (!known) {
        this.updates.set(entry.path, { first: entry, newest: entry });
        continue;
      }
      if (entry.micros < known.first.micros || (entry.micros === known.first.micros && entry.ordinal < known.first.ordinal)) known.first = entry;
      if (entry.micros > known.newest.micros || (entry.micros === known.newest.micros && entry.ordinal > known.newest.ordinal)) known.newest = entry;
    }
    this.pages++;
    this.entries += page.entries.length;
    this.plan = page.shards;
  }

  get empty(): boolean {
    return this.pages === 0;
  }
}
