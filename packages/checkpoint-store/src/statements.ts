import type Database from 'better-sqlite3';

type Statement<P extends unknown[]> = Database.Statement<P, unknown>;

/** Named parameters of a page query of entries(). */
export interface PageParameters {
  collection: string;
  after: string;
  limit: number;
}

/** Every statement the store runs, prepared once per connection (after `temp.pending` exists). */
export interface Statements {
  /** The current value of a record (JSON text), or null if absent or deleted: the journal wins over `records`. */
  getRecord: Statement<[collection: string, key: string, collection: string, key: string]>;
  /** Whether a record exists now (1) or not (0): the journal wins over `records`. */
  recordExists: Statement<[collection: string, key: string, collection: string, key: string]>;
  /** A page of [key, value] rows (raw mode) with key >= after (first page) or key > after, merging both levels in key order. */
  firstPage: Database.Statement<[PageParameters], unknown>;
  nextPage: Database.Statement<[PageParameters], unknown>;
  getCount: Statement<[collection: string]>;
  getCursor: Statement<[name: string]>;
  /** Appends a change; value null records a delete. The writer's trigger mirrors it into `temp.pending`. */
  appendJournal: Statement<[collection: string, key: string, value: string | null]>;
  addToCount: Statement<[collection: string, delta: number]>;
  setCursor: Statement<[name: string, value: string]>;
  deleteCursor: Statement<[name: string]>;
  journalRows: Statement<[]>;
  maxSeq: Statement<[]>;
  generation: Statement<[]>;
  clearPending: Statement<[]>;
  /** Loads journal entries after a sequence number into `temp.pending`, the latest per key winning. */
  loadPending: Statement<[afterSeq: number]>;
}

/** The page query: records not overridden by the journal, merged with live journal entries, in key order. */
function pageSql(operator: '>=' | '>'): string {
  return `
SELECT r.key, r.value FROM records AS r
 WHERE r.collection = @collection AND r.key ${operator} @after
   AND NOT EXISTS (SELECT 1 FROM temp.pending AS p WHERE p.collection = @collection AND p.key = r.key)
UNION ALL
SELECT p.key, j.value FROM temp.pending AS p JOIN journal AS j ON j.seq = p.seq
 WHERE p.collection = @collection AND p.key ${operator} @after AND p.live = 1
ORDER BY 1
LIMIT @limit`;
}

export function prepareStatements(db: Database.Database): Statements {
  const prepare = <P extends unknown[]>(sql: string): Statement<P> => db.prepare<P, unknown>(sql);
  return {
    getRecord: prepare<[string, string, string, string]>(`
SELECT CASE WHEN p.seq IS NULL
            THEN (SELECT r.value FROM records AS r WHERE r.collection = ? AND r.key = ?)
            ELSE (SELECT j.value FROM journal AS j WHERE j.seq = p.seq) END
  FROM (SELECT 1) LEFT JOIN temp.pending AS p ON p.collection = ? AND p.key = ?`).pluck(),
    recordExists: prepare<[string, string, string, string]>(`
SELECT coalesce((SELECT p.live FROM temp.pending AS p WHERE p.collection = ? AND p.key = ?),
                (SELECT 1 FROM records AS r WHERE r.collection = ? AND r.key = ?), 0)`).pluck(),
    firstPage: db.prepare<[PageParameters], unknown>(pageSql('>=')).raw(),
    nextPage: db.prepare<[PageParameters], unknown>(pageSql('>')).raw(),
    getCount: prepare<[string]>('SELECT n FROM counts WHERE collection = ?').pluck(),
    getCursor: prepare<[string]>('SELECT value FROM cursors WHERE name = ?').pluck(),
    appendJournal: prepare<[string, string, string | null]>('INSERT INTO journal (collection, key, value) VALUES (?, ?, ?)'),
    addToCount: prepare<[string, number]>(
      'INSERT INTO counts (collection, n) VALUES (?, ?) ON CONFLICT (collection) DO UPDATE SET n = n + excluded.n',
    ),
    setCursor: prepare<[string, string]>(
      'INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    deleteCursor: prepare<[string]>('DELETE FROM cursors WHERE name = ?'),
    journalRows: prepare<[]>('SELECT count(*) FROM journal').pluck(),
    maxSeq: prepare<[]>('SELECT coalesce(max(seq), 0) FROM journal').pluck(),
    generation: prepare<[]>("SELECT value FROM meta WHERE name = 'generation'").pluck(),
    clearPending: prepare<[]>('DELETE FROM temp.pending'),
    loadPending: prepare<[number]>(`
INSERT INTO temp.pending (collection, key, seq, live)
  SELECT collection, key, seq, value IS NOT NULL FROM journal WHERE seq > ? ORDER BY seq
  ON CONFLICT (collection, key) DO UPDATE SET seq = excluded.seq, live = excluded.live`),
  };
}

/**
 * Merges the journal into `records` and empties it, as one transaction (run it inside one). Live entries
 * are upserted in key order, so each B-tree leaf is read and written once however many changes it gets.
 */
export const COMPACT_SQL = `
INSERT INTO records (collection, key, value)
  SELECT p.collection, p.key, j.value FROM temp.pending AS p JOIN journal AS j ON j.seq = p.seq
   WHERE p.live = 1 ORDER BY p.collection, p.key
  ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value;
DELETE FROM records WHERE (collection, key) IN (SELECT collection, key FROM temp.pending WHERE live = 0);
DELETE FROM journal;
DELETE FROM temp.pending;
UPDATE meta SET value = value + 1 WHERE name = 'generation';
`;
