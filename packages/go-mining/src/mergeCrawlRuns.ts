import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatIndexTimestamp } from '@registry-miners/go-index';
import { ModuleReduction } from './ModuleReduction.js';
import { CrawlRunFile } from './CrawlRunFile.js';
import { debugStop } from './debugStop.js';
import type { ProgressReporter } from '@registry-miners/progress';
import { partitionOfPath } from './RunPartitions.js';
import type { CrawlRuns } from './state/CrawlRuns.js';
import { runBounds, runsDirectory } from './state/CrawlRuns.js';
import { foldIndexRecord, indexRecord } from './state/IndexRecord.js';
import type { IndexRecord } from './state/IndexRecord.js';
import type { MinerState } from './state/MinerState.js';

/** Module paths per load() step: one fsynced transaction each. */
const LOAD_CHUNK = 50_000;

/** Modules a partition's reduction has room for at first (it grows): 2.5M modules make about 10,000 a partition. */
const PARTITION_ROOM = 1 << 14;

/**
 * Reduces the runs of a finished crawl to one record per module and writes them into `modules`, once:
 *
 * 1. Partition after partition (key ranges, in key order: see RunPartitions), the partition's records
 *    of every run are read (one read per run) and reduced per module path in a ModuleReduction, on their
 *    bytes: first appearance is the minimum, newest version the maximum by (micros, ordinal). Only the
 *    partition's distinct paths are then made strings and sorted: no run is sorted, no k-way merge
 *    compares keys.
 * 2. For a refresh (`hadModules`), each chunk of paths is combined with the records already stored
 *    (read with getMany, in key order); unchanged modules are not written again.
 * 3. Each chunk is written with the store's `load()` (key order, straight into the table) in one atomic step
 *    with the merge position (`mergedAfter`) and its counts: a merge killed at any moment resumes after
 *    the last chunk written (in that path's partition), skipping what it already merged.
 *
 * Returns the runs state after the merge, or `undefined` when the signal stopped it between chunks.
 * The run files are removed by the caller once the completion is committed.
 */
export function mergeCrawlRuns(
  state: MinerState,
  runs: CrawlRuns,
  options: { progress?: ProgressReporter; signal?: AbortSignal; chunkSize?: number } = {},
): CrawlRuns | undefined {
  const { progress, signal, chunkSize = LOAD_CHUNK } = options;
  const dir = runsDirectory(state.dir);
  const generation = state.generation();
  const bounds = runBounds(state.dir, runs) ?? [];
  const files: CrawlRunFile[] = [];
  let current = { ...runs };
  let modules = state.moduleCount();
  let loads = 0;
  try {
    for (const name of runs.runs) files.push(new CrawlRunFile(join(dir, name), bounds.length + 1));
    const buffer = { bytes: Buffer.allocUnsafe(1 << 20) };
    const reduction = new ModuleReduction(PARTITION_ROOM);
    const after = current.mergedAfter;
    let chunk: Array<[string, IndexRecord]> = [];
    const flush = (): void => {
      if (chunk.length === 0) return;
      const last = chunk[chunk.length - 1]![0];
      const puts = current.hadModules ? combineWithStored(state, chunk, current) : chunk;
      if (!current.hadModules) current.newModules += chunk.length;
      current = { ...current, mergedAfter: last };
      state.loadModules(puts, current);
      modules = current.hadModules ? state.moduleCount() : modules + chunk.length;
      progress?.update('modules', modules);
      chunk = [];
    };
    for (let partition = after === null ? 0 : partitionOfPath(bounds, after); partition <= bounds.length; partition++) {
      reduction.clear();
      for (const file of files) file.readPartition(partition, reduction.addRecord, buffer);
      for (const [path, slot] of sortedPaths(reduction)) {
        if (after !== null && path <= after) continue;
        chunk.push([path, recordOf(reduction, slot, generation)]);
        if (chunk.length >= chunkSize) {
          flush();
          debugStop('merge', ++loads);
          if (signal?.aborted) return undefined;
        }
      }
    }
    flush();
    debugStop('merge', ++loads);
    return current;
  } finally {
    for (const file of files) file.close();
  }
}

/** The paths of a reduction with their slots, sorted (`<` compares UTF-16 code units: for ASCII module paths, the store's key order). */
function sortedPaths(reduction: ModuleReduction): Array<[string, number]> {
  const paths = Array.from({ length: reduction.count }, (_, slot): [string, number] => [reduction.pathOf(slot), slot]);
  return paths.sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The module record of a reduced slot. Runs leave out canonical timestamps: written back here, once per module. */
function recordOf(reduction: ModuleReduction, slot: number, generation: number): IndexRecord {
  const at = 4 * slot;
  const { positions } = reduction;
  const newestTimestamp = reduction.newestTimestampOf(slot) || formatIndexTimestamp(positions[at + 2]!);
  const facts = {
    firstMicros: positions[at]!,
    firstOrdinal: positions[at + 1]!,
    newestVersion: reduction.newestVersionOf(slot),
    newestTimestamp,
    newestMicros: positions[at + 2]!,
    newestOrdinal: positions[at + 3]!,
  };
  return indexRecord(facts, generation);
}

/** Removes the run files of a merged crawl (after its completion is committed; leftovers are removed on the next start). */
export function removeRunFiles(stateDir: string, runs: CrawlRuns): void {
  for (const name of runs.runs) rmSync(join(runsDirectory(stateDir), name), { force: true });
}

/**
 * A refresh: combines merged records with those stored, counting new and changed modules in `runs`.
 * Returns what must be written: new modules, and known ones whose first appearance or newest version moved.
 */
function combineWithStored(state: MinerState, chunk: Array<[string, IndexRecord]>, runs: CrawlRuns): Array<[string, IndexRecord]> {
  const stored = state.indexRecords(chunk.map(([path]) => path));
  const puts: Array<[string, IndexRecord]> = [];
  for (const [path, merged] of chunk) {
    const record = stored.get(path);
    if (record === undefined) {
      runs.newModules++;
      puts.push([path, merged]);
      continue;
    }
    const { firstMoved, newestMoved } = foldIndexRecord(record, merged);
    if (newestMoved) runs.changedModules++;
    if (firstMoved || newestMoved) puts.push([path, record]);
  }
  return puts;
}
