import { join } from 'node:path';
import { GoMinerError } from './errors/GoMinerError.js';
import { PathSpool } from './PathSpool.js';
import type { ProgressReporter } from '@registry-miners/progress';
import type { MinerState } from './state/MinerState.js';
import { firstMicrosOf, firstOrdinalOf, generationOf } from './state/IndexRecord.js';

export interface AssignIdsResult {
  /** IDs handed out by this call. */
  assigned: number;
  /** The first ID handed out by this call (when `assigned > 0`). */
  firstId: number;
  /** The highest ID in the state after this call. */
  lastId: number;
}

/** IDs written per load() step (one fsynced transaction with `ids.next`). */
const LOAD_CHUNK = 50_000;
/** Module paths held in memory at once while handing out IDs (about 70 bytes each). */
const DEFAULT_WINDOW = 500_000;
/** The new modules' paths in key order, in the state directory while IDs are handed out (see PathSpool). */
const SPOOL_FILE = 'ids-paths.tmp';

/**
 * Gives every module first seen by the crawl(s) since the last assignment (its record carries the
 * current generation) the next IDs, in order of first appearance in the index, continuing after the
 * highest existing ID. Runs only once the crawl is complete: by then every first appearance is final,
 * whatever order the shards delivered their pages in. Existing IDs never change.
 *
 * 1. Scan `modules` in key order; keep each new module's first appearance (micros, ordinal) in typed
 *    arrays (12 bytes a module), and sort their positions by it: the rank of a module is its ID offset.
 *    The same scan writes their paths to a scratch file (PathSpool), in the same order.
 * 2. Hand the IDs out in windows of consecutive IDs: read the paths back, keep those whose rank falls
 *    in the window, and write them to `ids` in ID order with the store's `load()` (ascending keys,
 *    appended at the end of the table), 50,000 per step with `ids.next`. Reading the scratch file
 *    again for each window costs a fraction of scanning the store again (5 windows at full size).
 * 3. Advance the generation.
 *
 * Modules do not change between the crawl's completion and the end of the assignment, so a resumed
 * assignment computes the same ranks and continues at `ids.next`.
 */
export function assignIds(
  state: MinerState,
  options: { progress?: ProgressReporter; signal?: AbortSignal; windowSize?: number } = {},
): AssignIdsResult {
  if (!state.crawlComplete()) {
    throw new GoMinerError('ERR_CRAWL_INCOMPLETE', 'IDs are assigned only once the index crawl is complete.', {
      hint: 'Run `go-miner crawl` (or `go-miner`) to finish the crawl first.',
    });
  }
  const { progress, signal, windowSize = DEFAULT_WINDOW } = options;
  const generation = state.generation();
  const startId = state.nextId();
  let assigning = state.idAssignment();
  if (assigning?.generation !== generation || typeof assigning.firstId !== 'number') {
    assigning = { generation, firstId: startId };
    state.startIdAssignment(assigning);
  }
  const { firstId } = assigning;

  const spool = new PathSpool(join(state.dir, SPOOL_FILE));
  let next = startId;
  try {
    const ranks = rankNewModules(state, generation, spool, progress);
    const total = ranks.length;
    if (total > 0) progress?.update('ids', next - firstId, total);
    while (next - firstId < total) {
      if (signal?.aborted) return { assigned: next - startId, firstId: startId, lastId: next - 1 };
      const low = next - firstId;
      const high = Math.min(total, low + windowSize);
      const paths = pathsOfRanks(spool, ranks, low, high);
      for (let start = 0; start < paths.length; start += LOAD_CHUNK) {
        const chunk = paths.slice(start, start + LOAD_CHUNK);
        const from = next;
        next += chunk.length;
        state.loadIds(from, chunk);
        progress?.update('ids', next - firstId, total);
      }
    }
  } finally {
    spool.remove();
  }
  // Everything handed out: modules the next crawl adds belong to the next generation.
  state.finishIdAssignment(generation);
  if (next > firstId) progress?.finish('ids');
  return { assigned: next - startId, firstId: startId, lastId: next - 1 };
}

/**
 * The rank by first appearance of each module of `generation`, indexed by its position among them in
 * key order. First appearances are unique (one index entry introduces one module), so ranks are too.
 */
function rankNewModules(state: MinerState, generation: number, spool: PathSpool, progress: ProgressReporter | undefined): Uint32Array {
  const total = state.moduleCount();
  // Room for every module at once: growing by doubling held up to 1.5 times as much, at the crawl process's peak.
  let micros = new Float64Array(Math.max(1024, total));
  let ordinals = new Uint32Array(Math.max(1024, total));
  let count = 0;
  let scanned = 0;
  progress?.update('scan', 0, total);
  for (const [path, record] of state.modules()) {
    if (++scanned % 100_000 === 0) progress?.update('scan', scanned, total);
    if (generationOf(record) !== generation) continue;
    spool.add(path);
    if (count === micros.length) {
      micros = grow(micros, new Float64Array(count * 2));
      ordinals = grow(ordinals, new Uint32Array(count * 2));
    }
    micros[count] = firstMicrosOf(record);
    ordinals[count] = firstOrdinalOf(record);
    count++;
  }
  progress?.update('scan', scanned, total);
  progress?.finish('scan');
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  order.sort((a, b) => micros[a]! - micros[b]! || ordinals[a]! - ordinals[b]!);
  const ranks = new Uint32Array(count);
  for (let rank = 0; rank < count; rank++) ranks[order[rank]!] = rank;
  return ranks;
}

function grow<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The paths of the new modules (`spool`, in key order) whose rank is in `[low, high)`, in rank order. */
function pathsOfRanks(spool: PathSpool, ranks: Uint32Array, low: number, high: number): string[] {
  const paths = new Array<string>(high - low);
  let position = 0;
  for (const path of spool.paths()) {
    const rank = ranks[position++]!;
    if (rank >= low && rank < high) paths[rank - low] = path;
  }
  return paths;
}
