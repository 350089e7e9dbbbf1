import type { MineGoOptions } from './jobOptions.js';
import { runJob } from './runJob.js';
import type { JobSummary } from './JobSummary.js';

/**
 * The whole job: crawl the index (or refresh a finished crawl), assign IDs, look up every module that needs it
 * in the proxy, and write the output. Resumable at any point with the same `stateDir`.
 *
 * @example
 * ```ts
 * const summary = await mineGo({ stateDir: './go-miner-state', out: 'go-modules.csv' });
 * console.log(summary.export?.rows);
 * ```
 */
export function mineGo(options: MineGoOptions): Promise<JobSummary> {
  return runJob(options, ['crawl', 'lookup', 'export']);
}
