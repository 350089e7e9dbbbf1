/** What a job reports when it ends: per-phase results, counts, HTTP figures and resources (the CLI renders it). */
import type { HttpStats } from '@registry-miners/http-pool';
import type { GoGetDiscoveryStats } from '@registry-miners/go-repository';
import type { AssignIdsResult } from './assignIds.js';
import type { CrawlPhaseResult } from './crawlPhase.js';
import type { ExportPhaseResult } from './exportPhase.js';
import type { Phase } from './jobOptions.js';
import type { LookupPhaseResult } from './lookupPhase.js';
import type { LookupCounts } from './state/MinerState.js';

/** What a job did, and where the state stands afterwards. */
export interface JobSummary {
  stateDir: string;
  phases: Phase[];
  crawl?: CrawlPhaseResult;
  ids?: AssignIdsResult;
  lookup?: LookupPhaseResult;
  export?: ExportPhaseResult;
  /** Modules in the state. */
  modules: number;
  /** Modules per current lookup status. */
  lookupCounts: LookupCounts;
  /** Modules without a definitive lookup (never looked up, or failed): retried by the next run. */
  unresolved: number;
  http: { index?: HttpStats; proxy?: HttpStats; goGet?: HttpStats };
  /** `?go-get=1` discovery counters, when `go-get` was a repository source. */
  goGet?: GoGetDiscoveryStats;
  /** CPU (user + system) spent by each phase of this process, and the peak RSS when it ended. */
  phaseResources: Partial<Record<'crawl' | 'ids' | 'lookup' | 'export', { cpuMs: number; maxRssBytes: number }>>;
  durationMs: number;
}
