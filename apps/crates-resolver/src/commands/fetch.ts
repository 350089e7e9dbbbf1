import type { Argv, CommandModule } from 'yargs';
import type { RepositoryKey } from '@registry-miners/crates-index-manager';
import { CliError } from '../CliError.js';
import { managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { Reporter } from '../Reporter.js';
import type { OutputArgs } from '../Reporter.js';

interface FetchArgs extends ManagerArgs, OutputArgs {
  current: boolean;
  snapshot: string[] | undefined;
}

export const fetchCommand: CommandModule<object, FetchArgs> = {
  command: 'fetch',
  describe: 'Clone or update the current index and/or snapshots into the cache ahead of time',
  builder: (yargs) =>
    managerOptions(yargs as Argv)
      .option('current', { type: 'boolean', default: true, describe: 'Clone or update the current index (--no-current to skip)' })
      .option('snapshot', { type: 'array', string: true, requiresArg: true, describe: 'Snapshot dates to clone (YYYY-MM-DD), as listed by `snapshots`' })
      .example('$0 fetch', 'clone or update the current index')
      .example('$0 fetch --no-current --snapshot 2020-03-25', 'clone one snapshot') as unknown as Argv<FetchArgs>,
  handler: async (args) => {
    const keys: RepositoryKey[] = [
      ...(args.current ? [{ kind: 'current' } as const] : []),
      ...(args.snapshot ?? []).map((date) => ({ kind: 'snapshot', date }) as const),
    ];
    if (keys.length === 0) {
      throw new CliError('ERR_BAD_INPUT', 'nothing to fetch', { hint: 'drop --no-current or name a --snapshot' });
    }
    const reporter = new Reporter(args);
    const manager = await openIndexManager(args, {}, reporter);
    try {
      const handles = await manager.getRepositories(keys);
      reporter.done();
      for (const handle of handles) {
        process.stdout.write(`${handle.path}  head ${handle.head.slice(0, 12)}  ${handle.headTime.toISOString()}\n`);
        handle.close();
      }
    } finally {
      await manager.close();
    }
  },
};
