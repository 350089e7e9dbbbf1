/**
 * Compaction: merging the journal into the key-ordered `records` table.
 *
 * Commits append to the journal (cheap, sequential); every `compactAfter` journaled changes, or on
 * `compact()`, the writer runs {@link COMPACT_SQL} in one transaction:
 * 1. one sort reduces the journal to the latest change per key, into `temp.latest` in key order;
 * 2. the counts are adjusted (is each key already in `records`?);
 * 3. puts are upserted and deletes removed, each B-tree leaf read and written once;
 * 4. the journal is emptied and `meta.generation` bumped, so readers in other processes reload it.
 */

/**
 * The latest journal row of every key ("bare columns" of a max() aggregate come from the row holding the
 * maximum), sorted by SQLite's sorter, which spills to temporary files beyond its memory budget.
 */
const LATEST = 'SELECT collection, key, value, max(seq) FROM journal GROUP BY collection, key';

/** Per writer connection: the journal reduced to one row per key, in key order, during a compaction. */
export const CREATE_COMPACTION_TABLE = `
CREATE TEMP TABLE latest (
  collection TEXT NOT NULL,
  key        TEXT NOT NULL,
  value      TEXT,
  PRIMARY KEY (collection, key)
) WITHOUT ROWID;
`;

/**
 * Merges the journal into `records` and empties it; run it inside one transaction. One sort reduces the
 * journal to its latest row per key (appended to temp.latest in key order); then, scanning that in key
 * order: the counts (is each key already in `records`?), the upserts (each B-tree leaf read and written
 * once however many changes it gets) and the deletes.
 */
export const COMPACT_SQL = `
INSERT INTO temp.latest (collection, key, value) SELECT collection, key, value FROM (${LATEST});
INSERT INTO counts (collection, n)
  SELECT collection, sum(value IS NOT NULL) - sum(EXISTS (SELECT 1 FROM records AS r WHERE r.collection = l.collection AND r.key = l.key))
    FROM temp.latest AS l WHERE true GROUP BY collection
  ON CONFLICT (collection) DO UPDATE SET n = n + excluded.n;
INSERT INTO records (collection, key, value)
  SELECT collection, key, value FROM temp.latest WHERE value IS NOT NULL
  ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value;
DELETE FROM records WHERE (collection, key) IN (SELECT collection, key FROM temp.latest WHERE value IS NULL);
DELETE FROM temp.latest;
DELETE FROM journal;
UPDATE meta SET value = value + 1 WHERE name = 'generation';
`;
