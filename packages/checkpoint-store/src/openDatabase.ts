import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DirectoryLock } from '@registry-miners/directory-lock';
import { syncDirectorySync } from '@registry-miners/utils';
import Database from 'better-sqlite3';
import { acquireWriterLock } from './acquireWriterLock.js';
import { CheckpointError } from './CheckpointError.js';
import { checkIntegrity } from './checkIntegrity.js';
import { createSchema, DATABASE_FILE, readSchemaState } from './schema.js';
import { toCheckpointError } from './toCheckpointError.js';

/**
 * Opening a store directory, in order:
 * 1. the writer creates the directory and takes its lock (a reader needs neither, but an existing store);
 * 2. the database is opened and its format marker read (ours? which schema version? empty?);
 * 3. the connection is tuned (WAL, fsync on every commit, cache sizes);
 * 4. an empty file gets the schema, and the directory is fsynced so the new file survives a power loss;
 * 5. SQLite's quick_check runs.
 * Any failure closes what was opened and releases the lock.
 */

/** How long a readonly reader waits if the writer is busy recovering the WAL (rare, brief). */
const BUSY_TIMEOUT_MS = 5000;
/**
 * SQLite page cache of the database, in KiB: holds every interior B-tree page of a few million records
 * (about 3 MiB at 2.5 M), so a lookup reads at most its leaf from the operating system. It is also the
 * memory budget of SQLite's sorter (compaction), beyond which it spills to temporary files.
 */
const CACHE_KIB = 8 * 1024;
/** Page cache of the TEMP database (compaction's `latest` table), in KiB; it spills to a temporary file beyond. */
const TEMP_CACHE_KIB = 4 * 1024;
/**
 * Checkpoint the WAL into the database file once it holds this many 4 KiB pages (64 MiB) rather than
 * SQLite's 1000: fewer, larger checkpoints, each copying pages in page order.
 */
const WAL_AUTOCHECKPOINT_PAGES = 16_384;
/** After a checkpoint, truncate the WAL file back to this size so it does not keep its peak size on disk. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** An open, checked database and, for the writer, the lock it holds. */
export interface OpenedDatabase {
  path: string;
  db: Database.Database;
  lock: DirectoryLock | undefined;
}

/** Opens the store in the absolute directory `dir` (see the steps above). */
export function openDatabase(dir: string, readonly: boolean): OpenedDatabase {
  const path = join(dir, DATABASE_FILE);
  if (readonly) {
    if (!existsSync(path)) throw notFound(dir, path);
  } else {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new CheckpointError('ERR_CHECKPOINT_IO', `Cannot create the checkpoint directory ${dir}.`, {
        cause: error,
        path: dir,
        hint: 'Check the path (is a parent a file?) and the permissions.',
      });
    }
  }
  const lock = readonly ? undefined : acquireWriterLock(dir);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
    const state = readSchemaState(db, dir, path);
    if (state === 'empty') {
      if (readonly) throw notFound(dir, path);
      db.pragma('page_size = 4096');
    }
    if (!readonly) {
      // Persistent in the file; setting it again is a no-op. Readers never block the writer, and a commit
      // is one sequential append to the WAL.
      db.pragma('journal_mode = WAL');
      // FULL: the WAL is fsynced by every commit, so a commit that returned survives power loss.
      // (NORMAL would only promise consistency; the last commits could be lost.)
      db.pragma('synchronous = FULL');
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    }
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.pragma(`temp.cache_size = -${TEMP_CACHE_KIB}`);
    if (state === 'empty') {
      createSchema(db);
      syncDirectorySync(dir);
    }
    checkIntegrity(db, dir, path);
    return { path, db, lock };
  } catch (error) {
    try {
      db?.close();
    } catch {
      // Already failing: report the first error.
    }
    lock?.release();
    throw toCheckpointError(error, { dir, path, operation: 'open' });
  }
}

function notFound(dir: string, path: string): CheckpointError {
  return new CheckpointError('ERR_CHECKPOINT_NOT_FOUND', `No checkpoint store in ${dir} (${path} is missing or empty).`, {
    path,
    hint: 'Check the directory, or open it without { readonly: true } to create the store.',
  });
}
