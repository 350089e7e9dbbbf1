import { compareKeys } from './compareKeys.js';
import type { Connection } from './Connection.js';
import type { PendingIndex } from './PendingIndex.js';
import { journalRows } from './readRecords.js';

/**
 * One page of entries(): a merge of a page of the key-ordered table with the journaled keys in the
 * same range, in key order (the journal wins; its deletes hide merged rows).
 */
export interface Page {
  /** [key, stored text] in key order. */
  rows: [string, string][];
  /** The last key looked at: the next page starts after it. */
  lastKey: string | undefined;
  /** Both levels are exhausted. */
  done: boolean;
}

/**
 * Up to `limit` records after `after`. Stops where either side's page ends, so no key of the other
 * side is skipped. Run it inside one read (a consistent snapshot).
 */
export function readPage(pending: PendingIndex, connection: Connection, collection: string, after: string | undefined, limit: number): Page {
  const { statements, journal } = connection;
  const merged = (
    after === undefined ? statements.firstPage.all(collection, limit) : statements.nextPage.all(collection, after, limit)
  ) as [string, string][];
  const journaled = pending.keysAfter(collection, after, limit, journal);
  // Nothing journaled in this range (a merged or loaded collection): the table's page as it is.
  if (journaled.length === 0) return { rows: merged, lastKey: merged.length > 0 ? merged[merged.length - 1]![0] : after, done: merged.length < limit };
  const mergedFull = merged.length === limit;
  const journaledFull = journaled.length === limit;
  // In key order: a merged row's JSON text, or the seq of a journal row whose value is fetched below.
  const picked: [string, string | number][] = [];
  let lastKey = after;
  let done = false;
  let i = 0;
  let j = 0;
  while (picked.length < limit) {
    const row = merged[i];
    const key = journaled[j];
    if ((row === undefined && mergedFull) || (key === undefined && journaledFull)) break;
    if (row === undefined && key === undefined) {
      done = true;
      break;
    }
    const order = row === undefined ? 1 : key === undefined ? -1 : compareKeys(row[0], key);
    if (order < 0 && row !== undefined) {
      picked.push(row);
      lastKey = row[0];
      i += 1;
      continue;
    }
    if (order === 0) i += 1; // the journal's change replaces the merged row
    // `key` comes from the journal itself, so the change found is its own even when found by hash.
    const change = pending.lookup(collection, key as string);
    if (change?.live) picked.push([key as string, change.seq]);
    lastKey = key;
    j += 1;
  }
  const seqs: number[] = [];
  for (const [, value] of picked) if (typeof value === 'number') seqs.push(value);
  if (seqs.length === 0) return { rows: picked as [string, string][], lastKey, done };
  const bySeq = journalRows(statements, seqs);
  const rows: [string, string][] = [];
  for (const entry of picked) {
    const text = typeof entry[1] === 'number' ? bySeq.get(entry[1])?.[1] : entry[1];
    if (typeof text !== 'string') continue; // cannot happen: the index and the journal are read in one snapshot
    entry[1] = text;
    rows.push(entry as [string, string]);
  }
  return { rows, lastKey, done };
}
