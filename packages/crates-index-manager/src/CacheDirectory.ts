import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { IndexManagerError } from './IndexManagerError.js';
import { parseRepositoryName, type RepositoryKey } from './RepositoryKey.js';

/** The lock file naming the process that owns a cache directory. */
export const LOCK_FILE = 'index-manager.lock';

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
  readonly #lockContent: string;
  #locked = false;

  constructor(path: string) {
    this.path = resolve(path);
    this.#lockContent = `${JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() })}\n`;
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
   * Creates the directory and takes its lock. The lock of a process that no longer runs on this
   * host (killed, crashed) is taken over; a live holder gives `ERR_INDEX_LOCKED`.
   */
  async lock(): Promise<void> {
    await mkdir(this.path, { recursive: true }).catch((error: unknown) => {
      throw unusableDirectory(this.path, error);
    });
    const file = join(this.path, LOCK_FILE);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await writeFile(file, this.#lockContent, { flag: 'wx' });
        this.#locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusableDirectory(this.path, error);
      }
      const holder = await readLockHolder(file);
      if (holder && (holder.hostname !== hostname() || isAlive(holder.pid))) {
        throw new IndexManagerError(
          'ERR_INDEX_LOCKED',
          `The cache directory ${this.path} is in use by process ${holder.pid} on ${holder.hostname}`,
          {
            details: { path: file },
            hint:
              holder.hostname === hostname()
                ? 'Close the other IndexManager (or use another cacheDir).'
                : `If that host no longer uses it, delete ${file}.`,
          },
        );
      }
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    throw new IndexManagerError('ERR_INDEX_LOCKED', `Cannot take the lock ${file}`, { details: { path: file }, hint: 'Another process keeps taking it.' });
  }

  /** Releases the lock (only if it is still ours). */
  async unlock(): Promise<void> {
    if (!this.#locked) return;
    this.#locked = false;
    const file = join(this.path, LOCK_FILE);
    const content = await readFile(file, 'utf8').catch(() => undefined);
    if (content === this.#lockContent) await unlink(file).catch(() => {});
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

async function readLockHolder(file: string): Promise<{ pid: number; hostname: string } | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown; hostname?: unknown };
    if (typeof value.pid === 'number' && typeof value.hostname === 'string') return { pid: value.pid, hostname: value.hostname };
  } catch {
    // Unreadable or half-written by a process that died: stale.
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
