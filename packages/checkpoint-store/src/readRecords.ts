import type { PendingChange, PendingIndex } from './PendingIndex.js';
import { LOOKUP_CHUNK, type Statements } from './statements.js';

/**
 * Point reads over the two levels: a key's latest journal change wins over the merged table (its
 * delete hides the merged row). Values are returned as stored text; the store decodes them. Run them
 * inside one read (a consistent snapshot).
 */

/** Current stored text of a record: its latest journal change, else the merged table. */
export function readValue(pending: PendingIndex, statements: Statements, collection: string, key: string): string | undefined {
  const change = pending.lookup(collection, key);
  if (change !== undefined) {
    const row = statements.getJournalRow.get(change.seq) as [string, string | null] | undefined;
    // Found by hash, the change may be another key's: then this key is not in the journal.
    if (row !== undefined && (change.exact || row[0] === key)) return row[1] ?? undefined;
  }
  const text = statements.getRecord.get(collection, key);
  return typeof text === 'string' ? text : undefined;
}

/** Stored texts of several keys (missing ones absent), looked up LOOKUP_CHUNK per query in index order. */
export function readValues(pending: PendingIndex, statements: Statements, collection: string, keys: readonly string[]): Map<string, string> {
  const inRecords: string[] = [];
  const journaled: [string, PendingChange][] = [];
  for (const key of keys) {
    const change = pending.lookup(collection, key);
    if (change === undefined) inRecords.push(key);
    else journaled.push([key, change]);
  }
  const rows = journalRows(statements, journaled.map(([, change]) => change.seq));
  const found = new Map<string, string>();
  for (const [key, change] of journaled) {
    const row = rows.get(change.seq);
    if (row === undefined || row[0] !== key) inRecords.push(key); // another key with the same hash
    else if (row[1] !== null) found.set(key, row[1]);
  }
  for (const [key, text] of recordValues(statements, collection, inRecords)) found.set(key, text);
  return found;
}

/** Records in a collection: the merged count plus what the journal changes (each journaled key counted once). */
export function countRecords(pending: PendingIndex, statements: Statements, collection: string): number {
  const { getMergedCount, hasRecord, countJournal } = statements;
  const merged = (getMergedCount.get(collection) as number | undefined) ?? 0;
  const delta = pending.countDelta(
    collection,
    (key) => hasRecord.get(collection, key) !== undefined,
    () => countJournal.get({ collection }) as number,
  );
  return merged + delta;
}

/** [key, value] of journal rows by seq (value null for a delete), LOOKUP_CHUNK per query. */
export function journalRows(statements: Statements, seqs: readonly number[]): Map<number, [string, string | null]> {
  const rows = new Map<number, [string, string | null]>();
  for (let start = 0; start < seqs.length; start += LOOKUP_CHUNK) {
    const chunk = seqs.slice(start, start + LOOKUP_CHUNK);
    while (chunk.length < LOOKUP_CHUNK) chunk.push(0);
    for (const [seq, key, value] of statements.getJournalValues.all(chunk) as [number, string, string | null][]) {
      rows.set(seq, [key, value]);
    }
  }
  return rows;
}

/** Stored text of records of the merged table by key, LOOKUP_CHUNK per query. */
function recordValues(statements: Statements, collection: string, keys: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let start = 0; start < keys.length; start += LOOKUP_CHUNK) {
    const chunk = keys.slice(start, start + LOOKUP_CHUNK);
    const filler = chunk[0] as string;
    while (chunk.length < LOOKUP_CHUNK) chunk.push(filler);
    for (const [key, text] of statements.getRecords.all([collection, ...chunk]) as [string, string][]) values.set(key, text);
  }
  return values;
}
