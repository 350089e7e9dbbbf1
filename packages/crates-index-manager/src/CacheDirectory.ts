import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DirectoryLock, DirectoryLockError } from '@registry-miners/directory-lock';
import { IndexManagerError } from './IndexManagerError.js';
import { parseRepositoryName, type RepositoryKey } from './RepositoryKey.js';

/** Base name of the cache directory's lock files (`index-manager-lock.sqlite`, `.json`: who holds it). */
export const LOCK_NAME = 'index-manager-lock';

/** Suffix of a clone in progress (`current.tmp-<pid>-<random>`), renamed into place when complete. */
const TEMPORARY = '.tmp-';
/** Suffix of an evicted snapshot waiting to be deleted. */
const EVICTED = '.evicted-';
/** Suffix of a damaged repository set aside (kept for inspection; delete it by hand). */
const DAMAGED = '.damaged-';

/** A repository-named entry found in the cache directory at start-up. */
export interface FoundRepository {
  key: RepositoryKey;
  name: string;
  path: string;
  isDirectory: boolean;
}

/** The layout of a cache directory: where each repository, temporary and trash directory lives. */
export class CacheDirectory {
  readonly path: string;
  #lock: DirectoryLock | undefined;

  constructor(path: string) {
    this.path = resolve(path);
  }

  repositoryPath(name: string): string {
    return join(this.path, name);
  }

  /** A fresh path beside the repository's, for a clone in progress. */
  temporaryPath(name: string): string {
    return join(this.path, `${name}${TEMPORARY}${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /** A fresh path for an evicted repository until it is deleted. */
  trashPath(name: string): string {
    return join(this.path, `${name}${EVICTED}${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /**
   * Creates the directory and takes its lock (an OS lock from `@registry-miners/directory-lock`:
   * released when its process dies in any way, so a crashed manager's lock is taken over at once).
   * Another holder, in this process or another, gives `ERR_INDEX_LOCKED`.
   */
  async lock(): Promise<void> {
    await mkdir(this.path, { recursive: true }).catch((error: unknown) => {
      throw unusableDirectory(this.path, error);
    });
    try {
      this.#lock = DirectoryLock.acquire(this.path, { name: LOCK_NAME, label: 'The cache directory' });
    } catch (error) {
      if (!(error instanceof DirectoryLockError)) throw error;
      if (error.code !== 'ERR_DIRECTORY_LOCKED') {
        throw new IndexManagerError('ERR_INDEX_CACHE_DIR', error.message, { cause: error, hint: error.hint, details: { path: error.details?.path } });
      }
      // The lock's own error is not the cause: it says the same, and its cause is SQLite's "database is locked".
      const holder = error.details?.holder;
      const who = holder ? `process ${holder.pid} on ${holder.hostname} (since ${holder.since})` : 'another process';
      throw new IndexManagerError('ERR_INDEX_LOCKED', `The cache directory ${this.path} is in use by ${who}`, {
        details: { path: error.details?.path, holder },
        hint: error.details?.heldByThisProcess ? 'Close the other IndexManager of this process (or use another cacheDir).' : error.hint,
      });
    }
  }

  /** Releases the lock. */
  async unlock(): Promise<void> {
    this.#lock?.release();
    this.#lock = undefined;
  }

  /**
   * Lists the repository entries and deletes leftovers of an earlier run: clones that never
   * completed (`*.tmp-*`: the process died mid-clone) and evicted repositories not yet deleted.
   */
  async scan(): Promise<FoundRepository[]> {
    const found: FoundRepository[] = [];
    const leftovers: string[] = [];
    for (const entry of await readdir(this.path, { withFileTypes: true })) {
      const name = entry.name;
      if (name.includes(TEMPORARY) || name.includes(EVICTED)) {
        if (parseRepositoryName(name.slice(0, name.search(/\.(tmp|evicted)-/))) !== undefined) leftovers.push(name);
        continue;
      }
      const key = parseRepositoryName(name);
      if (key) found.push({ key, name, path: join(this.path, name), isDirectory: entry.isDirectory() });
    }
    await Promise.all(leftovers.map((name) => rm(join(this.path, name), { recursive: true, force: true })));
    return found;
  }

  /** Renames a damaged repository entry to `<name>.damaged-<time>`; returns the new path. */
  async setAside(name: string, now: Date): Promise<string> {
    const target = join(this.path, `${name}${DAMAGED}${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`);
    await rename(join(this.path, name), target);
    return target;
  }
}

/** What the file system said about a cache directory it will not let us create or write, as an `ERR_INDEX_CACHE_DIR`. */
function unusableDirectory(path: string, error: unknown): IndexManagerError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'EROFS' ? 'is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'is not writable by this user' : code === 'ENOTDIR' || code === 'EEXIST' ? 'is not a directory (a file is in the way)' : 'cannot be written';
  return new IndexManagerError('ERR_INDEX_CACHE_DIR', `The cache directory ${path} ${reason} (${code ?? (error as Error).message})`, {
    cause: error,
    details: { path },
    hint: 'Choose a writable cacheDir (the CLI: --cache-dir or XDG_CACHE_HOME): it holds the clones and a lock file.',
  });
}

/** Total size in bytes of the files under `path` (0 when it does not exist). */
export async function directorySize(path: string): Promise<number> {
  let stats;
  try {
    stats = await lstat(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.size;
  const entries = await readdir(path).catch(() => [] as string[]);
  const sizes = await Promise.all(entries.map((entry) => directorySize(join(path, entry))));
  return sizes.reduce((sum, size) => sum + size, stats.size);
}
