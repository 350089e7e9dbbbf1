import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_ARCHIVE_URL } from '@registry-miners/crates-index-manager/defaultUrls';
import { managerOptions, openIndexManager } from '../managerOptions.js';
import type { ManagerArgs } from '../managerOptions.js';
import type { OutputArgs } from '../Reporter.js';

interface SnapshotsArgs extends ManagerArgs, OutputArgs {
  json: boolean;
}

export const snapshotsCommand: CommandModule<object, SnapshotsArgs> = {
  command: 'snapshots',
  describe: `List the snapshots of the index archive (its snapshot-YYYY-MM-DD branches; default ${DEFAULT_ARCHIVE_URL})`,
  builder: (yargs) =>
    managerOptions(yargs as Argv).option('json', { type: 'boolean', default: false, describe: 'Print a JSON array of dates' }) as unknown as Argv<SnapshotsArgs>,
  handler: async (args) => {
    const manager = await openIndexManager(args);
    try {
      const dates = await manager.listAvailableSnapshots();
      process.stdout.write(args.json ? `${JSON.stringify(dates)}\n` : dates.map((date) => `${date}\n`).join(''));
    } finally {
      await manager.close();
    }
  },
};
