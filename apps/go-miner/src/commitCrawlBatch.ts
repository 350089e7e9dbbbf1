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
  const paths = [...batch.updates.keys()].sort(compareKeys);
  const puts: RecordPut[] = [];
  const deletes: RecordKey[] = [];
  const moved: Array<{ path: string; oldKey: string; newKey: string }> = [];
  let newModules = 0;
  let changedModules = 0;
  for (let start = 0; start < paths.length; start += READ_CHUNK) {
    const chunk = paths.slice(start, start + READ_CHUNK);
    const existing = store.getMany<ModuleRecord>(COLLECTIONS.modules, chunk);
    for (const path of chunk) {
      const update = batch.updates.get(path)!;
      const firstMicros = update.first.micros.toString();
      const newest = {
        version: update.newest.version,
        timestamp: update.newest.timestamp,
        micros: update.newest.micros.toString(),
        ordinal: update.newest.ordinal,
      };
      const record = existing.get(path);
      if (!record) {
        newModules++;
        const value: ModuleRecord = { first: [firstMicros, update.first.ordinal], newest, pending: true };
        puts.push(
          { collection: COLLECTIONS.modules, key: path, value },
          { collection: COLLECTIONS.pending, key: path, value: 1 },
          { collection: COLLECTIONS.unassigned, key: firstAppearanceKey(firstMicros, update.first.ordinal, path), value: path },
        );
        continue;
      }
      let changed = false;
      if (compareIndexPosition(firstMicros, update.first.ordinal, record.first[0], record.first[1]) < 0) {
        moved.push({
          path,
          oldKey: firstAppearanceKey(record.first[0], record.first[1], path),
          newKey: firstAppearanceKey(firstMicros, update.first.ordinal, path),
        });
        record.first = [firstMicros, update.first.ordinal];
        changed = true;
      }
      if (compareIndexPosition(newest.micros, newest.ordinal, record.newest.micros, record.newest.ordinal) > 0) {
        record.newest = newest;
        if (!record.pending && (record.lookup?.forVersion !== newest.version || record.lookup.status === 'failed')) {
          record.pending = true;
          puts.push({ collection: COLLECTIONS.pending, key: path, value: 1 });
          changedModules++;
        }
        changed = true;
      }
      if (changed) puts.push({ collection: COLLECTIONS.modules, key: path, value: record });
    }
  }
  if (moved.length > 0) {
    // A module whose first appearance moved earlier (pages of an earlier shard arrived later) keeps its
    // place in ID order only while it has no ID; IDs never change.
    const stillUnassigned = store.getMany<string>(COLLECTIONS.unassigned, moved.map((move) => move.oldKey));
    for (const move of moved) {
      if (!stillUnassigned.has(move.oldKey)) continue;
      deletes.push({ collection: COLLECTIONS.unassigned, key: move.oldKey });
      puts.push({ collection: COLLECTIONS.unassigned, key: move.newKey, value: move.path });
    }
  }
  counters.pages += batch.pages;
  counters.entries += batch.entries;
  counters.modules += newModules;
  store.commit({ put: puts, delete: deletes, cursors: { [CURSORS.crawlShards]: batch.plan, [CURSORS.crawlCounters]: counters } });
  return { newModules, changedModules };
}

/** Binary (code unit) order, which for the ASCII module paths is the store's key order. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
