import type { RecordKey, RecordPut } from '@registry-miners/checkpoint-store';
import type { CrawlBatch } from './CrawlBatch.js';
import { compareIndexPosition } from './state/compareIndexPosition.js';
import type { CrawlCounters, MinerState } from './state/MinerState.js';
import type { ModuleRecord } from './state/ModuleRecord.js';
import { COLLECTIONS, CURSORS, firstAppearanceKey } from './state/stateKeys.js';

/** Keys read per getMany while merging a batch. */
const READ_CHUNK = 4096;

/**
 * Merges a batch of pages into the `modules` collection and commits it in one step with the shard
 * plan and the counters: new modules get a record, a `pending` mark (to be looked up) and an
 * `unassigned` entry (to get an ID once the crawl is complete); known ones keep the earliest first
 * appearance and the latest newest version by (micros, ordinal), and go back to `pending` when their
 * newest version changed since their lookup. Paths are handled in key order, so the store reads and
 * writes its B-tree sequentially.
 */
export function commitCrawlBatch(state: MinerState, batch: CrawlBatch, counters: CrawlCounters): { newModules: number; changedModules: number } {
  const store = state.store;
  // The default sort compares UTF-16 code units: for ASCII module paths, the store's binary key order.
  const paths = [...batch.slots.keys()].sort();
  // One list per collection, each in key order: the store then sweeps each B-tree once, front to back.
  const modulePuts: RecordPut[] = [];
  const pendingPuts: RecordPut[] = [];
  const unassignedPuts: RecordPut[] = [];
  const deletes: RecordKey[] = [];
  const moved: Array<{ path: string; oldKey: string; newKey: string }> = [];
  let newModules = 0;
  let changedModules = 0;
  for (let start = 0; start < paths.length; start += READ_CHUNK) {
    const chunk = paths.slice(start, start + READ_CHUNK);
    const existing = store.getMany<ModuleRecord>(COLLECTIONS.modules, chunk);
    for (const path of chunk) {
      const slot = batch.slots.get(path)!;
      const firstMicros = String(batch.firstMicros[slot]);
      const firstOrdinal = batch.firstOrdinal[slot]!;
      const newest = {
        version: batch.newestVersion[slot]!,
        timestamp: batch.newestTimestamp[slot]!,
        micros: String(batch.newestMicros[slot]),
        ordinal: batch.newestOrdinal[slot]!,
      };
      const record = existing.get(path);
      if (!record) {
        newModules++;
        const value: ModuleRecord = { first: [firstMicros, firstOrdinal], newest, pending: true };
        modulePuts.push({ collection: COLLECTIONS.modules, key: path, value });
        pendingPuts.push({ collection: COLLECTIONS.pending, key: path, value: 1 });
        unassignedPuts.push({ collection: COLLECTIONS.unassigned, key: firstAppearanceKey(firstMicros, firstOrdinal, path), value: path });
        continue;
      }
      let changed = false;
      if (compareIndexPosition(firstMicros, firstOrdinal, record.first[0], record.first[1]) < 0) {
        moved.push({
          path,
          oldKey: firstAppearanceKey(record.first[0], record.first[1], path),
          newKey: firstAppearanceKey(firstMicros, firstOrdinal, path),
        });
        record.first = [firstMicros, firstOrdinal];
        changed = true;
      }
      if (compareIndexPosition(newest.micros, newest.ordinal, record.newest.micros, record.newest.ordinal) > 0) {
        record.newest = newest;
        if (!record.pending && (record.lookup?.forVersion !== newest.version || record.lookup.status === 'failed')) {
          record.pending = true;
          pendingPuts.push({ collection: COLLECTIONS.pending, key: path, value: 1 });
          changedModules++;
        }
        changed = true;
      }
      if (changed) modulePuts.push({ collection: COLLECTIONS.modules, key: path, value: record });
    }
  }
  if (moved.length > 0) {
    // A module whose first appearance moved earlier (pages of an earlier shard arrived later) keeps its
    // place in ID order only while it has no ID; IDs never change.
    const stillUnassigned = store.getMany<string>(COLLECTIONS.unassigned, moved.map((move) => move.oldKey));
    for (const move of moved) {
      if (!stillUnassigned.has(move.oldKey)) continue;
      deletes.push({ collection: COLLECTIONS.unassigned, key: move.oldKey });
      unassignedPuts.push({ collection: COLLECTIONS.unassigned, key: move.newKey, value: move.path });
    }
  }
  counters.pages += batch.pages;
  counters.entries += batch.entries;
  counters.modules += newModules;
  unassignedPuts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  store.commit({ put: concat(modulePuts, pendingPuts, unassignedPuts), delete: deletes, cursors: { [CURSORS.crawlShards]: batch.plan, [CURSORS.crawlCounters]: counters } });
  return { newModules, changedModules };
}

function* concat<T>(...lists: T[][]): Generator<T> {
  for (const list of lists) yield* list;
}
