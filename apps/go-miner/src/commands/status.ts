import type { CommandModule } from 'yargs';
import { describeCounts, MinerState, readStatus } from '@registry-miners/go-mining';
import type { StateStatus } from '@registry-miners/go-mining';
import { resolveUserPath } from '../resolveUserPath.js';
import { contextOf } from './CliContext.js';
import type { StateArgs } from './sharedOptions.js';
import { withStateOptions } from './sharedOptions.js';

export type StatusArgs = StateArgs & { json: boolean };

function formatStatus(status: StateStatus): string {
  const { config, crawl } = status;
  const lines = [`state: ${status.stateDir}`];
  lines.push(config ? `index: ${config.indexUrl}${config.includeAll ? ' (include=all)' : ''}` : 'index: (no crawl yet)');
  lines.push(
    `crawl: ${crawl.complete ? 'complete' : 'in progress'}; ${crawl.shardsDone}/${crawl.shards} shards done; ` +
      `${crawl.counters.pages} pages, ${crawl.counters.entries} entries read in all runs; newest entry read ${crawl.lastCursor ?? '-'}`,
  );
  lines.push(
    crawl.complete
      ? `next refresh reads the index from ${crawl.refreshFrom ?? 'its beginning'}`
      : 'next run continues the crawl from each shard\'s cursor',
  );
  lines.push(`modules: ${status.modules}; IDs assigned: ${status.idsAssigned}; without ID yet: ${status.modulesWithoutId}`);
  lines.push(`lookups: ${describeCounts(status.lookups) || 'none yet'}; not looked up yet: ${status.notLookedUp}; without a result: ${status.unresolved}`);
  return lines.join('\n');
}

/** Prints where a state directory stands (read-only: works while another go-miner runs on it). */
export const statusCommand: CommandModule<object, StatusArgs> = {
  command: 'status',
  describe: 'Show where a state directory stands: crawl position, modules, IDs, lookups (read-only)',
  builder: (yargs) =>
    withStateOptions(yargs).option('json', { type: 'boolean', default: false, describe: 'Print the status as JSON' }) as never,
  handler: (argv) => {
    const context = contextOf(argv as Record<string, unknown>);
    const state = MinerState.open(resolveUserPath(argv['state-dir'], context.env), { readonly: true });
    try {
      const status = readStatus(state);
      context.stdout.write(argv.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status)}\n`);
    } finally {
      state.close();
    }
  },
};
