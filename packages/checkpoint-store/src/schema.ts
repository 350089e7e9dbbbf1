import type Database from 'better-sqlite3';
import { CheckpointError } from './CheckpointError.js';

/** The SQLite file inside the store directory (plus its `-wal` and `-shm` companions while open). */
export const DATABASE_FILE = 'checkpoint.sqlite';

/** `PRAGMA application_id` of our files: "RMCP", registry-miners checkpoint. Tells our file from another tool's. */
export const APPLICATION_ID = 0x524d4350;

/**
 * `PRAGMA user_version` this code writes and reads. A larger number was written by a newer release.
 * Version 2: every stored value is prefixed with its checksum (version 1 had none).
 */
export const SCHEMA_VERSION = 2;

/**
 * Two levels (a small log-structured merge):
 * - `records`: the merged table, keyed by (collection, key) in a clustered B-tree (WITHOUT ROWID).
 * - `journal`: changes appended in commit order (value NULL = deleted). A commit writes a few sequential
 *   pages here instead of one random leaf page per record in `records`; compaction merges the journal
 *   into `records` in key order, touching each leaf once for thousands of changes.
 * - `counts`: rows of `records` per collection, updated by compaction; `cursors`: named JSON values;
 *   `meta.generation`: bumped by every compaction, so readers in other processes know to reload the journal.
 */
const CREATE_SCHEMA = `
BEGIN IMMEDIATE;
CREATE TABLE records (
  collection TEXT NOT NULL,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (collection, key)
) WITHOUT ROWID;
CREATE TABLE journal (
  seq        INTEGER PRIMARY KEY,
  collection TEXT NOT NULL,
  key        TEXT NOT NULL,
  value      TEXT
);
CREATE TABLE cursors (
  name  TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE counts (
  collection TEXT NOT NULL PRIMARY KEY,
  n          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE meta (
  name  TEXT NOT NULL PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('generation', 0);
PRAGMA application_id = ${APPLICATION_ID};
PRAGMA user_version = ${SCHEMA_VERSION};
COMMIT;
`;

export type SchemaState = 'empty' | 'current';

/**
 * Reads the format marker. 'empty' is a new (or never initialised) file; 'current' is a store this code
 * reads. Anything else throws ERR_CHECKPOINT_FORMAT. A file that is not SQLite at all makes SQLite throw
 * SQLITE_NOTADB, which the caller maps to ERR_CHECKPOINT_CORRUPT.
 */
export function readSchemaState(db: Database.Database, dir: string, path: string): SchemaState {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const elsewhere = `Use another directory for the checkpoint, or move '${dir}' aside if it is yours to discard.`;
  if (applicationId === 0 && version === 0) {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    if (tables.length === 0) return 'empty';
    throw new CheckpointError(
      'ERR_CHECKPOINT_FORMAT',
      `${path} is a SQLite database of another tool (tables: ${tables.slice(0, 5).join(', ')}), not a checkpoint store.`,
      { details: { path }, hint: elsewhere },
    );
  }
  if (applicationId !== APPLICATION_ID) {
    throw new CheckpointError(
      'ERR_CHECKPOINT_FORMAT',
      `${path} is a SQLite database of another tool (application_id 0x${(applicationId >>> 0).toString(16)}), not a checkpoint store.`,
      { details: { path }, hint: elsewhere },
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new CheckpointError(
      'ERR_CHECKPOINT_FORMAT',
      `${path} was written by a newer release of @registry-miners/checkpoint-store (schema version ${version}; this release reads version ${SCHEMA_VERSION}).`,
      { details: { path }, hint: `Run the newer release on it, or use another directory. ${elsewhere}` },
    );
  }
  if (version === 1) {
    throw new CheckpointError(
      'ERR_CHECKPOINT_FORMAT',
      `${path} was written by an older release of @registry-miners/checkpoint-store (schema version 1, values without checksums).`,
      { details: { path }, hint: `Move '${dir}' aside and run again: the job starts over in a fresh directory.` },
    );
  }
  if (version !== SCHEMA_VERSION) {
    throw new CheckpointError('ERR_CHECKPOINT_FORMAT', `${path} has unknown checkpoint schema version ${version}.`, {
      details: { path },
      hint: elsewhere,
    });
  }
  return 'current';
}

/** Creates the tables and the format marker in one transaction: a crash leaves an empty file or a complete one. */
export function createSchema(db: Database.Database): void {
  db.exec(CREATE_SCHEMA);
}
