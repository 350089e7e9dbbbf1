import type { HttpPool } from '@registry-miners/http-pool';
import { crawlIndexSharded, DEFAULT_FUTURE_SKEW_MS, DEFAULT_PAGE_LIMIT, DEFAULT_SHARD_COUNT, FIRST_INDEX_TIMESTAMP, parseIndexTimestamp, planShards } from '@registry-miners/go-index';
import type { ShardState } from '@registry-miners/go-index';
import { assignIds } from './assignIds.js';
import { CrawlBatch } from './CrawlBatch.js';
import { abortError } from './errors/abortError.js';
import { commitCrawlBatch } from './commitCrawlBatch.js';
import { mergeCrawlRuns, removeRunFiles } from './mergeCrawlRuns.js';
import type { CrawlRuns } from './state/CrawlRuns.js';
import { emptyRuns, removeUncommittedRuns } from './state/CrawlRuns.js';
import { debugStop } from './debugStop.js';
import type { ProgressReporter } from '@registry-miners/progress';
import type { CrawlCounters, MinerState } from './state/MinerState.js';

/**
 * Record bytes of a batch before it is committed: about 180,000 entries (the batch holds them twice while it
 * is written). Batches written while pages come in cost little of the crawl's time: the work left for its
 * end (the last batch, then the merge) is what a short crawl waits for.
 */
const DEFAULT_MAX_BATCH_BYTES = 8 << 20;

export interface CrawlPhaseOptions {
  state: MinerState;
  pool: HttpPool;
  indexUrl: string;
  /** Ask the index for every version (`include=all`). @default false */
  includeAll?: boolean;
  /** Shards of a fresh plan, and shards crawled at once. @default 32 */
  shards?: number;
  /** Entries per index request. @default 2000 */
  pageLimit?: number;
  /**
   * Longest time received pages wait before they are committed (together, with the shard plan after the
   * last of them). Fewer, larger commits write far less: a page touches ~2000 modules spread over the
   * whole store. 0 commits every page.
   * @default 5000
   */
  commitIntervalMs?: number;
  /** Commit earlier once a batch's records take this many bytes (bounds memory: about 45 bytes an entry). @default 8 MiB */
  maxBatchBytes?: number;
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

export interface CrawlPhaseResult {
  /** This run: pages committed, new entries read, modules first seen, modules with a newer version. */
  pages: number;
  /** Commits the pages were written in (each an atomic step with the shard plan). */
  commits: number;
  entries: number;
  newModules: number;
  changedModules: number;
  /** The crawl continued a plan interrupted earlier. */
  resumed: boolean;
  /** The crawl was a refresh after a complete one (only entries after the last cursor). */
  refresh: boolean;
  /**
   * Index entries stamped later than now plus the allowed skew (a wrong clock, or a hostile index): not
   * taken, kept out of the cursor, reported; a later run reads them once their time has come.
   */
  futureEntries: number;
  durationMs: number;
}

/**
 * Crawls the index into the `modules` collection:
 *
 * 1. Pages received become run records in a {@link CrawlBatch}; every `commitIntervalMs` (or when the
 *    batch is full) the batch is written once as a run file grouped by key range and committed with the
 *    shard plan after its last page (see commitCrawlBatch): one sequential write per batch, no read of the store.
 *    A crash loses at most pages that will be read again, and never applies one twice.
 * 2. When every shard is done, the runs are merged into `modules` once, in key order (mergeCrawlRuns):
 *    first appearance is the minimum and newest version the maximum by (micros, ordinal), whatever order
 *    shards delivered pages in; for a refresh, combined with the stored records. Resumable mid-merge.
 * 3. The crawl is marked complete in the same store, and the run files are removed.
 *
 * Pages received before an error or an abort are committed before it is thrown. A state whose crawl
 * completed is refreshed: its plan is reopened at the last cursor, so only entries added to the index
 * since then are read, and only their small runs are merged.
 */
export async function crawlPhase(options: CrawlPhaseOptions): Promise<CrawlPhaseResult> {
  const { state, pool, indexUrl, signal, progress } = options;
  const started = Date.now();
  const shardCount = options.shards ?? DEFAULT_SHARD_COUNT;
  let plan = state.shardPlan();
  const resumed = plan !== undefined && !state.crawlComplete();
  let refresh = false;
  let runs: CrawlRuns;
  if (plan === undefined) {
    plan = planShards(shardCount);
    runs = emptyRuns(state.moduleCount() > 0);
    state.startCrawl(plan, runs);
  } else if (state.crawlComplete()) {
    // Modules of the finished crawl get their IDs before the refresh adds newer ones.
    if (state.idsPending()) assignIds(state, { signal });
    if (signal?.aborted) throw abortError(signal);
    plan = reopenPlan(plan);
    refresh = true;
    runs = emptyRuns(true);
    state.startCrawl(plan, runs);
  } else {
    runs = state.crawlRuns() ?? emptyRuns(state.moduleCount() > 0);
  }
  removeUncommittedRuns(state.dir, runs.runs);
  const counters: CrawlCounters = { ...state.crawlCounters() };
  const result: CrawlPhaseResult = { pages: 0, commits: 0, entries: 0, newModules: 0, changedModules: 0, resumed, refresh, futureEntries: 0, durationMs: 0 };
  const future = new Set<string>();
  const coverage = new TimeCoverage(plan);
  const commitIntervalMs = options.commitIntervalMs ?? 5000;
  const pageLimit = options.pageLimit ?? DEFAULT_PAGE_LIMIT;

  const pages = crawlIndexSharded({
    pool,
    indexUrl,
    shards: plan,
    concurrency: shardCount,
    includeAll: options.includeAll ?? false,
    limit: pageLimit,
    signal,
  });
  progress?.update('modules', state.moduleCount());
  const batch = new CrawlBatch(options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES);
  let received = { pages: 0, entries: 0 };
  // Awaited where it is called: pages are not added while the batch is written (the shards read ahead meanwhile).
  const flush = async (): Promise<void> => {
    if (batch.empty) return;
    const { pages, entries } = batch;
    try {
      runs = await commitCrawlBatch(state, batch, runs, counters);
    } finally {
      batch.clear(); // committed, or lost with the error: its pages are read again after a restart
    }
    result.pages += pages;
    result.commits++;
    result.entries += entries;
    debugStop('crawl', result.pages);
  };
  try {
    for await (const page of pages) {
      batch.add(page);
      if (page.future !== undefined) {
        const { path, version, timestamp } = page.future;
        if (!future.has(`${path}@${version}`)) {
          future.add(`${path}@${version}`);
          result.futureEntries = future.size;
          progress?.log(
            `warning: the index lists ${path}@${version} at ${timestamp}, later than now (+${DEFAULT_FUTURE_SKEW_MS / 60_000} min): ` +
              'not taken and kept out of the refresh cursor; a later run reads it once its time has come.',
          );
        }
      }
      received = { pages: received.pages + 1, entries: received.entries + page.lines.count };
      if (progress) {
        const fraction = coverage.fraction(page.shards);
        const estimate = fraction > 0.001 && fraction < 1 ? Math.max(received.pages, Math.round(received.pages / fraction)) : undefined;
        progress.update('pages', received.pages, estimate);
        progress.update('entries', received.entries);
      }
      if (batch.full || Date.now() - batch.startedAt >= commitIntervalMs) await flush();
    }
  } catch (error) {
    // Pages received before an error or an interruption are complete: keep them (the error still wins).
    try {
      await flush();
    } catch {
      // Reported through the original error.
    }
    throw error;
  }
  await flush();
  batch.release();
  progress?.update('pages', received.pages, received.pages); // the estimate ends as the count
  // Every page is in a run: reduce them to one record per module, once.
  const merged = mergeCrawlRuns(state, runs, { progress, signal });
  if (merged === undefined) throw abortError(signal!);
  state.completeCrawl();
  removeRunFiles(state.dir, merged);
  result.newModules = merged.newModules;
  result.changedModules = merged.changedModules;
  progress?.finish('pages');
  progress?.finish('entries');
  progress?.finish('modules');
  result.durationMs = Date.now() - started;
  return result;
}

/**
 * A finished plan reopened for a refresh: its open-ended last shard continues from its cursor (the last
 * entry taken, with the entries already taken at that instant), so only newer entries are read.
 */
export function reopenPlan(plan: ShardState[]): ShardState[] {
  return plan.map((shard) => (shard.end === null ? { ...shard, done: false } : { ...shard }));
}

/** Fraction of the index's time span (first entry → now) that the plan has covered: a progress estimate. */
class TimeCoverage {
  private readonly firstMicros = parseIndexTimestamp(FIRST_INDEX_TIMESTAMP);
  private readonly baseline: number;

  constructor(plan: ShardState[]) {
    this.baseline = this.covered(plan);
  }

  private covered(plan: ShardState[]): number {
    const now = BigInt(Date.now()) * 1000n;
    let covered = 0n;
    for (const shard of plan) {
      const start = shard.start === null ? this.firstMicros : parseIndexTimestamp(shard.start);
      const end = shard.end === null ? now : parseIndexTimestamp(shard.end);
      if (shard.done) covered += end - start;
      else if (shard.cursor) covered += parseIndexTimestamp(shard.cursor.since) - start;
    }
    return Number(covered) / Number(now - this.firstMicros);
  }

  /** Fraction of what was left at the start of this run that is now covered. */
  fraction(plan: ShardState[]): number {
    const left = 1 - this.baseline;
    if (left <= 0) return 1;
    return Math.max(0, Math.min(1, (this.covered(plan) - this.baseline) / left));
  }
}

