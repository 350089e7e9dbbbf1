import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DirectoryLockError } from './DirectoryLockError.js';
import type { LockHolder } from './LockHolder.js';
import { readLockHolder } from './readLockHolder.js';

/**
 * An exclusive lock on a directory, held by the operating system rather than guessed from pids.
 *
 * 1. `<name>.sqlite` is opened by a SQLite connection in `locking_mode=EXCLUSIVE` and locked by
 *    `BEGIN EXCLUSIVE`: a POSIX advisory lock the connection keeps until `release()`. The file holds
 *    no data.
 * 2. The operating system drops that lock when its process exits in any way, kill -9 included, so a
 *    dead holder's lock is free at once, and a new process that happens to reuse the dead one's pid
 *    cannot be mistaken for the holder. SQLite also refuses a second lock from the same process.
 * 3. `<name>.json` only tells others who holds it (`pid`, `hostname`, `since`): written after the lock
 *    is taken, removed by `release()` while the lock is still held. Found at acquire time, it names a
 *    holder that died without releasing (`staleHolder`).
 *
 * Keep the directory on a local disk: network file systems do not all honour advisory locks.
 */
export interface DirectoryLockOptions {
  /**
   * Base name of the lock's two files in the directory: `<name>.sqlite` and `<name>.json`.
   * @default 'lock'
   * @example
   * ```ts
   * DirectoryLock.acquire(cacheDir, { name: 'index-manager-lock' });
   * ```
   */
  name?: string;
  /**
   * What the directory is, to open error messages with ("Checkpoint store /x is locked by …").
   * @default 'Directory'
   */
  label?: string;
}

export class DirectoryLock {
  /** The locked directory (absolute). */
  readonly dir: string;
  /** The file whose OS lock is the lock. */
  readonly lockPath: string;
  /** The file naming the holder. */
  readonly holderPath: string;
  /** This process, as recorded in the holder file. */
  readonly holder: LockHolder;
  /** The holder recorded by a process that died (or was killed) holding the lock; undefined after a clean release. */
  readonly staleHolder: LockHolder | undefined;
  #connection: Database.Database | undefined;

  private constructor(dir: string, lockPath: string, holderPath: string, connection: Database.Database, staleHolder: LockHolder | undefined) {
    this.dir = dir;
    this.lockPath = lockPath;
    this.holderPath = holderPath;
    this.#connection = connection;
    this.staleHolder = staleHolder;
    this.holder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
  }

  /**
   * Takes the lock of `dir` (which must exist) or throws a {@link DirectoryLockError}:
   * `ERR_DIRECTORY_LOCKED` naming the holder when another process (or this one) holds it.
   */
  static acquire(dir: string, options: DirectoryLockOptions = {}): DirectoryLock {
    const { name = 'lock', label = 'Directory' } = options;
    const absolute = resolve(dir);
    const lockPath = join(absolute, `${name}.sqlite`);
    const holderPath = join(absolute, `${name}.json`);
    const connection = lockConnection(absolute, lockPath, holderPath, label);
    const lock = new DirectoryLock(absolute, lockPath, holderPath, connection, readLockHolder(holderPath));
    const temporary = `${holderPath}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(lock.holder)}\n`);
      renameSync(temporary, holderPath);
    } catch (error) {
      connection.close();
      rmSync(temporary, { force: true });
      throw new DirectoryLockError('ERR_DIRECTORY_LOCK_IO', `Cannot write the lock holder file ${holderPath}.`, {
        cause: error,
        hint: `Check that '${absolute}' is writable and its file system has free space.`,
        details: { dir: absolute, path: holderPath },
      });
    }
    return lock;
  }

  /** Whether {@link release} was called. */
  get released(): boolean {
    return this.#connection === undefined;
  }

  /** Removes the holder file and releases the lock; later calls do nothing. */
  release(): void {
    const connection = this.#connection;
    if (connection === undefined) return;
    this.#connection = undefined;
    // Our record goes while we still hold the lock, so we never delete the next holder's.
    try {
      rmSync(this.holderPath, { force: true });
    } finally {
      connection.close();
    }
  }
}

/** A connection holding the exclusive lock on `lockPath`. */
function lockConnection(dir: string, lockPath: string, holderPath: string, label: string): Database.Database {
  let connection: Database.Database | undefined;
  try {
    connection = new Database(lockPath, { timeout: 0 });
    connection.pragma('locking_mode = EXCLUSIVE');
    connection.pragma('journal_mode = MEMORY'); // no -journal file: this file only carries the lock
    // In exclusive locking mode the lock taken by BEGIN EXCLUSIVE is kept after COMMIT, until close().
    connection.exec('BEGIN EXCLUSIVE');
    connection.exec('COMMIT');
    return connection;
  } catch (error) {
    connection?.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw lockedError(dir, holderPath, label, error);
    if (code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
      throw new DirectoryLockError('ERR_DIRECTORY_LOCK_INVALID', `Lock file ${lockPath} is not a SQLite database.`, {
        cause: error,
        hint: `${lockPath} holds no data: delete it (make sure no other process uses '${dir}') and run again.`,
        details: { dir, path: lockPath },
      });
    }
    throw new DirectoryLockError('ERR_DIRECTORY_LOCK_IO', `Cannot take the lock ${lockPath} (${typeof code === 'string' ? code : (error as Error).message}).`, {
      cause: error,
      hint: `Check that '${dir}' exists on a local, writable file system.`,
      details: { dir, path: lockPath },
    });
  }
}

function lockedError(dir: string, holderPath: string, label: string, cause: unknown): DirectoryLockError {
  const holder = readLockHolder(holderPath);
  if (holder === undefined) {
    return new DirectoryLockError('ERR_DIRECTORY_LOCKED', `${label} ${dir} is locked by another process (holder unknown: ${holderPath} is missing or unreadable).`, {
      cause,
      hint: 'Another process is using it. Wait for it to finish or stop it, then run again.',
      details: { dir, path: holderPath },
    });
  }
  const here = holder.hostname === hostname();
  const heldByThisProcess = here && holder.pid === process.pid;
  const who = heldByThisProcess ? `this process (pid ${holder.pid})` : `pid ${holder.pid} on host ${holder.hostname}`;
  const hint = heldByThisProcess
    ? 'It is already locked in this process: release that lock (close what holds it) before locking it again.'
    : `Another process is using it. Wait for it to finish or stop it (kill ${holder.pid}${here ? '' : ` on ${holder.hostname}`}). ` +
      'A lock left by a process that died is released by the operating system and taken over automatically.';
  return new DirectoryLockError('ERR_DIRECTORY_LOCKED', `${label} ${dir} is locked by ${who} since ${holder.since}.`, {
    cause,
    hint,
    details: { dir, path: holderPath, holder, heldByThisProcess },
  });
}
