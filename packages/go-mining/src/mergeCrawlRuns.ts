import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CrawlRunReader } from './CrawlRunReader.js';
import { debugStop } from './debugStop.js';
import type { RunRecord } from './CrawlRunReader.js';
import type { ProgressReporter } from './progress/ProgressReporter.js';
import type { CrawlRuns } from './state/CrawlRuns.js';
import { runsDirectory } from './state/CrawlRuns.js';
import { comparePosition } from './state/IndexRecord.js';
import type { IndexRecord } from './state/IndexRecord.js';
import type { MinerState } from './state/MinerState.js';
import { COLLECTIONS, CURSORS } from './state/stateKeys.js';

/** Modules per load() step: one fsynced transaction each. */
const LOAD_CHUNK = 50_000;

/**
 * Reduces the runs of a finished crawl to one record per module and writes them into `modules`, once:
 *
 * 1. Every run is read front to back at once; a heap of the readers by their current module path yields
 *    the paths in key order (a k-way merge), and the records of one path from all runs are reduced:
 *    first appearance is the minimum, newest version the maximum by (micros, ordinal).
 * 2. For a refresh (`hadModules`), each chunk of paths is combined with the records already stored
 *    (read with getMany, in key order); unchanged modules are not written again.
 * 3. Each chunk is written with `store.load()` (key order, straight into the table) in one atomic step
 *    with the merge position (`mergedAfter`) and its counts: a merge killed at any moment resumes after
 *    the last chunk written, skipping what it already merged.
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
  const store = state.store;
  const dir = runsDirectory(state.dir);
  const generation = state.generation();
  const heap = new ReaderHeap(runs.runs.map((name) => new CrawlRunReader(join(dir, name))));
  let current = { ...runs };
  let modules = state.moduleCount();
  let loads = 0;
  try {
    if (current.mergedAfter !== null) heap.skipThrough(current.mergedAfter);
    let chunk: Array<[string, IndexRecord]> = [];
    const flush = (): void => {
      if (chunk.length === 0) return;
      const last = chunk[chunk.length - 1]![0];
      const puts = current.hadModules ? combineWithStored(state, chunk, current) : chunk;
      if (!current.hadModules) current.newModules += chunk.length;
      current = { ...current, mergedAfter: last };
      store.load({ collection: COLLECTIONS.modules, put: puts, cursors: { [CURSORS.crawlRuns]: current } });
      modules = current.hadModules ? state.moduleCount() : modules + chunk.length;
      progress?.update('modules', modules);
      chunk = [];
    };
    for (;;) {
      const merged = heap.popMerged();
      if (merged === undefined) break;
      chunk.push([merged.path, [merged.firstMicros, merged.firstOrdinal, merged.newestVersion, merged.newestTimestamp, merged.newestMicros, merged.newestOrdinal, generation]]);
      if (chunk.length >= chunkSize) {
        flush();
        debugStop('merge', ++loads);
        if (signal?.aborted) return undefined;
      }
    }
    flush();
    debugStop('merge', ++loads);
    return current;
  } finally {
    heap.close();
  }
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
  const stored = state.store.getMany<IndexRecord>(COLLECTIONS.modules, chunk.map(([path]) => path));
  const puts: Array<[string, IndexRecord]> = [];
  for (const [path, merged] of chunk) {
    const record = stored.get(path);
    if (record === undefined) {
      runs.newModules++;
      puts.push([path, merged]);
      continue;
    }
    let changed = false;
    if (comparePosition(merged[0], merged[1], record[0], record[1]) < 0) {
      record[0] = merged[0];
      record[1] = merged[1];
      changed = true;
    }
    if (comparePosition(merged[4], merged[5], record[4], record[5]) > 0) {
      record[2] = merged[2];
      record[3] = merged[3];
      record[4] = merged[4];
      record[5] = merged[5];
      runs.changedModules++;
      changed = true;
    }
    if (changed) puts.push([path, record]);
  }
  return puts;
}

/** The run readers as a binary min-heap by their current module path. */
class ReaderHeap {
  readonly #readers: CrawlRunReader[];
  readonly #all: CrawlRunReader[];

  constructor(readers: CrawlRunReader[]) {
    this.#all = readers;
    this.#readers = [];
    for (const reader of readers) if (reader.current !== undefined) this.#push(reader);
  }

  /** Drops every record up to and including `path` (what an interrupted merge already wrote). */
  skipThrough(path: string): void {
    for (;;) {
      const top = this.#readers[0];
      if (top === undefined || top.current!.path > path) return;
      this.#pop();
      while (top.current !== undefined && top.current.path <= path) top.advance();
      if (top.current !== undefined) this.#push(top);
    }
  }

  /** The next module path in key order, its records of every run reduced to one; `undefined` at the end. */
  popMerged(): RunRecord | undefined {
    const first = this.#readers[0];
    if (first === undefined) return undefined;
    const merged = { ...first.current! };
    this.#next(first);
    for (;;) {
      const top = this.#readers[0];
      if (top === undefined || top.current!.path !== merged.path) return merged;
      const other = top.current!;
      if (comparePosition(other.firstMicros, other.firstOrdinal, merged.firstMicros, merged.firstOrdinal) < 0) {
        merged.firstMicros = other.firstMicros;
        merged.firstOrdinal = other.firstOrdinal;
      }
      if (comparePosition(other.newestMicros, other.newestOrdinal, merged.newestMicros, merged.newestOrdinal) > 0) {
        merged.newestMicros = other.newestMicros;
        merged.newestOrdinal = other.newestOrdinal;
        merged.newestVersion = other.newestVersion;
        merged.newestTimestamp = other.newestTimestamp;
      }
      this.#next(top);
    }
  }

  close(): void {
    for (const reader of this.#all) reader.close();
  }

  /** Advances the top reader and restores the heap. */
  #next(top: CrawlRunReader): void {
    top.advance();
    if (top.current === undefined) this.#pop();
    else this.#siftDown(0);
  }

  #push(reader: CrawlRunReader): void {
    const heap = this.#readers;
    heap.push(reader);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.current!.path <= reader.current!.path) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = reader;
  }

  #pop(): void {
    const heap = this.#readers;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    this.#siftDown(0);
  }

  #siftDown(start: number): void {
    const heap = this.#readers;
    const item = heap[start]!;
    const path = item.current!.path;
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && heap[child + 1]!.current!.path < heap[child]!.current!.path) child++;
      if (heap[child]!.current!.path >= path) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = item;
  }
}
