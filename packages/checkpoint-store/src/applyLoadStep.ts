import { display, expectedMessage } from '@registry-miners/utils';
import { applyCursors } from './applyCommitStep.js';
import { compareKeys } from './compareKeys.js';
import { encodeValue } from './jsonValue.js';
import type { LoadStep } from './LoadStep.js';
import { LOAD_ROWS_PER_INSERT } from './statements.js';
import type { Statements } from './statements.js';
import { requireString } from './validate.js';

/**
 * The body of load(), run inside its transaction: upserts the records of one collection straight into
 * the key-ordered table, in strictly ascending key order (each B-tree leaf written once, nothing
 * journaled), counts the keys added and sets the step's cursors.
 */
export function applyLoadStep(statements: Statements, step: LoadStep): void {
  const { collection } = step;
  let previous: string | undefined;
  let added = 0;
  // [collection, key, value] of up to LOAD_ROWS_PER_INSERT records, inserted by one statement.
  const rows: string[] = [];
  for (const pair of step.put) {
    const [key, value] = pair;
    requireString(key, 'every key of step.put');
    if (previous !== undefined && compareKeys(previous, key) >= 0) {
      throw new TypeError(`${expectedMessage('step.put', 'in strictly ascending key order', key)} after ${display(previous)}`);
    }
    previous = key;
    rows.push(collection, key, encodeValue(value, () => `record ${collection}/${key}`));
    if (rows.length === 3 * LOAD_ROWS_PER_INSERT) {
      added += insertRows(statements, rows);
      rows.length = 0;
    }
  }
  for (let row = 0; row < rows.length; row += 3) {
    if (statements.insertRecord.run(collection, rows[row + 1]!, rows[row + 2]!).changes === 1) added += 1;
    else statements.updateRecord.run(rows[row + 2]!, collection, rows[row + 1]!);
  }
  if (added > 0) statements.addToCount.run(collection, added);
  applyCursors(statements, step.cursors);
}

/**
 * Inserts a full set of rows in one statement; when some keys were there already (a refresh's load), every
 * row of the set is then updated to its new value, which is the same for those just inserted. Returns the
 * number of keys added.
 */
function insertRows(statements: Statements, rows: string[]): number {
  const inserted = statements.insertRecords.run(rows).changes;
  if (inserted < LOAD_ROWS_PER_INSERT) {
    for (let row = 0; row < rows.length; row += 3) statements.updateRecord.run(rows[row + 2]!, rows[row]!, rows[row + 1]!);
  }
  return inserted;
}
