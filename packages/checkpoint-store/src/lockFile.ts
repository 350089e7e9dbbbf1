import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CheckpointError } from './CheckpointError.js';
import type { LockHolder } from './LockHolder.js';
import { toCheckpointError } from './toCheckpointError.js';

/** The file whose OS-level lock is the writer lock. It holds no data. */
export const LOCK_FILE = 'lock.sqlite';
/** Who holds the lock: written after the lock is taken, removed by release(). */
export const HOLDER_FILE = 'lock.json';

export interface WriterLock {
  /**
   * The holder record left by a process that died (or was killed) while holding the lock,
   * or undefined if the previous writer released it normally.
   */
  readonly staleHolder: LockHolder | undefined;
  release(): void;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, hostname: host, since } = parsed as Record<string, unknown>;
    if (typeof pid === 'number' && typeof host === 'string' && typeof since === 'string') {
      return { pid, hostname: host, since };
    }
  } catch {
    // Missing (the holder is between taking the lock and writing this file) or unreadable.
  }
  return undefined;
}

function lockedError(dir: string, holderPath: string, cause: unknown): CheckpointError {
  const holder = readHolder(holderPath);
  if (holder === undefined) {
    return new CheckpointError('ERR_CHECKPOINT_LOCKED', `Checkpoint store ${dir} is locked by another process (holder unknown: ${holderPath} is missing or unreadable).`, {
      cause,
      path: holderPath,
      hint: 'Another process is writing this checkpoint. Wait for it to finish or stop it, then run again.',
    });
  }
  const { pid, hostname: host, since } = holder;
  const here = host === hostname();
  const self = here && pid === process.pid;
  const who = self ? `this process (pid ${pid})` : `pid ${pid} on host ${host}`;
  const hint = self
    ? 'The store is already open in this process: close() that CheckpointStore before opening it again.'
    : `Another process is writing this checkpoint. Wait for it to finish or stop it (kill ${pid}${here ? '' : ` on ${host}`}). ` +
      'A lock left by a process that died is released by the operating system and taken over automatically.';
  return new CheckpointError('ERR_CHECKPOINT_LOCKED', `Checkpoint store ${dir} is locked by ${who} since ${since}.`, {
    cause,
    path: holderPath,
    holder,
    hint,
  });
}

/**
 * Takes the writer lock of the store in `dir` (which must exist).
 *
 * The lock is an exclusive SQLite lock (POSIX advisory lock) on `lock.sqlite`, held by a connection in
 * `locking_mode=EXCLUSIVE` until release(). The operating system drops it when the process exits in any way,
 * kill -9 included, so a stale lock is taken over without guessing from pids; SQLite also refuses a second
 * lock from another connection of the same process. `lock.json` only tells others who holds it.
 */
export function acquireLock(dir: string): WriterLock {
  const lockPath = join(dir, LOCK_FILE);
  const holderPath = join(dir, HOLDER_FILE);
  let db: Database.Database | undefined;
  try {
    db = new Database(lockPath, { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = MEMORY'); // no -journal file: this file only carries the lock
    // In exclusive locking mode the lock taken by BEGIN EXCLUSIVE is kept after COMMIT, until close().
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (error) {
    db?.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw lockedError(dir, holderPath, error);
    if (code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
      throw new CheckpointError('ERR_CHECKPOINT_CORRUPT', `Lock file ${lockPath} is not a SQLite database.`, {
        cause: error,
        path: lockPath,
        hint: `${LOCK_FILE} holds no data: delete it (make sure no other process uses '${dir}') and run again.`,
      });
    }
    throw toCheckpointError(error, { dir, path: lockPath, operation: 'taking the writer lock' });
  }
  const lockDb = db;
  const staleHolder = readHolder(holderPath);
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
  const tmp = `${holderPath}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(holder)}\n`);
    renameSync(tmp, holderPath);
  } catch (error) {
    lockDb.close();
    throw new CheckpointError('ERR_CHECKPOINT_IO', `Cannot write the lock holder file ${holderPath}.`, {
      cause: error,
      path: holderPath,
      hint: `Check that '${dir}' is writable and its file system has free space.`,
    });
  }
  let released = false;
  return {
    staleHolder,
    release() {
      if (released) return;
      released = true;
      // Remove our record while we still hold the lock, so we never delete the next holder's.
      try {
        rmSync(holderPath, { force: true });
      } finally {
        lockDb.close();
      }
    },
  };
}
