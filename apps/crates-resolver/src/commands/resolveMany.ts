import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { BatchOutput } from '../batch/BatchOutput.js';
import type { BatchResult } from '../batch/BatchOutput.js';
import { BatchProgress } from '../batch/BatchProgress.js';
import { readBatchInputs } from '../batch/readBatchInputs.js';
import type { BatchInput } from '../batch/readBatchInputs.js';
import { CliError, ExitCode } from '../CliError.js';
import { managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { parseDuration } from '../parseDuration.js';
import { parsePublishedTime } from '../parsePublishedTime.js';
import { ResolutionPool } from '../server/ResolutionPool.js';
import { classifyFailure } from '../server/ServiceFailure.js';
import { SnapshotListCache } from '../server/SnapshotListCache.js';

interface ResolveManyArgs extends ManagerArgs {
  input: string;
  output: string | undefined;
  concurrency: number;
  workers: number;
  'search-cache-mb': number;
  'progress-interval': string;
}

const MIB = 1024 * 1024;
/** A lockfile larger than this is refused unread (the service's body limit). */
const MAX_LOCKFILE_BYTES = 10 * MIB;

export const resolveManyCommand: CommandModule<object, ResolveManyArgs> = {
  command: 'resolve-many <input>',
  describe: 'Resolve many lockfiles in one warm process: JSON Lines or a directory of cases in, one JSON line per input out',
  builder: (yargs) =>
    managerOptions(yargs as Argv)
      .positional('input', {
        type: 'string',
        demandOption: true,
        describe: 'A JSON Lines file ({"lockfile": path, "published": time, "id"?: name} per line) or a directory of <name>/Cargo.lock + <name>/case.json',
      })
      .option('output', { type: 'string', describe: 'Append results here; a rerun skips the ids already answered (default: stdout, no resume)' })
      .option('concurrency', { type: 'number', default: 8, describe: 'Lockfiles resolved at once' })
      .option('workers', { type: 'number', default: availableParallelism(), defaultDescription: 'one per core', describe: 'Threads that run searches' })
      .option('search-cache-mb', { type: 'number', default: 96, describe: 'Memory for what searches learned, shared out among the workers' })
      .option('progress-interval', { type: 'string', default: '5s', describe: 'How often a progress line is written to stderr (not on a terminal)' })
      .example('$0 resolve-many inputs.jsonl --output results.jsonl', 'interrupt and rerun: what is done is skipped') as unknown as Argv<ResolveManyArgs>,
  handler: async (args) => {
    const total = await countInputs(args.input);
    const output = args.output === undefined ? BatchOutput.stdout() : BatchOutput.open(args.output);
    const manager = await openIndexManager(args);
    const workers = Math.max(1, Math.floor(args.workers));
    const pool = new ResolutionPool({ manager, workers, cacheBytesPerWorker: Math.floor((args['search-cache-mb'] * MIB) / workers) });
    const snapshots = new SnapshotListCache(manager, parseDuration(args['update-interval'], '--update-interval'));
    const progress = new BatchProgress(process.stderr, parseDuration(args['progress-interval'], '--progress-interval'));
    progress.total = total;

    // A signal stops taking new inputs; those in flight finish and are written.
    let stopped: 'SIGINT' | 'SIGTERM' | undefined;
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => (stopped = signal);
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    process.once('SIGINT', onInt).once('SIGTERM', onTerm);

    const inputs = readBatchInputs(args.input);
    const runner = async (): Promise<void> => {
      for (let next = await inputs.next(); !next.done && stopped === undefined; next = await inputs.next()) {
        const input = next.value;
        if (output.done.has(input.id)) {
          progress.skipped += 1;
          continue;
        }
        const result = await resolveInput(input, pool, snapshots);
        output.write(result);
        if (result.error === undefined) progress.ok += 1;
        else progress.failed += 1;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.floor(args.concurrency)) }, runner));
    } finally {
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      progress.finish();
      output.close();
      await pool.close();
      await manager.close();
    }
    if (stopped !== undefined) process.exitCode = stopped === 'SIGINT' ? 130 : 143;
    else if (progress.failed > 0) {
      throw new CliError(`${progress.failed} of ${total} inputs failed (see their "error" in the output)`, {
        exitCode: ExitCode.failure,
        hint: 'rerun with the same --output to retry the ones that failed for a passing reason (network, busy index)',
      });
    }
  },
};

async function resolveInput(input: BatchInput, pool: ResolutionPool, snapshots: SnapshotListCache): Promise<BatchResult> {
  const head = { id: input.id, lockfile: input.lockfile, published: input.published };
  if (input.problem !== undefined) return { ...head, error: { code: 'ERR_BAD_INPUT', message: input.problem, retryable: false } };
  try {
    const published = parsePublishedTime(input.published, 'published');
    const lockfile = await readLockfileText(input.lockfile);
    const outcome = await pool.resolve(lockfile, input.lockfile, published, await snapshots.get());
    if (outcome.ok) return { ...head, ...outcome.resolution };
    return { ...head, error: errorOf(outcome.failure) };
  } catch (error) {
    return { ...head, error: errorOf(classifyFailure(error)) };
  }
}

function errorOf(failure: ReturnType<typeof classifyFailure>): NonNullable<BatchResult['error']> {
  return { code: failure.code, message: failure.message, ...(failure.hint ? { hint: failure.hint } : {}), retryable: failure.status >= 500 };
}

async function readLockfileText(path: string): Promise<string> {
  try {
    if ((await stat(path)).size > MAX_LOCKFILE_BYTES) {
      throw new CliError(`${path} is larger than ${MAX_LOCKFILE_BYTES} bytes: not a Cargo.lock`, { exitCode: ExitCode.badInput });
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { exitCode: ExitCode.badInput });
  }
}

async function countInputs(source: string): Promise<number> {
  try {
    let count = 0;
    for await (const _ of readBatchInputs(source)) count += 1;
    return count;
  } catch (error) {
    throw new CliError(`cannot read the batch input ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      exitCode: ExitCode.badInput,
      hint: 'give a JSON Lines file or a directory of <name>/Cargo.lock + <name>/case.json',
    });
  }
}
