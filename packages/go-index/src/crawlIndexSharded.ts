/**
 * The sharded crawl's public entry: options, the page type, and the loop that hands pages to the caller.
 * The work is split by job: {@link ShardPlan} (the plan, its splits and cursor bookkeeping),
 * {@link ShardScheduler} (which shards run, their pages queued in arrival order) and
 * {@link ShardRunner} (one shard's fetch loop).
 */
import { expectedTypeError } from '@registry-miners/utils';
import type { CommonCrawlOptions, ValidCommonOptions } from './crawlOptions.js';
import { validateCommonOptions } from './crawlOptions.js';
import { DEFAULT_INDEX_URL } from './defaults.js';
import type { IndexCursor } from './IndexCursor.js';
import { IndexError } from './IndexError.js';
import type { IndexPage } from './IndexPage.js';
import { ShardPlan } from './ShardPlan.js';
import type { ShardRunner } from './ShardRunner.js';
import { ShardScheduler } from './ShardScheduler.js';
import type { ParsedShard, ShardState } from './ShardState.js';
import { parsePlan } from './ShardState.js';

export interface CrawlIndexShardedOptions extends CommonCrawlOptions {
  /** The plan: fresh from {@link planShards}, or the `shards` of the last persisted {@link ShardPage} to resume. */
  shards: ShardState[];
  /**
   * Shards crawled at once. When a shard finishes and no planned shard is waiting, the largest
   * remaining range of a running shard is split in two to keep this many busy.
   * @default the number of shards in the plan that are not done (all of them for a fresh plan)
   * @example 16
   */
  concurrency?: number;
  /**
   * Ranges shorter than this are never split. A range is also left alone when it spans less than
   * four of its shard's last full pages (a split costs about one extra request).
   * @default 1000
   */
  minSplitSpanMs?: number;
}

/** One page of a sharded crawl. */
export interface ShardPage extends Omit<IndexPage, 'cursor'> {
  /** The shard that read this page. It may since have been merged into a done neighbour in `shards`. */
  shardId: number;
  /** The shard's cursor after this page; `null` only when a shard from the beginning found nothing at all. */
  cursor: IndexCursor | null;
  /** This page completes its shard. Such a page may have no entries: persist it anyway. */
  shardDone: boolean;
  /** The whole plan after this page: persist it atomically with `entries`, resume with it. */
  shards: ShardState[];
}

/**
 * Crawls the index as several independent cursors over consecutive time ranges (shards), yielding
 * pages as they arrive, from any shard. Together the pages hold exactly the entries of a sequential
 * {@link crawlIndex} over the same range: each entry once, with the same `ordinal`, so sorting by
 * `(micros, ordinal)` gives the sequential feed order.
 *
 * Work is balanced as it goes: when a shard finishes (and no planned shard is waiting), the running
 * shard with the largest remaining range (from its current position to its end, "now" for the
 * open-ended one, measured in expected pages at its current density) is cut at its midpoint in time
 * and a new shard starts there. Each yielded page carries the whole updated plan; persist
 * it with the page's entries and call again with it to resume after a crash: shards resume from
 * their persisted cursors, pages read but not persisted are read again, nothing is lost or repeated.
 *
 * @throws TypeError for invalid options (at call time)
 * @throws IndexError while iterating (see {@link crawlIndex}); the other shards are cancelled first
 * @example
 * ```ts
 * const shards = store.cursor<ShardState[]>('index') ?? planShards(DEFAULT_SHARD_COUNT);
 * for await (const page of crawlIndexSharded({ pool, shards })) {
 *   store.commit({ put: page.entries.map(toRecord), cursors: { index: page.shards } });
 * }
 * ```
 */
export function crawlIndexSharded(options: CrawlIndexShardedOptions): AsyncGenerator<ShardPage, void, undefined> {
  const common = validateCommonOptions(options, DEFAULT_INDEX_URL);
  const plan = parsePlan(options.shards);
  const pending = plan.filter((shard) => !shard.done).length;
  const { concurrency = Math.max(1, pending), minSplitSpanMs = 1000 } = options;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw expectedTypeError('options.concurrency', 'a positive integer', concurrency);
  if (typeof minSplitSpanMs !== 'number' || !Number.isFinite(minSplitSpanMs) || minSplitSpanMs < 0) {
    throw expectedTypeError('options.minSplitSpanMs', 'a non-negative number', minSplitSpanMs);
  }
  return run(plan, common, concurrency, BigInt(Math.round(minSplitSpanMs * 1000)));
}

/**
 * Yields the scheduler's pages in arrival order, each with the plan after it (see {@link ShardPlan} for
 * the bookkeeping); the caller's signal stops the crawl with an IndexError `ERR_INDEX_ABORTED`.
 */
async function* run(
  parsed: ParsedShard[],
  common: ValidCommonOptions,
  concurrency: number,
  minSplitSpanMicros: bigint,
): AsyncGenerator<ShardPage, void, undefined> {
  const plan = new ShardPlan(parsed);
  const scheduler = new ShardScheduler(plan, common, concurrency, minSplitSpanMicros);
  const outer = common.signal;
  const onAbort = (): void => scheduler.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  try {
    scheduler.fill();
    for (;;) {
      const event = await scheduler.next();
      if (event === undefined) {
        if (scheduler.signal.aborted) throw new IndexError('ERR_INDEX_ABORTED', 'Sharded index crawl aborted', { cause: outer?.reason });
        return;
      }
      plan.recordPage(event.runner.id, event.cursor, event.done);
      const { lines } = event;
      yield {
        lines,
        get entries() {
          return lines.entries();
        },
        cursor: event.cursor,
        url: event.url,
        shardId: event.runner.id,
        shardDone: event.done,
        shards: plan.states(),
        ...(event.future === undefined ? {} : { future: event.future }),
      };
    }
  } finally {
    scheduler.close();
    outer?.removeEventListener('abort', onAbort);
  }
}
