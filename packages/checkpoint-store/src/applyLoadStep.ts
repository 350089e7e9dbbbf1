import { applyCursors } from './applyCommitStep.js';
import { compareKeys } from './compareKeys.js';
import { encodeValue } from './jsonValue.js';
import type { LoadStep } from './LoadStep.js';
import type { Statements } from './statements.js';
import { received, requireString } from './validate.js';

/**
 * The body of load(), run inside its transaction: upserts the records of one collection straight into
 * the key-ordered table, in strictly ascending key order (each B-tree leaf written once, nothing
 * journaled), counts the keys added and sets the step's cursors.
 */
export function applyLoadStep(statements: Statements, step: LoadStep): void {
  const { collection } = step;
  let previous: string | undefined;
  let added = 0;
  for (const pair of step.put) {
    const [key, value] = pair;
    requireString(key, 'load(step): every key of step.put');
    if (previous !== undefined && compareKeys(previous, key) >= 0) {
      throw new TypeError(`load(step): step.put must be in strictly ascending key order, received ${received(key)} after ${received(previous)}`);
    }
    previous = key;
    const text = encodeValue(value, () => `record ${collection}/${key}`);
    if (statements.insertRecord.run(collection, key, text).changes === 1) added += 1;
    else statements.updateRecord.run(text, collection, key);
  }
  if (added > 0) statements.addToCount.run(collection, added);
  applyCursors(statements, step.cursors);
}
