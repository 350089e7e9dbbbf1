/**
 * Keeps up to `concurrency` shards of a sharded crawl running and queues their pages for the consumer.
 *
 * 1. `fill()` starts waiting shards of the plan, then splits running ones, while a slot is free.
 * 2. Each running shard reads ahead (see ShardRunner) and pushes its pages here; a page that ends a shard
 *    frees its slot, and a full page gives a density estimate that may make a split worthwhile: both fill.
 * 3. The consumer takes pages in arrival order (`next()`), waiting while none is queued. The first
 *    failure of any shard stops all of them and is thrown to the consumer.
 */
import { setMaxListeners } from 'node:events';
import type { ValidCommonOptions } from './crawlOptions.js';
import type { ReadPage } from './readNextPage.js';
import type { ShardPlan } from './ShardPlan.js';
import { ShardRunner } from './ShardRunner.js';
import type { ParsedShard } from './ShardState.js';

/** A page read by a shard, waiting for the consumer. */
export interface ShardEvent extends ReadPage {
  runner: ShardRunner;
}

export class ShardScheduler {
  readonly #plan: ShardPlan;
  readonly #common: ValidCommonOptions;
  readonly #concurrency: number;
  readonly #minSplitSpanMicros: bigint;
  readonly #active = new Map<number, ShardRunner>();
  readonly #started = new Set<number>();
  readonly #events: ShardEvent[] = [];
  /** Every shard's requests listen on this one signal. */
  readonly #controller = new AbortController();
  #failure: { error: unknown } | undefined;
  #closed = false;
  #notify: (() => void) | undefined;

  constructor(plan: ShardPlan, common: ValidCommonOptions, concurrency: number, minSplitSpanMicros: bigint) {
    this.#plan = plan;
    this.#common = common;
    this.#concurrency = concurrency;
    this.#minSplitSpanMicros = minSplitSpanMicros;
    setMaxListeners(0, this.#controller.signal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Starts waiting shards, then splits running ones, while a slot is free. */
  fill(): void {
    while (!this.#closed && this.#failure === undefined && this.#active.size < this.#concurrency) {
      const shard = this.#plan.waiting(this.#started) ?? this.#plan.split(this.#active.values(), this.#minSplitSpanMicros);
      if (shard === undefined) return;
      this.#launch(shard);
    }
  }

  /** The next page in arrival order; undefined once every shard is done. Throws the first failure. */
  async next(): Promise<ShardEvent | undefined> {
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure.error;
      if (this.#controller.signal.aborted) return undefined;
      const event = this.#events.shift();
      if (event !== undefined) {
        event.runner.taken();
        return event;
      }
      if (this.#active.size === 0) return undefined;
      await new Promise<void>((resolve) => {
        this.#notify = resolve;
      });
    }
  }

  /** Stops every shard (with `reason`, when the caller's signal aborted). */
  abort(reason?: unknown): void {
    this.#controller.abort(reason);
    this.#wake();
  }

  /** Stops every shard for good; pages in flight are dropped. */
  close(): void {
    this.#closed = true;
    this.#controller.abort();
    for (const runner of this.#active.values()) runner.release();
  }

  #launch(shard: ParsedShard): void {
    const runner = new ShardRunner(shard);
    this.#active.set(shard.id, runner);
    this.#started.add(shard.id);
    const { pool, indexUrl, limit, includeAll, futureSkewMs } = this.#common;
    const options = { pool, indexUrl, limit, includeAll, futureSkewMs, signal: this.#controller.signal };
    runner
      .readPages(options, () => this.#closed, (page) => {
        this.#events.push({ ...page, runner });
        if (page.done) this.#active.delete(runner.id);
        if (this.#active.size < this.#concurrency) this.fill();
        this.#wake();
      })
      .catch((error: unknown) => {
        this.#failure ??= { error };
        this.#controller.abort();
        for (const other of this.#active.values()) other.release();
        this.#wake();
      });
  }

  #wake(): void {
    const resolve = this.#notify;
    this.#notify = undefined;
    resolve?.();
  }
}
