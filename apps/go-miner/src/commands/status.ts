import type { CommandModule } from 'yargs';
import type { ShardState } from '@registry-miners/go-index';
import { describeCounts } from '@registry-miners/go-mining';
import { resolveUserPath } from '../resolveUserPath.js';
import { MinerState } from '@registry-miners/go-mining';
import type { CrawlCounters, LookupCounts, StateConfig } from '@registry-miners/go-mining';
import { newestCursor, refreshCursor } from '@registry-miners/go-mining';
import { CURSORS } from '@registry-miners/go-mining';
import { contextOf } from './CliContext.js';
import type { StateArgs } from './sharedOptions.js';
import { withStateOptions } from './sharedOptions.js';

export type StatusArgs = StateArgs & { json: boolean };

/** Where a state directory stands, as printed by `go-miner status --json`. */
export interface StateStatus {
  stateDir: string;
  config: StateConfig | null;
  crawl: {
    complete: boolean;
    shards: number;
    shardsDone: number;
    /** The timestamp of the newest index entry read so far. */
    lastCursor: string | null;
    /**
     * Where the next run's refresh starts reading (inclusive, entries already taken at that instant
     * skipped): set once the crawl is complete; `null` while a crawl is under way (the next run continues it).
     */
    refreshFrom: string | null;
    counters: CrawlCounters;
  };
  modules: number;
  idsAssigned: number;
  modulesWithoutId: number;
  /** Lookup records per status (a record keeps its definitive answer when a later retry fails). */
  lookups: LookupCounts;
  /** Modules never looked up. */
  notLookedUp: number;
  /** Modules without a definitive lookup: never looked up, or failed (an export as csv refuses them). */
  unresolved: number;
}

export function readStatus(state: MinerState): StateStatus {
  const plan = state.store.cursor<ShardState[]>(CURSORS.crawlShards) ?? [];
  return {
    stateDir: state.dir,
    config: state.config() ?? null,
    crawl: {
      complete: state.crawlComplete(),
      shards: plan.length,
      shardsDone: plan.filter((shard: ShardState) => shard.done).length,
      lastCursor: newestCursor(plan)?.since ?? null,
      refreshFrom: refreshCursor(plan, state.crawlComplete())?.since ?? null,
      counters: state.crawlCounters(),
    },
    modules: state.moduleCount(),
    idsAssigned: state.nextId() - 1,
    modulesWithoutId: state.modulesWithoutId(),
    lookups: state.lookupCounts(),
    notLookedUp: state.moduleCount() - state.lookedUpCount(),
    unresolved: state.unresolvedCount(),
  };
}

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
