import { parseIndexTimestamp } from '@registry-miners/go-index';
import type { IndexCursor, ShardState } from '@registry-miners/go-index';

/**
 * The newest entry read so far, over every shard of a plan: the latest shard cursor (a shard's cursor
 * only moves when it takes an entry). `null` before the first entry.
 */
export function newestCursor(plan: readonly ShardState[]): IndexCursor | null {
  let newest: IndexCursor | null = null;
  let newestMicros = 0n;
  for (const shard of plan) {
    if (shard.cursor === null) continue;
    const micros = parseIndexTimestamp(shard.cursor.since);
    if (newest === null || micros > newestMicros) {
      newest = shard.cursor;
      newestMicros = micros;
    }
  }
  return newest;
}

/**
 * Where the next refresh of a complete crawl starts: the cursor of the open-ended shard, which the
 * finished plan merged into the newest entry read (empty shards never move it). `null` for a crawl that
 * is not complete (the next run continues it) or that found nothing (the next run starts at the beginning).
 */
export function refreshCursor(plan: readonly ShardState[], complete: boolean): IndexCursor | null {
  if (!complete) return null;
  return plan.find((shard) => shard.end === null)?.cursor ?? null;
}
