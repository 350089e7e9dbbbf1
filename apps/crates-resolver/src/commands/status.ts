import type { Argv, CommandModule } from 'yargs';
import { managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';

interface StatusArgs extends ManagerArgs {
  json: boolean;
}

export const statusCommand: CommandModule<object, StatusArgs> = {
  command: 'status',
  describe: 'Show what the cache holds: each repository, its size on disk, head commit and last update',
  builder: (yargs) =>
    managerOptions(yargs as Argv).option('json', { type: 'boolean', default: false, describe: 'Print JSON' }) as unknown as Argv<StatusArgs>,
  handler: async (args) => {
    const manager = await openIndexManager(args);
    try {
      const entries = await manager.status();
      if (args.json) {
        process.stdout.write(`${JSON.stringify(entries)}\n`);
        return;
      }
      process.stdout.write(`cache ${args['cache-dir']}\n`);
      if (entries.length === 0) process.stdout.write('(empty: `crates-resolver fetch` clones the current index)\n');
      for (const entry of entries) process.stdout.write(`${formatStatusEntry(entry)}\n`);
    } finally {
      await manager.close();
    }
  },
};

function formatStatusEntry(entry: Awaited<ReturnType<Awaited<ReturnType<typeof openIndexManager>>['status']>>[number]): string {
  return Object.entries(entry)
    .map(([key, value]) => `${key}=${value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('  ');
}
