import type { RecordPut } from '@registry-miners/checkpoint-store';
import { GoMinerError } from './errors/GoMinerError.js';
import type { ProgressReporter } from './progress/ProgressReporter.js';
import type { IndexRecord } from './state/IndexRecord.js';
import type { MinerState } from './state/MinerState.js';
import { COLLECTIONS, CURSORS, firstAppearanceKey, idKey } from './state/stateKeys.js';

export interface AssignIdsResult {
  /** IDs handed out by this call. */
  assigned: number;
  /** The first ID handed out by this call (when `assigned > 0`). */
  firstId: number;
  /** The highest ID in the state after this call. */
  lastId: number;
}

/** Where an interrupted assignment stands (cursor `ids.assigning`). */
interface Assigning {
  generation: number;
  /** The scan of `modules` for this generation's new modules went up to this path (exclusive of later ones). */
  scannedAfter: string | null;
  /** The scan is complete: IDs are being handed out from `unassigned`. */
  scanned: boolean;
}

/**
 * Gives every module first seen by the crawl(s) since the last assignment (its record carries the
 * current generation) the next IDs, in order of first appearance in the index, continuing after the
 * highest existing ID. Runs only once the crawl is complete: by then every first appearance is final,
 * whatever order the shards delivered their pages in.
 *
 * Two resumable steps, each committed in batches with its cursor: (1) scan `modules` in key order and
 * put this generation's modules into `unassigned`, keyed by (micros, ordinal) of their first appearance;
 * (2) walk `unassigned` in key order, writing `ids` and removing what was handed out. Then the generation
 * advances. Existing IDs never change.
 */
export function assignIds(state: MinerState, options: { batchSize?: number; progress?: ProgressReporter; signal?: AbortSignal } = {}): AssignIdsResult {
  if (!state.crawlComplete()) {
    throw new GoMinerError('ERR_CRAWL_INCOMPLETE', 'IDs are assigned only once the index crawl is complete.', {
      hint: 'Run `go-miner crawl` (or `go-miner`) to finish the crawl first.',
    });
  }
  const { progress, signal } = options;
  const batchSize = options.batchSize ?? 10_000;
  const store = state.store;
  const generation = state.generation();
  const startId = state.nextId();
  let assigning = store.cursor<Assigning>(CURSORS.idsAssigning);
  if (assigning?.generation !== generation) assigning = { generation, scannedAfter: null, scanned: false };

  if (!assigning.scanned) {
    const total = state.moduleCount();
    let scanned = 0;
    let puts: RecordPut[] = [];
    let last: string | null = assigning.scannedAfter;
    progress?.update('scan', 0, total);
    const flush = (done: boolean): void => {
      const next: Assigning = { generation, scannedAfter: last, scanned: done };
      store.commit({ put: puts, cursors: { [CURSORS.idsAssigning]: next } });
      assigning = next;
      puts = [];
      progress?.update('scan', scanned, total);
    };
    for (const [path, record] of store.entries<IndexRecord>(COLLECTIONS.modules, assigning.scannedAfter === null ? {} : { after: assigning.scannedAfter })) {
      scanned++;
      last = path;
      if (record[6] === generation) puts.push({ collection: COLLECTIONS.unassigned, key: firstAppearanceKey(record[0], record[1], path), value: path });
      if (scanned % (4 * batchSize) === 0) {
        flush(false);
        if (signal?.aborted) return { assigned: 0, firstId: startId, lastId: startId - 1 };
      }
    }
    flush(true);
    progress?.finish('scan');
  }

  const total = state.unassignedCount();
  let next = startId;
  let batch: Array<[string, string]> = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const from = next;
    next += batch.length;
    store.commit({
      put: batch.map(([, path], index) => ({ collection: COLLECTIONS.ids, key: idKey(from + index), value: path })),
      delete: batch.map(([key]) => ({ collection: COLLECTIONS.unassigned, key })),
      cursors: { [CURSORS.idsNext]: next },
    });
    batch = [];
    progress?.update('ids', next - startId, total);
  };
  if (total > 0) progress?.update('ids', 0, total);
  for (const entry of store.entries<string>(COLLECTIONS.unassigned)) {
    batch.push(entry);
    if (batch.length >= batchSize) {
      flush();
      if (signal?.aborted) return { assigned: next - startId, firstId: startId, lastId: next - 1 };
    }
  }
  flush();
  // Everything handed out: modules the next crawl adds belong to the next generation.
  store.commit({ cursors: { [CURSORS.idsGeneration]: generation + 1, [CURSORS.idsAssigning]: undefined } });
  if (total > 0) progress?.finish('ids');
  return { assigned: next - startId, firstId: startId, lastId: next - 1 };
}
