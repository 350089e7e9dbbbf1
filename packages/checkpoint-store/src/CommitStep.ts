/** Where a record lives: `key` is unique within `collection`. */
export interface RecordKey {
  collection: string;
  key: string;
}

/** Insert or replace one record. */
export interface RecordPut extends RecordKey {
  /** Anything `JSON.stringify` accepts (its rules apply: `toJSON()` is honoured, `NaN` becomes `null`). */
  value: unknown;
}

/**
 * What one commit() writes, atomically and durably. Deletes are applied first, then puts, then cursors:
 * a key both deleted and put ends up with the put value.
 *
 * @example
 * store.commit({
 *   put: [{ collection: 'modules', key: 'github.com/a/b', value: { version: 'v1.2.3' } }],
 *   delete: [{ collection: 'pending', key: 'github.com/a/b' }],
 *   cursors: { since: '2019-04-10T19:08:52.997264Z', page: undefined }, // undefined deletes `page`
 * });
 */
export interface CommitStep {
  /** Records to insert or replace (any iterable: an array, a Map's values, a generator). */
  put?: Iterable<RecordPut>;
  /** Records to remove; missing ones are ignored. */
  delete?: Iterable<RecordKey>;
  /** Cursor values to set (JSON-serialisable); a property whose value is `undefined` deletes that cursor. */
  cursors?: Record<string, unknown>;
}
