/** The status query of a state directory, as `go-miner status` prints it. */
import type { ShardState } from '@registry-miners/go-index';
import { newestCursor, refreshCursor } from './state/crawlPosition.js';
import type { CrawlCounters, LookupCounts, MinerState, StateConfig } from './state/MinerState.js';

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

/** Where a state directory stands: read-only, so it works beside a job running on the same state. */
export function readStatus(state: MinerState): StateStatus {
  const plan = state.shardPlan() ?? [];
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
