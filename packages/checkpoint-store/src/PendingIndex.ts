import { compareKeys } from './compareKeys.js';

// An entry packs the journal sequence number of the key's latest change with two flags.
const LIVE = 1; // the latest change is a put (else a delete)
const COUNTED = 2; // the entry's contribution to `delta` is counted
const FLAGS = 4;
/** From this many uncounted keys, count() asks SQLite to count the whole journal of the collection at once. */
const BULK_COUNT = 10_000;

// The key lists below exist only once needed (a first entries(), a first count()): a commit-only phase
// keeps just the map, and no large arrays grow and get reallocated with it.
class CollectionIndex {
  readonly entries = new Map<string, number>();
  /** Keys in key order, without the ones in `unsorted` yet; undefined until entries() needs it. */
  sorted: string[] | undefined;
  /** Keys added since the last sort. */
  unsorted: string[] = [];
  /** Keys whose contribution to `delta` is not counted yet; undefined until the first count(): all are. */
  uncounted: string[] | undefined;
  /**
   * Sum over counted entries of (live - inRecords): what the journal adds to the merged count. A later
   * change of a counted key only changes `live` (`records` changes only at compaction, which clears all).
   */
  delta = 0;
}

/** The latest journal change of a key, as PendingIndex.lookup() returns it. */
export interface PendingChange {
  seq: number;
  live: boolean;
}

/**
 * In memory, per connection: for each key changed in the journal, its latest change. Reads look here first,
 * then in `records`; entries() merges the sorted keys with a page of `records`; count() adds what the
 * journal changes to the merged count. Bounded by the journal size (compactAfter), about 100 bytes a key.
 */
export class PendingIndex {
  #collections = new Map<string, CollectionIndex>();
  #size = 0;

  /** Keys in the index. */
  get size(): number {
    return this.#size;
  }

  /** Notes a journal row: called in sequence order, after the transaction that wrote it committed. */
  add(collection: string, key: string, seq: number, live: boolean): void {
    let index = this.#collections.get(collection);
    if (index === undefined) {
      index = new CollectionIndex();
      this.#collections.set(collection, index);
    }
    const previous = index.entries.get(key);
    if (previous === undefined) {
      index.entries.set(key, seq * FLAGS + (live ? LIVE : 0));
      if (index.sorted !== undefined) index.unsorted.push(key);
      index.uncounted?.push(key);
      this.#size += 1;
      return;
    }
    const flags = previous % FLAGS;
    if (flags & COUNTED) index.delta += (live ? 1 : 0) - (flags & LIVE);
    index.entries.set(key, seq * FLAGS + (flags & ~LIVE) + (live ? LIVE : 0));
  }

  lookup(collection: string, key: string): PendingChange | undefined {
    const entry = this.#collections.get(collection)?.entries.get(key);
    if (entry === undefined) return undefined;
    return { seq: Math.floor(entry / FLAGS), live: ((entry % FLAGS) & LIVE) !== 0 };
  }

  /**
   * What the journal adds to the number of records in `records` for a collection. Counts each new key once:
   * one lookup in `records` per key (`existsInRecords`), or, when most keys are new (after a reopen), one
   * SQL pass over the collection's journal (`countJournal`, which must cover exactly the indexed rows).
   */
  countDelta(collection: string, existsInRecords: (key: string) => boolean, countJournal: () => number): number {
    const index = this.#collections.get(collection);
    if (index === undefined) return 0;
    const uncounted = index.uncounted;
    const n = uncounted?.length ?? index.entries.size;
    if (n >= BULK_COUNT && n * 2 > index.entries.size) {
      index.delta = countJournal();
      for (const [key, entry] of index.entries) {
        if (((entry % FLAGS) & COUNTED) === 0) index.entries.set(key, entry + COUNTED);
      }
    } else {
      for (const key of uncounted ?? index.entries.keys()) {
        const entry = index.entries.get(key) ?? 0;
        if (((entry % FLAGS) & COUNTED) !== 0) continue;
        index.entries.set(key, entry + COUNTED);
        index.delta += ((entry % FLAGS) & LIVE) - (existsInRecords(key) ? 1 : 0);
      }
    }
    index.uncounted = [];
    return index.delta;
  }

  /**
   * Up to `limit` keys of a collection in key order, after `after` (or from the first when undefined).
   * Deleted keys are included (lookup() says so): they hide the same key in `records`.
   */
  keysAfter(collection: string, after: string | undefined, limit: number): string[] {
    const index = this.#collections.get(collection);
    if (index === undefined) return [];
    if (index.sorted === undefined) {
      index.sorted = [...index.entries.keys()].sort(compareKeys);
    } else if (index.unsorted.length > 0) {
      index.sorted = mergeSorted(index.sorted, index.unsorted.sort(compareKeys));
    }
    index.unsorted = [];
    const { sorted } = index;
    let start = 0;
    if (after !== undefined) {
      let high = sorted.length;
      while (start < high) {
        const middle = (start + high) >>> 1;
        if (compareKeys(sorted[middle] as string, after) <= 0) start = middle + 1;
        else high = middle;
      }
    }
    return sorted.slice(start, start + limit);
  }

  clear(): void {
    this.#collections.clear();
    this.#size = 0;
  }
}

function mergeSorted(a: string[], b: string[]): string[] {
  if (a.length === 0) return b;
  const merged = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (compareKeys(x, y) <= 0) {
      merged[k++] = x;
      i += 1;
    } else {
      merged[k++] = y;
      j += 1;
    }
  }
  while (i < a.length) merged[k++] = a[i++] as string;
  while (j < b.length) merged[k++] = b[j++] as string;
  return merged;
}
