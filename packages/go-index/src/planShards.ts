import { expectedTypeError } from '@registry-miners/utils';
import { parseTimestampOption } from './IndexCursor.js';
import { FIRST_INDEX_TIMESTAMP } from './defaults.js';
import { formatIndexTimestamp, parseIndexTimestamp } from './parseIndexTimestamp.js';
import type { ShardState } from './ShardState.js';

export interface PlanShardsOptions {
  /**
   * Where the crawl starts (inclusive), a timestamp. Without it the first shard starts at the
   * beginning of the index (`start: null`), and boundaries are spread from the first entry ever
   * (`FIRST_INDEX_TIMESTAMP`).
   * @example '2024-01-01T00:00:00Z'
   */
  from?: string;
  /**
   * Where boundaries stop being spread; the last shard stays open-ended either way.
   * @default new Date() (now)
   */
  to?: Date;
}

/**
 * A fresh plan for {@link crawlIndexSharded}: `count` shards splitting `[from, to)` into equal time
 * spans (whole milliseconds), the first starting at `from` (or the beginning), the last open-ended.
 * Equal time spans hold unequal numbers of entries (the index grows every year); the crawl
 * rebalances as it goes by splitting the largest remaining range whenever a shard finishes.
 *
 * @throws TypeError for a count that is not a positive integer, or a bad `from`/`to`
 * @example
 * ```ts
 * const shards = store.cursor<ShardState[]>('index-shards') ?? planShards(DEFAULT_SHARD_COUNT);
 * ```
 */
export function planShards(count: number, options: PlanShardsOptions = {}): ShardState[] {
  if (!Number.isSafeInteger(count) || count < 1) throw expectedTypeError('count', 'a positive integer', count);
  const { from, to = new Date() } = options;
  const fromMicros = from === undefined ? parseIndexTimestamp(FIRST_INDEX_TIMESTAMP) : parseTimestampOption(from, 'options.from');
  if (!(to instanceof Date) || Number.isNaN(to.getTime())) throw expectedTypeError('options.to', 'a valid Date', to);
  const toMicros = BigInt(to.getTime()) * 1000n;
  const boundaries: bigint[] = [];
  if (toMicros > fromMicros) {
    const span = toMicros - fromMicros;
    for (let index = 1; index < count; index++) {
      const exact = fromMicros + (span * BigInt(index)) / BigInt(count);
      const boundary = exact - (exact % 1000n);
      const last = boundaries.at(-1) ?? fromMicros;
      if (boundary > last) boundaries.push(boundary);
    }
  }
  const starts: (string | null)[] = [from ?? null, ...boundaries.map(formatIndexTimestamp)];
  return starts.map((start, index) => ({
    id: index,
    start,
    end: starts[index + 1] ?? null,
    cursor: null,
    done: false,
  }));
}
