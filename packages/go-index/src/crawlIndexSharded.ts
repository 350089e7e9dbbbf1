import { expectedTypeError } from '@registry-miners/utils';
import { setMaxListeners } from 'node:events';
import type { CommonCrawlOptions } from './crawlOptions.js';
import { validateCommonOptions } from './crawlOptions.js';
import { DEFAULT_INDEX_URL, FIRST_INDEX_TIMESTAMP } from './defaults.js';
import { IndexCrawlState } from './IndexCrawlState.js';
import type { IndexCursor } from './IndexCursor.js';
import { IndexError } from './IndexError.js';
import type { IndexPage } from './IndexPage.js';
import { formatIndexTimestamp, parseIndexTimestamp } from './parseIndexTimestamp.js';
import type { ReadPage, ReadPageOptions } from './readNextPage.js';
import { readNextPage } from './readNextPage.js';
import type { ParsedShard, ShardState } from './ShardState.js';
import { parsePlan, toShardState } from './ShardState.js';

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
 * Whether a cursor stands on an entry actually taken. A taken entry is always in `atSince` (the keys
 * taken at the cursor's instant), so an empty `atSince` is only a position: a shard's start.
 */
function tookEntries(cursor: IndexCursor): boolean {
  return cursor.atSince.length > 0;
}

/** Pages a shard may read ahead of the consumer. */
const MAX_QUEUED_PAGES_PER_SHARD = 2;
/**
 * A range is split only when it is expected to take at least this many more pages: each split costs
 * about one extra request (the page on which the cut shard crosses the cut is partly re-read).
 */
const MIN_SPLIT_PAGES = 4;
const FIRST_MICROS = parseIndexTimestamp(FIRST_INDEX_TIMESTAMP);

class ShardRunner {
  readonly id: number;
  readonly startMicros: bigint | undefined;
  endMicros: bigint | undefined;
  readonly state: IndexCrawlState;
  queued = 0;
  finished = false;
  fullPageSpan: bigint | undefined;
  #room: (() => void) | undefined;

  constructor(shard: ParsedShard) {
    this.id = shard.id;
    this.startMicros = shard.startMicros;
    this.endMicros = shard.endMicros;
    const from = shard.cursor ?? (shard.start === null ? undefined : { since: shard.start, sinceMicros: shard.startMicros!, atSince: [] });
    this.state = new IndexCrawlState(from);
  }

  /** The instant up to which entries have been taken (read, not necessarily yielded). */
  position(): bigint {
    return this.state.sinceMicros ?? this.startMicros ?? FIRST_MICROS;
  }

  async waitForRoom(signal: AbortSignal): Promise<void> {
    while (this.queued >= MAX_QUEUED_PAGES_PER_SHARD && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.#room = resolve;
      });
    }
  }

  release(): void {
    const room = this.#room;
    this.#room = undefined;
    room?.();
  }
}

interface ShardEvent extends ReadPage {
  runner: ShardRunner;
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

async function* run(
  plan: ParsedShard[],
  common: ReturnType<typeof validateCommonOptions>,
  concurrency: number,
  minSplitSpanMicros: bigint,
): AsyncGenerator<ShardPage, void, undefined> {
  const active = new Map<number, ShardRunner>();
  const launched = new Set<number>();
  const events: ShardEvent[] = [];
  let nextId = Math.max(...plan.map((shard) => shard.id)) + 1;
  let failure: { error: unknown } | undefined;
  let closed = false;
  let notify: (() => void) | undefined;
  const wake = (): void => {
    const resolve = notify;
    notify = undefined;
    resolve?.();
  };

  const controller = new AbortController();
  // Every shard's requests listen on this one signal.
  setMaxListeners(0, controller.signal);
  const outer = common.signal;
  const onAbort = (): void => {
    controller.abort(outer?.reason);
    wake();
  };
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });

  const pageOptions = (runner: ShardRunner): ReadPageOptions => ({
    pool: common.pool,
    indexUrl: common.indexUrl,
    limit: common.limit,
    includeAll: common.includeAll,
    futureSkewMs: common.futureSkewMs,
    signal: controller.signal,
    until: () => runner.endMicros,
  });

  const produce = async (runner: ShardRunner): Promise<void> => {
    const options = pageOptions(runner);
    for (;;) {
      await runner.waitForRoom(controller.signal);
      if (controller.signal.aborted || closed) return;
      const page = await readNextPage(runner.state, options);
      if (page.fullPageSpan !== undefined) runner.fullPageSpan = page.fullPageSpan;
      runner.queued++;
      events.push({ ...page, runner });
      if (page.done) {
        runner.finished = true;
        active.delete(runner.id);
      }
      // A finished shard frees a slot; a full page gives a density estimate that may make a split worthwhile.
      if (active.size < concurrency) fill();
      wake();
      if (page.done) return;
    }
  };

  const launch = (shard: ParsedShard): void => {
    const runner = new ShardRunner(shard);
    active.set(shard.id, runner);
    launched.add(shard.id);
    produce(runner).catch((error: unknown) => {
      failure ??= { error };
      controller.abort();
      for (const other of active.values()) other.release();
      wake();
    });
  };

  /**
   * Cuts the largest remaining range of a running shard at its midpoint (in time); false when none is
   * worth it. "Largest" is measured in expected pages: the remaining time span divided by the span
   * of the shard's last full page (its current density), so dense recent ranges are split before
   * sparse old ones of the same length. Shards that have not read a full page yet have no estimate
   * and are left alone (a fresh shard is not split again before it has shown how dense it is).
   */
  const split = (): boolean => {
    const now = BigInt(Date.now()) * 1000n;
    let best: ShardRunner | undefined;
    let bestSpan = 0n;
    let bestPages = 0;
    for (const runner of active.values()) {
      if (runner.fullPageSpan === undefined) continue;
      const span = (runner.endMicros ?? now) - runner.position();
      if (span < 2n || span < minSplitSpanMicros) continue;
      const pages = Number(span) / Math.max(1, Number(runner.fullPageSpan));
      if (pages >= MIN_SPLIT_PAGES && pages > bestPages) {
        best = runner;
        bestSpan = span;
        bestPages = pages;
      }
    }
    if (best === undefined) return false;
    const chosen = best;
    const position = chosen.position();
    let middle = position + bestSpan / 2n;
    const wholeMs = middle - (((middle % 1000n) + 1000n) % 1000n);
    if (wholeMs > position) middle = wholeMs;
    const index = plan.findIndex((shard) => shard.id === chosen.id);
    const shard = plan[index]!;
    const boundary = formatIndexTimestamp(middle);
    const added: ParsedShard = {
      id: nextId++,
      start: boundary,
      startMicros: middle,
      end: shard.end,
      endMicros: shard.endMicros,
      cursor: undefined,
      done: false,
    };
    shard.end = boundary;
    shard.endMicros = middle;
    chosen.endMicros = middle;
    plan.splice(index + 1, 0, added);
    launch(added);
    return true;
  };

  function fill(): void {
    while (!closed && failure === undefined && active.size < concurrency) {
      const waiting = plan.find((shard) => !shard.done && !launched.has(shard.id));
      if (waiting !== undefined) launch(waiting);
      else if (!split()) return;
    }
  }

  /** Records a yielded page in the plan; done shards merge with done neighbours. */
  const commit = (event: ShardEvent): void => {
    const index = plan.findIndex((shard) => shard.id === event.runner.id);
    const shard = plan[index]!;
    const { cursor } = event;
    // Only an entry actually read moves a shard's cursor: the position of a shard that found nothing is
    // its start, which may lie past the newest entry published (the index lags the clock). Merged done
    // shards keep the newest real cursor, so a refresh resumes right after the last entry read.
    if (cursor !== null && tookEntries(cursor)) {
      shard.cursor = { since: cursor.since, sinceMicros: parseIndexTimestamp(cursor.since), atSince: cursor.atSince };
    }
    if (!event.done) return;
    shard.done = true;
    const next = plan[index + 1];
    if (next?.done) {
      shard.end = next.end;
      shard.endMicros = next.endMicros;
      shard.cursor = next.cursor ?? shard.cursor;
      plan.splice(index + 1, 1);
    }
    const previous = plan[index - 1];
    if (previous?.done) {
      previous.end = shard.end;
      previous.endMicros = shard.endMicros;
      previous.cursor = shard.cursor ?? previous.cursor;
      plan.splice(index, 1);
    }
  };

  try {
    fill();
    for (;;) {
      if (failure !== undefined) throw failure.error;
      if (controller.signal.aborted) throw new IndexError('ERR_INDEX_ABORTED', 'Sharded index crawl aborted', { cause: outer?.reason });
      const event = events.shift();
      if (event === undefined) {
        if (active.size === 0) return;
        await new Promise<void>((resolve) => {
          notify = resolve;
        });
        continue;
      }
      event.runner.queued--;
      event.runner.release();
      commit(event);
      yield {
        entries: event.entries,
        cursor: event.cursor,
        url: event.url,
        shardId: event.runner.id,
        shardDone: event.done,
        shards: plan.map(toShardState),
        ...(event.future === undefined ? {} : { future: event.future }),
      };
    }
  } finally {
    closed = true;
    controller.abort();
    for (const runner of active.values()) runner.release();
    outer?.removeEventListener('abort', onAbort);
  }
}
