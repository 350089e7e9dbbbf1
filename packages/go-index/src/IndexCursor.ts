import { expectedTypeError } from '@registry-miners/utils';
import { IndexError } from './IndexError.js';
import { parseIndexTimestamp } from './parseIndexTimestamp.js';

/**
 * Where a crawl stands: plain JSON, to be persisted atomically with the records of the page it
 * follows, and passed back as `from` to resume exactly.
 */
export interface IndexCursor {
  /** The verbatim timestamp of the last entry taken (or a shard's start before any entry). Sent as `since`. */
  since: string;
  /** `path@version` of the entries already taken at exactly the instant of `since`: skipped when the index repeats them. */
  atSince: string[];
}

/** A cursor as used internally: the instant parsed once. */
export interface ParsedCursor {
  since: string;
  sinceMicros: bigint;
  atSince: string[];
}

/** Validates a cursor received from a caller (typically reloaded from disk). */
export function parseCursor(cursor: unknown, what: string): ParsedCursor {
  if (cursor === null || typeof cursor !== 'object' || Array.isArray(cursor)) {
    throw expectedTypeError(`${what}`, 'an object { since, atSince }', cursor);
  }
  const { since, atSince } = cursor as { since?: unknown; atSince?: unknown };
  if (typeof since !== 'string') throw expectedTypeError(`${what}.since`, 'a timestamp string', since);
  if (!Array.isArray(atSince) || !atSince.every((key) => typeof key === 'string')) {
    throw expectedTypeError(`${what}.atSince`, 'an array of \'path@version\' strings', atSince);
  }
  let sinceMicros: bigint;
  try {
    sinceMicros = parseIndexTimestamp(since);
  } catch (error) {
    if (error instanceof IndexError) throw new TypeError(`${what}.since is invalid: ${error.message}`, { cause: error });
    throw error;
  }
  return { since, sinceMicros, atSince: [...(atSince as string[])] };
}

/** Parses an option that must be a timestamp, as a `TypeError` showing the value when it is not. */
export function parseTimestampOption(value: unknown, what: string): bigint {
  if (typeof value !== 'string') throw expectedTypeError(`${what}`, 'a timestamp string', value);
  try {
    return parseIndexTimestamp(value);
  } catch (error) {
    if (error instanceof IndexError) throw new TypeError(`${what} is invalid: ${error.message}`, { cause: error });
    throw error;
  }
}
