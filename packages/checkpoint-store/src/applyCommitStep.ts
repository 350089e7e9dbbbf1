import type { CommitStep, RecordKey, RecordPut } from './CommitStep.js';
import { encodeValue } from './jsonValue.js';
import type { JournalRow } from './JournalState.js';
import { JOURNAL_ROWS_PER_INSERT, type Statements } from './statements.js';
import { received, requireString } from './validate.js';

/**
 * The body of commit(), run inside its transaction: appends every delete and put of `step` to the
 * journal, in that order, and sets its cursors. Returns the journal rows appended, for the caller to
 * index once the transaction has committed.
 */
export function applyCommitStep(statements: Statements, step: CommitStep): JournalRow[] {
  const { appendJournal, appendJournalRows } = statements;
  const appended: JournalRow[] = [];
  // Rows go to the journal JOURNAL_ROWS_PER_INSERT at a time; rowids (seq) are consecutive within an INSERT.
  const buffer: (string | null)[] = [];
  const flush = (): void => {
    const n = buffer.length / 3;
    let lastSeq = 0;
    if (n === JOURNAL_ROWS_PER_INSERT) {
      lastSeq = Number(appendJournalRows.run(buffer).lastInsertRowid);
    } else {
      for (let r = 0; r < n; r += 1) {
        lastSeq = Number(appendJournal.run(buffer[3 * r] as string, buffer[3 * r + 1] as string, buffer[3 * r + 2] ?? null).lastInsertRowid);
      }
    }
    for (let r = 0; r < n; r += 1) {
      appended.push([buffer[3 * r] as string, buffer[3 * r + 1] as string, lastSeq - n + 1 + r, buffer[3 * r + 2] !== null]);
    }
    buffer.length = 0;
  };
  const append = (collection: string, key: string, value: string | null): void => {
    buffer.push(collection, key, value);
    if (buffer.length === 3 * JOURNAL_ROWS_PER_INSERT) flush();
  };
  if (step.delete !== undefined) {
    for (const item of step.delete) {
      requireRecordKey(item, 'step.delete');
      append(item.collection, item.key, null);
    }
  }
  if (step.put !== undefined) {
    for (const item of step.put) {
      requireRecordKey(item, 'step.put');
      const { collection, key } = item;
      append(collection, key, encodeValue((item as RecordPut).value, () => `record ${collection}/${key}`));
    }
  }
  flush();
  applyCursors(statements, step.cursors);
  return appended;
}

/** Sets (or, for `undefined`, deletes) named cursors inside the caller's transaction. */
export function applyCursors(statements: Statements, cursors: Record<string, unknown> | undefined): void {
  if (cursors === undefined) return;
  for (const name of Object.keys(cursors)) {
    const value = cursors[name];
    if (value === undefined) statements.deleteCursor.run(name);
    else statements.setCursor.run(name, encodeValue(value, () => `cursor ${name}`));
  }
}

function requireRecordKey(item: unknown, where: string): asserts item is RecordKey {
  if (typeof item !== 'object' || item === null) {
    throw new TypeError(`commit(step): every item of ${where} must be an object { collection, key }, received ${received(item)}`);
  }
  const { collection, key } = item as Partial<RecordKey>;
  requireString(collection, `commit(step): ${where}[].collection`);
  requireString(key, `commit(step): ${where}[].key`);
}
