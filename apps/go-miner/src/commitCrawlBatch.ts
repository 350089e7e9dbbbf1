import type { RecordPut } from '@registry-miners/checkpoint-store';
import type { CrawlBatch } from './CrawlBatch.js';
import { comparePosition } from './state/IndexRecord.js';
import type { IndexRecord } from './state/IndexRecord.js';
import type { CrawlCounters, MinerState } from './state/MinerState.js';
import { COLLECTIONS, CURSORS } from './state/stateKeys.js';

/** Keys read per getMany while merging a batch. */
const READ_CHUNK = 2048;

export interface CrawlBatchResult {
  newModules: number;
  /** Known modules whose newest version changed. */
  changedModules: number;
}

/**
 * Merges a batch of pages into the `modules` collection and commits it in one step with the shard plan
 * and the counters. New modules get a record (of the current ID generation: they get IDs once the crawl
 * is complete); known ones keep the earliest first appearance and the latest newest version by
 * (micros, ordinal). Paths are merged in key order, so the store reads and writes its B-tree front to
 * back, and the records are read and written in chunks while the commit runs: memory stays bounded by
 * the batch, whatever its number of modules.
 */
export function commitCrawlBatch(state: MinerState, batch: CrawlBatch, counters: CrawlCounters): CrawlBatchResult {
  const store = state.store;
  const generation = state.generation();
  // The default sort compares UTF-16 code units: for the ASCII module paths, the store's key order.
  const paths = [...batch.slots.keys()].sort();
  const result: CrawlBatchResult = { newModules: 0, changedModules: 0 };

  function* puts(): Generator<RecordPut> {
    for (let start = 0; start < paths.length; start += READ_CHUNK) {
      const chunk = paths.slice(start, start + READ_CHUNK);
      // Reading inside the commit's transaction is consistent: this process is the only writer.
      const existing = store.getMany<IndexRecord>(COLLECTIONS.modules, chunk);
      for (const path of chunk) {
        const slot = batch.slots.get(path)!;
        const firstMicros = batch.firstMicros[slot]!;
        const firstOrdinal = batch.firstOrdinal[slot]!;
        const newestMicros = batch.newestMicros[slot]!;
        const newestOrdinal = batch.newestOrdinal[slot]!;
        const record = existing.get(path);
        if (!record) {
          result.newModules++;
          const value: IndexRecord = [firstMicros, firstOrdinal, batch.newestVersion[slot]!, batch.newestTimestamp[slot]!, newestMicros, newestOrdinal, generation];
          yield { collection: COLLECTIONS.modules, key: path, value };
          continue;
        }
        let changed = false;
        if (comparePosition(firstMicros, firstOrdinal, record[0], record[1]) < 0) {
          // Pages of an earlier shard arrived after a later shard's: the module appeared earlier than thought.
          record[0] = firstMicros;
          record[1] = firstOrdinal;
          changed = true;
        }
        if (comparePosition(newestMicros, newestOrdinal, record[4], record[5]) > 0) {
          record[2] = batch.newestVersion[slot]!;
          record[3] = batch.newestTimestamp[slot]!;
          record[4] = newestMicros;
          record[5] = newestOrdinal;
          result.changedModules++;
          changed = true;
        }
        if (changed) yield { collection: COLLECTIONS.modules, key: path, value: record };
      }
    }
  }

  const next: CrawlCounters = { pages: counters.pages + batch.pages, entries: counters.entries + batch.entries };
  store.commit({ put: puts(), cursors: { [CURSORS.crawlShards]: batch.plan, [CURSORS.crawlCounters]: next } });
  counters.pages = next.pages;
  counters.entries = next.entries;
  return result;
}
