import type { Argv, CommandModule } from 'yargs';
import type { CacheStatus } from '@registry-miners/crates-index-manager';
import { managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import { Reporter } from '../Reporter.js';
import type { OutputArgs } from '../Reporter.js';

interface StatusArgs extends ManagerArgs, OutputArgs {
  json: boolean;
}

export const statusCommand: CommandModule<object, StatusArgs> = {
  command: 'status',
  describe: 'Show what the cache holds: each repository, its size on disk, head commit and last update',
  builder: (yargs) =>
    managerOptions(yargs as Argv).option('json', { type: 'boolean', default: false, describe: 'Print JSON' }) as unknown as Argv<StatusArgs>,
  handler: async (args) => {
    const reporter = new Reporter(args);
    const manager = await openIndexManager(args, {}, reporter);
    try {
      const entries = await manager.status();
      if (args.json) {
        process.stdout.write(`${JSON.stringify(entries)}\n`);
        return;
      }
      process.stdout.write(`cache ${args['cache-dir']}\n`);
      // A note for the reader, not data: stdout keeps only the listing.
      if (entries.length === 0) reporter.warn('the cache is empty: `crates-resolver fetch` clones the current index');
      for (const entry of entries) process.stdout.write(`${formatStatusEntry(entry)}\n`);
    } finally {
      await manager.close();
    }
  },
};

function formatStatusEntry(entry: CacheStatus): string {
  const head = entry.head ? `head ${entry.head.slice(0, 12)} (${entry.headTime?.toISOString() ?? '?'})` : 'no head yet';
  const updated = entry.lastUpdate ? `updated ${entry.lastUpdate.toISOString()}` : 'never updated';
  return `${entry.name.padEnd(22)} ${entry.state.padEnd(8)} ${formatBytes(entry.bytes).padStart(9)}  ${head}  ${updated}  ${entry.path}`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  for (; value >= 1024 && unit < units.length - 1; unit += 1) value /= 1024;
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
