import { fnv1a } from './checksum.js';
import { compareKeys } from './compareKeys.js';

// An entry packs the journal sequence number of a key's latest change with two flags.
const LIVE = 1; // the latest change is a put (else a delete)
const COUNTED = 2; // the entry's contribution to `delta` is counted
const FLAGS = 4;
/** Past this many keys added since the last count(), count() asks SQLite to count the whole journal at once. */
const BULK_COUNT = 10_000;
/** Past this many keys added during an iteration, the sorted list is dropped and rebuilt by the next page. */
const MAX_UNSORTED = 50_000;

/** What the index asks of the journal, whose rows hold the keys the index does not keep. */
export interface JournalKeys {
  /** The key of journal row `seq`. */
  keyOf(seq: number): string | undefined;
  /** The distinct keys of a collection in the journal, in key order. */
  sortedKeys(collection: string): string[];
}

/** The latest journal change of a key, as PendingIndex.lookup() returns it. */
export interface PendingChange {
  seq: number;
  live: boolean;
  /**
   * False when found by hash only: the change may belong to another key with the same hash, so the caller
   * must check the key of journal row `seq` before using it (and otherwise treat the key as not journaled).
   */
  exact: boolean;
}

/** The key's FNV-1a (checksum.ts) as an int32, which V8 stores unboxed. */
export function hashKey(key: string): number {
  return fnv1a(key) | 0;
}

class CollectionIndex {
  /** Hash of a key → its entry. Keys are not kept: about 30 bytes an entry instead of 90. */
  readonly byHash = new Map<number, number>();
  /** The rare keys whose hash was already taken by another journaled key, by exact key. */
  readonly collided = new Map<string, number>();
  /** Keys in key order, without the ones in `unsorted` yet; only while entries() iterates. */
  sorted: string[] | undefined;
  /** Keys added since the last sort. */
  unsorted: string[] = [];
  /**
   * Keys added since the last count(), whose contribution to `delta` is not counted yet. Undefined before
   * the first count() or past BULK_COUNT keys: count() then counts the whole journal in one SQL pass.
   */
  uncounted: string[] | undefined;
  /**
   * Sum over counted entries of (live - inRecords): what the journal adds to the merged count. A later
   * change of a counted key only changes `live` (`records` changes only at compaction, which clears all).
   */
  delta = 0;
}

/**
 * In memory, per connection: for each key changed in the journal, its latest change. Reads look here first,
 * then in `records`; entries() merges the journal's sorted keys with a page of `records`; count() adds what
 * the journal changes to the merged count. Bounded by the journal size (compactAfter): about 30 bytes a key,
 * as keys are held by hash (a collision is resolved by reading the key back from the journal).
 */
export class PendingIndex {
  readonly #hash: (key: string) => number;
  #collections = new Map<string, CollectionIndex>();
  #size = 0;

  /** `hash` is replaceable for tests (a weak hash forces collisions). */
  constructor(hash: (key: string) => number = hashKey) {
    this.#hash = hash;
  }

  /** Keys in the index. */
  get size(): number {
    return this.#size;
  }

  /**
   * Notes a journal row: called in sequence order, after the transaction that wrote it committed, with
   * `journal` able to read earlier rows (to tell a key from another one with the same hash).
   */
  add(collection: string, key: string, seq: number, live: boolean, journal: JournalKeys): void {
    let index = this.#collections.get(collection);
    if (index === undefined) {
      index = new CollectionIndex();
      this.#collections.set(collection, index);
    }
    const collided = index.collided.size > 0 ? index.collided.get(key) : undefined;
    if (collided !== undefined) {
      index.collided.set(key, this.#updated(index, collided, seq, live));
      return;
    }
    const hash = this.#hash(key);
    const previous = index.byHash.get(hash);
    if (previous === undefined) {
      index.byHash.set(hash, this.#added(index, key, seq, live));
    } else if (journal.keyOf(Math.floor(previous / FLAGS)) === key) {
      index.byHash.set(hash, this.#updated(index, previous, seq, live));
    } else {
      index.collided.set(key, this.#added(index, key, seq, live));
    }
  }

  lookup(collection: string, key: string): PendingChange | undefined {
    const index = this.#collections.get(collection);
    if (index === undefined) return undefined;
    const collided = index.collided.size > 0 ? index.collided.get(key) : undefined;
    if (collided !== undefined) return change(collided, true);
    const entry = index.byHash.get(this.#hash(key));
    return entry === undefined ? undefined : change(entry, false);
  }

  /**
   * What the journal adds to the number of records in `records` for a collection. Counts each new key once:
   * one lookup in `records` per key (`existsInRecords`), or, when most keys are new (after a reopen, or
   * when count() is rare), one SQL pass over the collection's journal (`countJournal`).
   */
  countDelta(collection: string, existsInRecords: (key: string) => boolean, countJournal: () => number): number {
    const index = this.#collections.get(collection);
    if (index === undefined) return 0;
    if (index.uncounted === undefined) {
      index.delta = countJournal();
      markCounted(index.byHash);
      markCounted(index.collided);
    } else {
      const count = (entry: number | undefined, key: string): number | undefined => {
        if (entry === undefined || ((entry % FLAGS) & COUNTED) !== 0) return undefined;
        index.delta += ((entry % FLAGS) & LIVE) - (existsInRecords(key) ? 1 : 0);
        return entry + COUNTED;
      };
      for (const key of index.uncounted) {
        const exact = index.collided.get(key);
        if (exact !== undefined) {
          const counted = count(exact, key);
          if (counted !== undefined) index.collided.set(key, counted);
          continue;
        }
        const hash = this.#hash(key);
        const counted = count(index.byHash.get(hash), key);
        if (counted !== undefined) index.byHash.set(hash, counted);
      }
    }
    index.uncounted = [];
    return index.delta;
  }

  /**
   * Up to `limit` keys of a collection in key order, after `after` (or from the first when undefined).
   * Deleted keys are included (lookup() says so): they hide the same key in `records`.
   */
  keysAfter(collection: string, after: string | undefined, limit: number, journal: JournalKeys): string[] {
    const index = this.#collections.get(collection);
    if (index === undefined) return [];
    if (index.sorted === undefined) {
      index.sorted = journal.sortedKeys(collection);
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

  /** A new key's entry; notes the key for the sorted list and the count when those are kept. */
  #added(index: CollectionIndex, key: string, seq: number, live: boolean): number {
    this.#size += 1;
    if (index.sorted !== undefined) {
      index.unsorted.push(key);
      if (index.unsorted.length > MAX_UNSORTED) {
        index.sorted = undefined;
        index.unsorted = [];
      }
    }
    if (index.uncounted !== undefined) {
      index.uncounted.push(key);
      if (index.uncounted.length > BULK_COUNT) index.uncounted = undefined; // count the journal in bulk
    }
    return seq * FLAGS + (live ? LIVE : 0);
  }

  /** A known key's entry after a new change. */
  #updated(index: CollectionIndex, previous: number, seq: number, live: boolean): number {
    const flags = previous % FLAGS;
    if (flags & COUNTED) index.delta += (live ? 1 : 0) - (flags & LIVE);
    return seq * FLAGS + (flags & ~LIVE) + (live ? LIVE : 0);
  }
}

function change(entry: number, exact: boolean): PendingChange {
  return { seq: Math.floor(entry / FLAGS), live: ((entry % FLAGS) & LIVE) !== 0, exact };
}

function markCounted<K>(map: Map<K, number>): void {
  for (const [id, entry] of map) {
    if (((entry % FLAGS) & COUNTED) === 0) map.set(id, entry + COUNTED);
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
