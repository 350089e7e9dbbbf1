import { display, expectedTypeError } from '@registry-miners/utils';
import type { IndexCursor, ParsedCursor } from './IndexCursor.js';
import { parseCursor, parseTimestampOption } from './IndexCursor.js';

/**
 * One time range of a sharded crawl, as plain JSON: persist the whole plan (`ShardState[]`)
 * atomically with each page's records, and pass it back to resume.
 *
 * Shards tile time without gaps or overlaps, in order: each shard's `end` is the next one's `start`.
 * An entry whose instant equals a boundary belongs to the later shard (`since` is inclusive), so a
 * run of entries sharing one instant never straddles two shards.
 */
export interface ShardState {
  /** Unique within a plan; shards created by splitting get the next free id. */
  id: number;
  /** Inclusive lower bound (a timestamp, verbatim); `null` = the beginning of the index. */
  start: string | null;
  /** Exclusive upper bound (a timestamp); `null` = open-ended (the present and beyond). */
  end: string | null;
  /** Progress within the shard (see {@link IndexCursor}); `null` before its first entry. */
  cursor: IndexCursor | null;
  /** Every entry of `[start, end)` has been yielded. Neighbouring done shards are merged into one. */
  done: boolean;
}

/** A validated plan entry with its bounds parsed. */
export interface ParsedShard {
  id: number;
  start: string | null;
  startMicros: bigint | undefined;
  end: string | null;
  endMicros: bigint | undefined;
  cursor: ParsedCursor | undefined;
  done: boolean;
}

/**
 * Validates a plan (fresh from {@link planShards} or reloaded from disk) and returns it sorted by start.
 * @throws TypeError showing the offending value when the plan is not a contiguous tiling of time
 */
export function parsePlan(shards: unknown): ParsedShard[] {
  if (!Array.isArray(shards) || shards.length === 0) throw expectedTypeError('options.shards', 'a non-empty array of ShardState', shards);
  const ids = new Set<number>();
  const parsed = shards.map((shard: unknown, index): ParsedShard => {
    const what = `options.shards[${index}]`;
    if (shard === null || typeof shard !== 'object') throw expectedTypeError(`${what}`, 'a ShardState object', shard);
    const { id, start, end, cursor, done } = shard as Record<string, unknown>;
    if (!Number.isSafeInteger(id) || (id as number) < 0) throw expectedTypeError(`${what}.id`, 'a non-negative integer', id);
    if (ids.has(id as number)) throw new TypeError(`${what}.id ${display(id)} is used by another shard`);
    ids.add(id as number);
    if (start !== null && typeof start !== 'string') throw expectedTypeError(`${what}.start`, 'a timestamp or null', start);
    if (end !== null && typeof end !== 'string') throw expectedTypeError(`${what}.end`, 'a timestamp or null', end);
    if (typeof done !== 'boolean') throw expectedTypeError(`${what}.done`, 'a boolean', done);
    const startMicros = start === null ? undefined : parseTimestampOption(start, `${what}.start`);
    const endMicros = end === null ? undefined : parseTimestampOption(end, `${what}.end`);
    if (startMicros !== undefined && endMicros !== undefined && endMicros <= startMicros) {
      throw new TypeError(`${what} must end after it starts, received ${display(shard)}`);
    }
    const parsedCursor = cursor === null || cursor === undefined ? undefined : parseCursor(cursor, `${what}.cursor`);
    if (parsedCursor !== undefined && startMicros !== undefined && parsedCursor.sinceMicros < startMicros) {
      throw new TypeError(`${what}.cursor.since is before the shard's start, received ${display(shard)}`);
    }
    return { id: id as number, start, startMicros, end, endMicros, cursor: parsedCursor, done };
  });
  parsed.sort((a, b) => {
    if (a.startMicros === b.startMicros) return 0;
    if (a.startMicros === undefined) return -1;
    if (b.startMicros === undefined) return 1;
    return a.startMicros < b.startMicros ? -1 : 1;
  });
  for (let index = 1; index < parsed.length; index++) {
    const previous = parsed[index - 1]!;
    const shard = parsed[index]!;
    if (shard.startMicros === undefined || previous.endMicros === undefined || previous.endMicros !== shard.startMicros) {
      throw new TypeError(
        `options.shards must tile time without gaps or overlaps (each end equal to the next start), but shard ${previous.id} ends at ${display(previous.end)} and shard ${shard.id} starts at ${display(shard.start)}`,
      );
    }
  }
  return parsed;
}

/** The persistable form of a parsed shard (a fresh copy). */
export function toShardState(shard: ParsedShard): ShardState {
  return {
    id: shard.id,
    start: shard.start,
    end: shard.end,
    cursor: shard.cursor === undefined ? null : { since: shard.cursor.since, atSince: [...shard.cursor.atSince] },
    done: shard.done,
  };
}
