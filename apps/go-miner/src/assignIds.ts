import type { RecordPut } from '@registry-miners/checkpoint-store';
import { GoMinerError } from './errors/GoMinerError.js';
import type { MinerState } from './state/MinerState.js';
import { COLLECTIONS, CURSORS, idKey } from './state/stateKeys.js';
import type { ProgressReporter } from './progress/ProgressReporter.js';

export interface AssignIdsResult {
  /** IDs handed out by this call. */
  assigned: number;
  /** The first ID handed out by this call (when `assigned > 0`). */
  firstId: number;
  /** The highest ID in the state after this call. */
  lastId: number;
}

/**
 * Gives every module without an ID the next IDs, in order of first appearance in the index
 * ((micros, ordinal) order of the `unassigned` collection), continuing after the highest existing ID.
 * Keys recorded in `moved` (a module that turned out to appear earlier) are stale and skipped.
 * Runs only once the crawl is complete, so no module can later turn out to have appeared earlier.
 * Each batch commits its IDs, the removals from `unassigned` and `ids.next` in one step: resumable, and
 * existing IDs never change.
 */
export function assignIds(state: MinerState, options: { batchSize?: number; progress?: ProgressReporter; signal?: AbortSignal } = {}): AssignIdsResult {
  if (!state.crawlComplete()) {
    throw new GoMinerError('ERR_CRAWL_INCOMPLETE', 'IDs are assigned only once the index crawl is complete.', {
      hint: 'Run `go-miner crawl` (or `go-miner`) to finish the crawl first.',
    });
  }
  const batchSize = options.batchSize ?? 10_000;
  const store = state.store;
  const total = state.unassignedCount();
  const startId = state.nextId();
  let next = startId;
  let done = 0;
  let batch: Array<[string, string]> = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    // Keys left behind when a module turned out to appear earlier: drop them, the module has a newer key.
    const stale = store.count(COLLECTIONS.moved) > 0 ? store.getMany<string>(COLLECTIONS.moved, batch.map(([key]) => key)) : new Map<string, string>();
    const puts: RecordPut[] = [];
    for (const [key, path] of batch) {
      if (stale.has(key)) continue;
      puts.push({ collection: COLLECTIONS.ids, key: idKey(next++), value: path });
    }
    store.commit({
      put: puts,
      delete: [
        ...batch.map(([key]) => ({ collection: COLLECTIONS.unassigned, key })),
        ...[...stale.keys()].map((key) => ({ collection: COLLECTIONS.moved, key })),
      ],
      cursors: { [CURSORS.idsNext]: next },
    });
    done += batch.length;
    batch = [];
    options.progress?.update('ids', done, total);
  };
  if (total > 0) options.progress?.update('ids', 0, total);
  for (const entry of store.entries<string>(COLLECTIONS.unassigned)) {
    batch.push(entry);
    if (batch.length >= batchSize) {
      flush();
      if (options.signal?.aborted) break;
    }
  }
  if (!options.signal?.aborted) flush();
  if (total > 0) options.progress?.finish('ids');
  return { assigned: next - startId, firstId: startId, lastId: next - 1 };
}
