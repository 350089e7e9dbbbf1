/**
 * What one {@link CheckpointStore.load} writes, atomically and durably: records of one collection in
 * ascending key order, straight into the key-ordered table, and cursors.
 *
 * @example
 * store.load({ collection: 'modules', put: sortedPairs, cursors: { 'merge.after': lastKey } });
 */
export interface LoadStep {
  collection: string;
  /** `[key, value]` pairs in strictly ascending key order (the order of `entries()`); a value as for commit(). */
  put: Iterable<readonly [key: string, value: unknown]>;
  /** Cursor values to set; a property whose value is `undefined` deletes that cursor. */
  cursors?: Record<string, unknown>;
}
