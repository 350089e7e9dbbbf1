import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { createProgress } from '@registry-miners/progress';
import { CliError } from '../CliError.js';
import { searchCacheDirectory, managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { parseDuration } from '../parseDuration.js';

const TASK = 'resolve-many';

interface ResolveManyArgs extends ManagerArgs {
  input: string;
  output: string | undefined;
  concurrency: number;
  workers: number;
  'search-cache-mb': number;
  'progress-interval': string;
}

const MIB = 1024 * 1024;
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

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
      .option('search-cache-mb', { type: 'number', default: 64, describe: 'Memory for what searches learned, shared out among the workers' })
      .option('progress-interval', { type: 'string', default: '5s', describe: 'How often a progress line is written to stderr (not on a terminal)' })
      .example('$0 resolve-many inputs.jsonl --output results.jsonl', 'interrupt and rerun: what is done is skipped') as unknown as Argv<ResolveManyArgs>,
  handler: async (args) => {
    const intervalMs = parseDuration(args['progress-interval'], '--progress-interval');
    const { updateIntervalMs } = args;
    // Loaded here, not at start-up: every other command would pay for nodegit.
    const { resolveMany } = await import('@registry-miners/crates-batch');
    const manager = await openIndexManager(args);
    // Bars on a terminal, else a timestamped line every --progress-interval: as go-miner shows its phases.
    const progress = createProgress('auto', intervalMs);

    // A signal stops taking new inputs; those in flight finish and are written.
    const stop = new AbortController();
    let stopped: keyof typeof SIGNAL_EXIT_CODES | undefined;
    const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => () => {
      stopped = signal;
      stop.abort();
    };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    process.once('SIGINT', onInt).once('SIGTERM', onTerm);
    let counts;
    try {
      counts = await resolveMany({
        manager,
        input: args.input,
        output: args.output,
        concurrency: Math.max(1, Math.floor(args.concurrency)),
        workers: Math.max(1, Math.floor(args.workers)),
        cacheBytes: Math.floor(args['search-cache-mb'] * MIB),
        searchCacheDirectory: searchCacheDirectory(args),
        snapshotListTtlMs: updateIntervalMs,
        signal: stop.signal,
        onInternalError: (id, error) => progress.log(`error: ${id}: ${(error as Error)?.stack ?? String(error)}`),
        onProgress: ({ total, ok, failed, skipped }) => {
          progress.update(TASK, ok + failed + skipped, total);
          progress.note(TASK, `ok ${ok} failed ${failed} skipped ${skipped}`);
        },
      });
    } finally {
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      progress.finish(TASK);
      progress.close();
      await manager.close();
    }
    if (stopped !== undefined) process.exitCode = SIGNAL_EXIT_CODES[stopped];
    else if (counts.failed > 0) {
      throw new CliError('ERR_BATCH_FAILED', `${counts.failed} of ${counts.total} inputs failed (see their "error" in the output)`, {
        hint: 'rerun with the same --output to retry the ones that failed for a passing reason (network, busy index)',
      });
    }
  },
};
