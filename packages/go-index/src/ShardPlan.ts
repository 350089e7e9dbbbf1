/**
 * The plan of a sharded crawl as it changes: consecutive time ranges (shards) tiling the index.
 *
 * 1. Splitting: when a slot is free and no planned shard waits, the running shard with the most
 *    expected pages left is cut at its midpoint in time and the new shard is added after it.
 * 2. Cursor bookkeeping: each page taken by the consumer moves its shard's cursor (only when it took
 *    entries) and, when it ends the shard, merges the shard with done neighbours.
 * The plan after any page is what the caller persists with that page's entries to resume.
 */
import type { IndexCursor } from './IndexCursor.js';
import { formatIndexTimestamp, parseIndexTimestamp } from './parseIndexTimestamp.js';
import type { ShardRunner } from './ShardRunner.js';
import type { ParsedShard, ShardState } from './ShardState.js';
import { toShardState } from './ShardState.js';

/**
 * A range is split only when it is expected to take at least this many more pages: each split costs
 * about one extra request (the page on which the cut shard crosses the cut is partly re-read).
 */
const MIN_SPLIT_PAGES = 4;

export class ShardPlan {
  readonly #shards: ParsedShard[];
  #nextId: number;

  constructor(shards: ParsedShard[]) {
    this.#shards = shards;
    this.#nextId = Math.max(...shards.map((shard) => shard.id)) + 1;
  }

  /** The first shard neither done nor started yet. */
  waiting(started: ReadonlySet<number>): ParsedShard | undefined {
    return this.#shards.find((shard) => !shard.done && !started.has(shard.id));
  }

  /**
   * Cuts the largest remaining range of a running shard at its midpoint (in time) and returns the new
   * shard after the cut; undefined when none is worth it. "Largest" is measured in expected pages: the
   * remaining time span divided by the span of the shard's last full page (its current density), so dense
   * recent ranges are split before sparse old ones of the same length. Shards that have not read a full
   * page yet have no estimate and are left alone.
   */
  split(running: Iterable<ShardRunner>, minSplitSpanMicros: bigint): ParsedShard | undefined {
    const now = BigInt(Date.now()) * 1000n;
    let best: { runner: ShardRunner; span: bigint; pages: number } | undefined;
    for (const runner of running) {
      if (runner.fullPageSpan === undefined) continue;
      const span = (runner.endMicros ?? now) - runner.position();
      if (span < 2n || span < minSplitSpanMicros) continue;
      const pages = Number(span) / Math.max(1, Number(runner.fullPageSpan));
      if (pages >= MIN_SPLIT_PAGES && pages > (best?.pages ?? 0)) best = { runner, span, pages };
    }
    if (best === undefined) return undefined;
    const { runner, span } = best;
    const position = runner.position();
    let middle = position + span / 2n;
    // A cut on a whole millisecond keeps the boundary timestamps short.
    const wholeMs = middle - (((middle % 1000n) + 1000n) % 1000n);
    if (wholeMs > position) middle = wholeMs;
    const index = this.#indexOf(runner.id);
    const shard = this.#shards[index]!;
    const boundary = formatIndexTimestamp(middle);
    const added: ParsedShard = { id: this.#nextId++, start: boundary, startMicros: middle, end: shard.end, endMicros: shard.endMicros, cursor: undefined, done: false };
    shard.end = boundary;
    shard.endMicros = middle;
    runner.endMicros = middle;
    this.#shards.splice(index + 1, 0, added);
    return added;
  }

  /** Records a page the consumer took: moves the shard's cursor; a done shard merges with done neighbours. */
  recordPage(shardId: number, cursor: IndexCursor | null, done: boolean): void {
    const index = this.#indexOf(shardId);
    const shard = this.#shards[index]!;
    // Only an entry actually read moves a shard's cursor: the position of a shard that found nothing is
    // its start, which may lie past the newest entry published (the index lags the clock). Merged done
    // shards keep the newest real cursor, so a refresh resumes right after the last entry read.
    if (cursor !== null && tookEntries(cursor)) {
      shard.cursor = { since: cursor.since, sinceMicros: parseIndexTimestamp(cursor.since), atSince: cursor.atSince };
    }
    if (!done) return;
    shard.done = true;
    const next = this.#shards[index + 1];
    if (next?.done) {
      shard.end = next.end;
      shard.endMicros = next.endMicros;
      shard.cursor = next.cursor ?? shard.cursor;
      this.#shards.splice(index + 1, 1);
    }
    const previous = this.#shards[index - 1];
    if (previous?.done) {
      previous.end = shard.end;
      previous.endMicros = shard.endMicros;
      previous.cursor = shard.cursor ?? previous.cursor;
      this.#shards.splice(index, 1);
    }
  }

  /** The plan as persisted. */
  states(): ShardState[] {
    return this.#shards.map(toShardState);
  }

  #indexOf(id: number): number {
    return this.#shards.findIndex((shard) => shard.id === id);
  }
}

/**
 * Whether a cursor stands on an entry actually taken. A taken entry is always in `atSince` (the keys
 * taken at the cursor's instant), so an empty `atSince` is only a position: a shard's start.
 */
function tookEntries(cursor: IndexCursor): boolean {
  return cursor.atSince.length > 0;
}
