/**
 * The batch job: many lockfiles resolved in one warm process.
 *
 * 1. Inputs are read lazily from a JSON Lines file or a directory of cases (see readBatchInputs).
 * 2. Ids already answered in `output` (resolved, or failed for a reason a rerun would not change)
 *    are skipped: an interrupted batch rerun with the same output finishes the rest.
 * 3. `concurrency` inputs at a time go to a {@link ResolutionPool}; each answer is appended to the
 *    output as one JSON line as soon as it is known. A bad input is a line with an `error`, never
 *    the end of the batch.
 * 4. `signal` stops taking new inputs; those in flight finish and are written.
 */
import type { IndexManager } from '@registry-miners/crates-index-manager';
import { expectedTypeError } from '@registry-miners/utils';
import { BatchOutput } from './BatchOutput.js';
import type { BatchError, BatchResult } from './BatchOutput.js';
import { parsePublishedTime } from './parsePublishedTime.js';
import { readBatchInputs } from './readBatchInputs.js';
import type { BatchInput } from './readBatchInputs.js';
import { readLockfileText } from './readLockfileText.js';
import { classifyResolutionFailure } from './ResolutionFailure.js';
import type { ResolutionFailure } from './ResolutionFailure.js';
import { ResolutionInputError } from './ResolutionInputError.js';
import { ResolutionPool } from './ResolutionPool.js';
import type { PoolOutcome } from './ResolutionPool.js';
import { SnapshotListCache } from './SnapshotListCache.js';

export interface ResolveManyOptions {
  /** The index cache the lockfiles are resolved against. */
  manager: IndexManager;
  /** A JSON Lines file (`{"lockfile", "published", "id"?}` per line) or a directory of `<name>/Cargo.lock` + `<name>/case.json`. */
  input: string;
  /**
   * Where results are appended (resumable), or `undefined` for standard output (no resume).
   * @default undefined
   */
  output?: string | undefined;
  /**
   * Inputs in flight at once (read, queued, resolving).
   * @default 8
   */
  concurrency?: number;
  /**
   * Worker threads (see ResolutionPool).
   * @default 1
   */
  workers?: number;
  /**
   * Bytes of the search cache of all workers together.
   * @default 64 MiB
   */
  cacheBytes?: number;
  /**
   * Where the commit histories, trees and version lists read are kept for the next process (see ResolutionPool).
   * @default undefined (in memory only)
   */
  searchCacheDirectory?: string | undefined;
  /** How long the archive's snapshot list is reused before it is listed again. @default 30 minutes */
  snapshotListTtlMs?: number;
  /** Stops taking new inputs (those in flight are finished and written). */
  signal?: AbortSignal | undefined;
  /** Called with an input that failed for an unexpected reason (its line says only "internal error") and the error, for the log. */
  onInternalError?: ((id: string, error: unknown) => void) | undefined;
  /** Called after each input: counts so far, for a progress display. */
  onProgress?: ((progress: ResolveManyProgress) => void) | undefined;
}

export interface ResolveManyProgress {
  /** Inputs in the source (counted before the batch starts). */
  total: number;
  ok: number;
  failed: number;
  /** Already answered in the output (resume). */
  skipped: number;
}

/** Resolves every input of `options.input`; resolves with the final counts. Rejects only when the input or output cannot be opened. */
export async function resolveMany(options: ResolveManyOptions): Promise<ResolveManyProgress> {
  const { manager, input, output: outputPath, concurrency = 8, workers = 1, cacheBytes, searchCacheDirectory, snapshotListTtlMs = 30 * 60_000, signal, onInternalError, onProgress } = options;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 4096) throw expectedTypeError('concurrency', 'an integer from 1 to 4096', concurrency);
  const progress: ResolveManyProgress = { total: await countInputs(input), ok: 0, failed: 0, skipped: 0 };
  const output = outputPath === undefined ? BatchOutput.stdout() : BatchOutput.open(outputPath);
  const pool = new ResolutionPool({ manager, workers, cacheBytes, searchCacheDirectory });
  const snapshots = new SnapshotListCache(manager, snapshotListTtlMs);
  const inputs = readBatchInputs(input);
  const runner = async (): Promise<void> => {
    for (let next = await inputs.next(); !next.done && !signal?.aborted; next = await inputs.next()) {
      const item = next.value;
      if (output.done.has(item.id)) progress.skipped += 1;
      else {
        const result = await resolveInput(item, pool, snapshots, onInternalError);
        output.write(result);
        if (result.error === undefined) progress.ok += 1;
        else progress.failed += 1;
      }
      onProgress?.(progress);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, runner));
  } finally {
    output.close();
    await pool.close();
  }
  return progress;
}

async function resolveInput(input: BatchInput, pool: ResolutionPool, snapshots: SnapshotListCache, onInternalError: ResolveManyOptions['onInternalError']): Promise<BatchResult> {
  const head = { id: input.id, lockfile: input.lockfile, published: input.published };
  let outcome: PoolOutcome;
  try {
    if (input.problem !== undefined) throw new ResolutionInputError('ERR_BAD_BATCH_INPUT', input.problem, { hint: 'each line is {"lockfile": path, "published": RFC 3339 time, "id"?: name}' });
    const published = parsePublishedTime(input.published, 'published');
    const lockfile = await readLockfileText(input.lockfile);
    outcome = await pool.resolve(lockfile, input.lockfile, published, await snapshots.get());
  } catch (error) {
    outcome = { ok: false, failure: classifyResolutionFailure(error), error };
  }
  if (outcome.ok) return { ...head, ...outcome.resolution };
  if (outcome.failure.kind === 'internal') onInternalError?.(input.id, outcome.error);
  return { ...head, error: batchError(outcome.failure) };
}

/** Bad input and unresolved lockfiles stay answered; everything else may pass and is retried by a rerun. */
function batchError(failure: ResolutionFailure): BatchError {
  return { kind: failure.kind, code: failure.code, message: failure.message, hint: failure.hint, retryable: failure.kind !== 'bad-input' && failure.kind !== 'unresolved' };
}

async function countInputs(source: string): Promise<number> {
  let count = 0;
  try {
    for await (const _ of readBatchInputs(source)) count += 1;
  } catch (error) {
    throw new ResolutionInputError('ERR_BAD_BATCH_INPUT', `cannot read the batch input ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'give a JSON Lines file or a directory of <name>/Cargo.lock + <name>/case.json',
      cause: error,
    });
  }
  return count;
}
