import type Database from 'better-sqlite3';

type Statement<P extends unknown[]> = Database.Statement<P, unknown>;

/** Every statement the store runs, prepared once per connection. */
export interface Statements {
  getRecord: Statement<[collection: string, key: string]>;
  /** First page of a collection: rows are [key, value] (raw mode). */
  firstPage: Statement<[collection: string, limit: number]>;
  /** Next page after a key (keyset pagination): rows are [key, value] (raw mode). */
  nextPage: Statement<[collection: string, after: string, limit: number]>;
  getCount: Statement<[collection: string]>;
  getCursor: Statement<[name: string]>;
  /** Inserts if absent; `changes` tells whether a row was added, for the count. */
  insertRecord: Statement<[collection: string, key: string, value: string]>;
  updateRecord: Statement<[value: string, collection: string, key: string]>;
  deleteRecord: Statement<[collection: string, key: string]>;
  addToCount: Statement<[collection: string, delta: number]>;
  setCursor: Statement<[name: string, value: string]>;
  deleteCursor: Statement<[name: string]>;
}

export function prepareStatements(db: Database.Database): Statements {
  const reader = <P extends unknown[]>(sql: string): Statement<P> => db.prepare<P, unknown>(sql);
  return {
    getRecord: reader<[string, string]>('SELECT value FROM records WHERE collection = ? AND key = ?').pluck(),
    firstPage: reader<[string, number]>('SELECT key, value FROM records WHERE collection = ? ORDER BY key LIMIT ?').raw(),
    nextPage: reader<[string, string, number]>(
      'SELECT key, value FROM records WHERE collection = ? AND key > ? ORDER BY key LIMIT ?',
    ).raw(),
    getCount: reader<[string]>('SELECT n FROM counts WHERE collection = ?').pluck(),
    getCursor: reader<[string]>('SELECT value FROM cursors WHERE name = ?').pluck(),
    insertRecord: reader<[string, string, string]>(
      'INSERT INTO records (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO NOTHING',
    ),
    updateRecord: reader<[string, string, string]>('UPDATE records SET value = ? WHERE collection = ? AND key = ?'),
    deleteRecord: reader<[string, string]>('DELETE FROM records WHERE collection = ? AND key = ?'),
    addToCount: reader<[string, number]>(
      'INSERT INTO counts (collection, n) VALUES (?, ?) ON CONFLICT (collection) DO UPDATE SET n = n + excluded.n',
    ),
    setCursor: reader<[string, string]>(
      'INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    deleteCursor: reader<[string]>('DELETE FROM cursors WHERE name = ?'),
  };
}
