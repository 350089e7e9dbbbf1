import type { CrawlBatch } from './CrawlBatch.js';
import { partitionBounds } from './RunPartitions.js';
import type { CrawlRuns } from './state/CrawlRuns.js';
import { runBounds, runFileName } from './state/CrawlRuns.js';
import type { CrawlCounters, MinerState } from './state/MinerState.js';
import { writeCrawlRun } from './writeCrawlRun.js';

/**
 * Makes a batch of pages durable: writes it as the next run file, then commits, in one step, the run
 * list naming it, the shard plan after the batch's last page and the counters (and, with the first run,
 * the partition bounds of every run of this crawl, from this batch's paths). A crash before the commit
 * leaves an unnamed file (removed at the next start) and pages that are read again; after it, the pages
 * are never read again. The `modules` collection is not touched: the runs are merged into it once, when
 * the crawl completes (see mergeCrawlRuns). Returns the new runs state.
 */
export async function commitCrawlBatch(state: MinerState, batch: CrawlBatch, runs: CrawlRuns, counters: CrawlCounters): Promise<CrawlRuns> {
  const name = runFileName(runs.next);
  const bounds = runBounds(state.dir, runs) ?? partitionBounds(Array.from({ length: batch.count }, (_, record) => batch.pathOf(record)));
  await writeCrawlRun(state.dir, name, batch, bounds);
  const next: CrawlRuns = { ...runs, runs: [...runs.runs, name], next: runs.next + 1, bounds };
  const nextCounters: CrawlCounters = { pages: counters.pages + batch.pages, entries: counters.entries + batch.entries };
  state.commitCrawlProgress(batch.plan, next, nextCounters);
  counters.pages = nextCounters.pages;
  counters.entries = nextCounters.entries;
  return next;
}
