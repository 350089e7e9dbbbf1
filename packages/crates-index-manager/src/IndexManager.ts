/**
 * The index manager: local bare clones of the crates.io index (`current/`) and of archived snapshots
 * (`snapshot-YYYY-MM-DD/`) in one cache directory, handed out as {@link RepositoryHandle}s.
 *
 * The manager schedules; what varies by repository kind lives in its fetcher
 * ({@link CurrentIndexFetcher}: clone, then refresh when due; {@link SnapshotFetcher}: clone once).
 *
 * 1. `open` locks the cache directory, deletes leftovers of interrupted clones and evictions,
 *    re-opens the clones found there, sets damaged ones aside, and evicts snapshots beyond
 *    `maxSnapshots`.
 * 2. `getRepositories` validates the keys, then reserves synchronously (JavaScript runs one
 *    request's bookkeeping at a time, so there is no coordinator loop and no lock to spin on):
 *    it pins the requested repositories and makes room for missing snapshots by evicting the least
 *    recently used idle ones, or fails at once (`ERR_INDEX_CAPACITY`).
 * 3. Each repository's fetcher makes it ready, all in parallel; clones and fetches are shared
 *    operations, so a request only waits for the repositories it asked for, and one that is
 *    cancelled stops the work only it waited for.
 * 4. Handles are handed out (a snapshot with open handles is never evicted); the pins are released.
 * 5. `close` aborts what runs, waits for it, and releases the lock.
 */
import { rename, rm, stat } from 'node:fs/promises';
import { checkInteger, expectedTypeError } from '@registry-miners/utils';
import { CacheDirectory, directorySize } from './CacheDirectory.js';
import type { CacheStatus } from './CacheStatus.js';
import { CurrentIndexFetcher } from './CurrentIndexFetcher.js';
import { createGitCliClone, createGitCliFetch, createGitCliListRefs, gitVersion } from './gitCliTransport.js';
import { IndexManagerError } from './IndexManagerError.js';
import { resolveOptions, type IndexManagerOptions, type ResolvedIndexManagerOptions } from './IndexManagerOptions.js';
import { listAvailableSnapshots } from './listAvailableSnapshots.js';
import { ManagedRepository } from './ManagedRepository.js';
import { ManagerEvents } from './ManagerEvents.js';
import { nodegitClone, nodegitFetch, nodegitListRefs } from './nodegitTransport.js';
import { openRepository } from './openRepository.js';
import { peekRepository } from './peekRepository.js';
import type { RepositoryFetcher } from './RepositoryFetcher.js';
import type { RepositoryHandle } from './RepositoryHandle.js';
import { repositoryName, type RepositoryKey } from './RepositoryKey.js';
import { readMetadata } from './RepositoryMetadata.js';
import { recallSnapshots, rememberSnapshots } from './RememberedSnapshots.js';
import type { SetAsideRepository } from './SetAsideRepository.js';
import type { Ticket } from './SharedOperation.js';
import { SnapshotFetcher } from './SnapshotFetcher.js';
import { abortedError, closedError } from './stoppedErrors.js';
import type { ListRefsFunction } from './Transport.js';

/** Options of {@link IndexManager.getRepositories}. */
export interface GetRepositoriesOptions {
  /**
   * A time the current index must cover (only checked when the keys include `{ kind: 'current' }`):
   * if it is after the head commit's committer time, even after a due refresh, the request fails
   * with {@link RegistryOutOfDateError}.
   * @example { contains: new Date('2024-01-15T10:00:00Z') }
   */
  contains?: Date;
  /** Cancels the request: everything it acquired is released, clones only it waited for are stopped. */
  signal?: AbortSignal;
}

/** Options of {@link IndexManager.listAvailableSnapshots}. */
export interface ListSnapshotsOptions {
  signal?: AbortSignal;
  /**
   * Reuse the list remembered in the cache directory when it was read from this archive less than
   * this long ago, without asking the archive (the list changes only when the index is squashed,
   * every few months). A CLI run then costs no round trip to the archive.
   * @default 0 (always ask the archive)
   * @example 30 * 60_000, the update interval of the current index
   */
  maxAgeMs?: number;
}

/**
 * Hands out handles on local clones of the crates.io index and its archived snapshots
 * (flow at the top of this file).
 *
 * @example
 * ```ts
 * const manager = await IndexManager.open({ cacheDir: '/var/cache/crates-index' });
 * const handles = await manager.getRepositories([{ kind: 'current' }], { contains: publishTime });
 * try { readAt(handles[0]!.repository, handles[0]!.head); } finally { for (const h of handles) h.close(); }
 * await manager.close();
 * ```
 */
export class IndexManager {
  /** How clones and fetches run: the git executable, nodegit (no git found), or injected functions. */
  readonly transport: 'git' | 'nodegit' | 'custom';
  /** Entries found damaged at start-up and renamed aside. */
  readonly setAside: readonly SetAsideRepository[];

  readonly #options: ResolvedIndexManagerOptions;
  readonly #dir: CacheDirectory;
  readonly #events: ManagerEvents;
  readonly #listRefs: ListRefsFunction;
  /** What varies by repository kind: how one is cloned and kept up to date. */
  readonly #fetchers: Readonly<Record<RepositoryKey['kind'], RepositoryFetcher>>;
  readonly #repositories = new Map<string, ManagedRepository>();
  /** Evictions whose directory is still being moved out of the way, by repository name. */
  readonly #evictions = new Map<string, Promise<void>>();
  /** Background work that {@link close} waits for. */
  readonly #work = new Set<Promise<unknown>>();
  readonly #closed = new AbortController();
  readonly #setAside: SetAsideRepository[] = [];
  #closing: Promise<void> | undefined;

  private constructor(options: ResolvedIndexManagerOptions, dir: CacheDirectory, hasGit: boolean) {
    this.#options = options;
    this.#dir = dir;
    this.#events = new ManagerEvents(options);
    this.#listRefs = options.listRefs ?? (hasGit ? createGitCliListRefs(options.gitBinary) : nodegitListRefs);
    this.transport = options.cloneRepository && options.fetchRepository ? 'custom' : hasGit ? 'git' : 'nodegit';
    this.setAside = this.#setAside;
    const context = {
      dir,
      clone: options.cloneRepository ?? (hasGit ? createGitCliClone(options.gitBinary) : nodegitClone),
      fetch: options.fetchRepository ?? (hasGit ? createGitCliFetch(options.gitBinary) : nodegitFetch),
      events: this.#events,
      updateIntervalMs: options.updateIntervalMs,
      now: () => this.#now(),
      evicting: (name: string) => this.#evictions.get(name),
      track: (promise: Promise<unknown>) => this.#track(promise),
      forget: (entry: ManagedRepository) => {
        if (this.#repositories.get(entry.name) === entry) this.#repositories.delete(entry.name);
      },
    };
    this.#fetchers = { current: new CurrentIndexFetcher(context), snapshot: new SnapshotFetcher(context) };
  }

  /**
   * Opens (creating) the cache directory: takes its lock, deletes leftovers of interrupted clones
   * and evictions, re-opens the clones found there and sets damaged ones aside
   * (`<name>.damaged-<time>`, listed in {@link setAside}) to be cloned again on demand.
   * Throws `TypeError` for invalid options, `ERR_INDEX_LOCKED` when another live process uses it.
   */
  static async open(options: IndexManagerOptions): Promise<IndexManager> {
    const resolved = resolveOptions(options);
    const dir = new CacheDirectory(resolved.cacheDir);
    await dir.lock();
    try {
      const needsGit = !resolved.cloneRepository || !resolved.fetchRepository || !resolved.listRefs;
      const hasGit = needsGit && (await gitVersion(resolved.gitBinary)) !== undefined;
      const manager = new IndexManager(resolved, dir, hasGit);
      await manager.#load();
      return manager;
    } catch (error) {
      await dir.unlock();
      throw error;
    }
  }

  /** Absolute path of the cache directory. */
  get cacheDir(): string {
    return this.#dir.path;
  }

  /**
   * Acquires one handle per key, in key order, or none: on any failure every handle and
   * reservation the request made is released before it rejects.
   *
   * Missing repositories are cloned in parallel (a clone already running for another request is
   * shared); the current index is fetched first when its last update is older than
   * `updateIntervalMs`. Snapshots beyond `maxSnapshots` are made room for by evicting the least
   * recently used snapshots nobody holds; when that is not possible the request fails at once
   * with `ERR_INDEX_CAPACITY`.
   *
   * Rejects with `ERR_INDEX_BAD_KEY` (malformed or duplicate key), `ERR_INDEX_CAPACITY`,
   * `ERR_INDEX_CLONE`, `ERR_INDEX_FETCH`, `ERR_INDEX_READ`, `ERR_INDEX_ABORTED` (signal),
   * `ERR_INDEX_CLOSED`, or {@link RegistryOutOfDateError} (`contains`).
   */
  async getRepositories(keys: readonly RepositoryKey[], options: GetRepositoriesOptions = {}): Promise<RepositoryHandle[]> {
    this.#assertOpen();
    if (!Array.isArray(keys)) throw expectedTypeError('keys', 'an array of repository keys', keys);
    const { contains, signal } = options;
    if (contains !== undefined && (!(contains instanceof Date) || Number.isNaN(contains.getTime()))) {
      throw expectedTypeError('contains', 'a valid Date', contains);
    }
    const names = keys.map((key) => repositoryName(key));
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) {
      throw new IndexManagerError('ERR_INDEX_BAD_KEY', `Repository ${duplicate} is requested twice`, {
        hint: 'List each repository once per request.',
      });
    }
    if (signal?.aborted) throw abortedError(signal.reason);

    // Everything up to here and the reservation run synchronously: no other request interleaves.
    const entries = this.#reserve(keys, names);
    const inner = new AbortController();
    const tickets: Array<Ticket<void>> = [];
    let abandon = false;
    const cancel = (error: Error): void => {
      abandon = true;
      if (!inner.signal.aborted) inner.abort(error);
    };
    const onAbort = (): void => cancel(abortedError(signal?.reason));
    const onClose = (): void => cancel(closedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#closed.signal.addEventListener('abort', onClose, { once: true });
    try {
      await Promise.all(
        entries.map((entry) =>
          this.#fetchers[entry.key.kind].prepare(entry, { contains, signal: inner.signal, tickets }).catch((error: unknown) => {
            if (!inner.signal.aborted) inner.abort(error);
            throw error;
          }),
        ),
      );
      inner.signal.throwIfAborted();
      return entries.map((entry) => this.#createHandle(entry));
    } catch (error) {
      throw inner.signal.aborted ? inner.signal.reason : error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#closed.signal.removeEventListener('abort', onClose);
      for (const ticket of tickets) ticket.leave(abandon);
      const now = this.#now().getTime();
      for (const entry of entries) {
        entry.pins--;
        entry.lastUsed = now;
      }
    }
  }

  /** {@link getRepositories} for one key. */
  async getRepository(key: RepositoryKey, options: GetRepositoriesOptions = {}): Promise<RepositoryHandle> {
    const [handle] = await this.getRepositories([key], options);
    return handle!;
  }

  /**
   * The snapshot dates available in the archive (`git ls-remote <archiveUrl> 'refs/heads/snapshot-*'`),
   * ascending: one network round trip per call. Each list read is remembered in the cache directory;
   * when the archive cannot be listed (`ERR_INDEX_LIST`: no network) the remembered list for the same
   * archive is returned instead, with a `WARN_INDEX_REMEMBERED_SNAPSHOTS` warning. Without one it rejects.
   * With `maxAgeMs`, a list remembered less than that long ago is returned without asking the archive.
   */
  async listAvailableSnapshots(options: ListSnapshotsOptions = {}): Promise<string[]> {
    this.#assertOpen();
    const { maxAgeMs = 0 } = options;
    checkInteger('options.maxAgeMs', maxAgeMs, { min: 0 });
    const signal = options.signal ? AbortSignal.any([options.signal, this.#closed.signal]) : this.#closed.signal;
    const { archiveUrl } = this.#options;
    if (maxAgeMs > 0) {
      const remembered = await recallSnapshots(this.#dir.path, archiveUrl);
      const age = remembered && this.#now().getTime() - remembered.listedAt.getTime();
      // A list from the future (a clock set back) is not trusted.
      if (remembered && age !== undefined && age >= 0 && age < maxAgeMs) return remembered.dates;
    }
    try {
      const dates = await listAvailableSnapshots({ archiveUrl, listRefs: this.#listRefs, signal });
      // Best effort: a cache directory that cannot take the file still serves this call.
      await rememberSnapshots(this.#dir.path, { archiveUrl, listedAt: this.#now(), dates }).catch(() => {});
      return dates;
    } catch (error) {
      if (!(error instanceof IndexManagerError) || error.code !== 'ERR_INDEX_LIST') throw error;
      const remembered = await recallSnapshots(this.#dir.path, archiveUrl);
      if (remembered === undefined) throw error;
      this.#events.warn({
        code: 'WARN_INDEX_REMEMBERED_SNAPSHOTS',
        message: `Cannot list the snapshots of ${archiveUrl}; using the ${remembered.dates.length} remembered from ${remembered.listedAt.toISOString()}`,
        cause: error,
      });
      return remembered.dates;
    }
  }

  /** The repositories of the cache (current first, then snapshots by date) with their size on disk. */
  async status(): Promise<CacheStatus[]> {
    // `current` sorts before `snapshot-…`, snapshots by date.
    const entries = [...this.#repositories.values()].sort((a, b) => a.name.localeCompare(b.name));
    return Promise.all(
      entries.map(async (entry) => {
        const status: CacheStatus = {
          key: entry.key,
          name: entry.name,
          path: entry.path,
          state: entry.state === 'ready' ? (entry.update ? 'updating' : 'ready') : 'cloning',
          bytes: entry.state === 'ready' ? await directorySize(entry.path) : 0,
          lastUsed: new Date(entry.lastUsed),
          openHandles: entry.openHandles,
          pendingRequests: entry.pins,
        };
        if (entry.lastUpdate) status.lastUpdate = entry.lastUpdate;
        if (entry.opened) {
          status.head = entry.opened.head;
          status.headTime = entry.opened.headTime;
        }
        return status;
      }),
    );
  }

  /**
   * Stops the manager: pending requests reject with `ERR_INDEX_CLOSED`, clones and fetches in
   * progress are stopped and their temporary directories removed, and the lock is released once
   * all of that is done. Idempotent: every call returns the same promise. Open handles stay
   * readable (nothing is deleted); closing them afterwards is harmless.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const error = closedError();
    this.#closed.abort(error);
    for (const entry of this.#repositories.values()) {
      entry.clone?.abort(error);
      entry.update?.abort(error);
    }
    while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
    await this.#dir.unlock();
  }

  async #load(): Promise<void> {
    const found = await this.#dir.scan();
    await Promise.all(
      found.map(async ({ key, name, path, isDirectory }) => {
        const entry = this.#newEntry(key, name);
        const metadata = isDirectory ? await readMetadata(path) : undefined;
        try {
          if (!isDirectory) throw new Error('not a directory');
          entry.opened = peekRepository(path, entry.branch, metadata) ?? (await openRepository(path, entry.branch));
        } catch (error) {
          const movedTo = await this.#dir.setAside(name, this.#now());
          this.#setAside.push({ name, movedTo, reason: (error as Error).message });
          return;
        }
        entry.lastUpdate = metadata ? new Date(metadata.lastUpdate) : undefined;
        entry.lastUsed = (await stat(path)).mtimeMs;
        entry.state = 'ready';
        this.#repositories.set(name, entry);
      }),
    );
    // maxSnapshots may have been lowered since the last run.
    const snapshots = [...this.#repositories.values()].filter((entry) => entry.key.kind === 'snapshot');
    snapshots.sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of snapshots.slice(0, Math.max(0, snapshots.length - this.#options.maxSnapshots))) this.#evict(entry);
  }

  /**
   * Makes room for the request's snapshots and pins its repositories, synchronously. Fails fast
   * (`ERR_INDEX_CAPACITY`) when the snapshots cannot all be held at once.
   */
  #reserve(keys: readonly RepositoryKey[], names: readonly string[]): ManagedRepository[] {
    const max = this.#options.maxSnapshots;
    const requested = new Set(names);
    const wanted = names.filter((name) => name !== 'current');
    if (wanted.length > max) {
      throw new IndexManagerError('ERR_INDEX_CAPACITY', `The request needs ${wanted.length} snapshots at once, but maxSnapshots is ${max}`, {
        hint: 'Raise maxSnapshots, or request fewer snapshots per call.',
      });
    }
    const missing = wanted.filter((name) => !this.#repositories.has(name)).length;
    const held = [...this.#repositories.values()].filter((entry) => entry.key.kind === 'snapshot');
    const excess = held.length + missing - max;
    if (excess > 0) {
      const candidates = held.filter((entry) => !requested.has(entry.name) && entry.evictable).sort((a, b) => a.lastUsed - b.lastUsed);
      if (candidates.length < excess) {
        const others = held.filter((entry) => !requested.has(entry.name) && !entry.evictable);
        const count = (test: (entry: ManagedRepository) => boolean): number => others.filter(test).length;
        throw new IndexManagerError(
          'ERR_INDEX_CAPACITY',
          `No room for ${missing} more snapshot(s): ${held.length} of ${max} slots are taken and only ${candidates.length} can be evicted ` +
            `(${count((entry) => entry.openHandles > 0)} held by open handles, ${count((entry) => entry.state === 'cloning')} being cloned, ` +
            `${count((entry) => entry.pins > 0)} reserved by requests in progress)`,
          { hint: 'Close handles you no longer need and retry, or raise maxSnapshots.' },
        );
      }
      for (const victim of candidates.slice(0, excess)) this.#evict(victim);
    }
    const now = this.#now().getTime();
    return names.map((name, index) => {
      let entry = this.#repositories.get(name);
      if (!entry) {
        entry = this.#newEntry(keys[index]!, name);
        this.#repositories.set(name, entry);
      }
      entry.pins++;
      entry.lastUsed = now;
      return entry;
    });
  }

  /** Removes an idle snapshot: out of the map at once, its directory moved aside, then deleted. */
  #evict(entry: ManagedRepository): void {
    this.#repositories.delete(entry.name);
    entry.state = 'evicted';
    entry.opened = undefined;
    const trash = this.#dir.trashPath(entry.name);
    const moved = rename(entry.path, trash).then(
      () => true,
      () => false,
    );
    const settled = moved.then(() => {});
    this.#evictions.set(entry.name, settled);
    this.#track(
      moved.then(async (wasMoved) => {
        if (this.#evictions.get(entry.name) === settled) this.#evictions.delete(entry.name);
        await rm(wasMoved ? trash : entry.path, { recursive: true, force: true });
      }),
    );
  }

  #createHandle(entry: ManagedRepository): RepositoryHandle {
    const opened = entry.opened;
    if (entry.state !== 'ready' || !opened) throw new Error(`internal error: ${entry.name} is not ready`);
    entry.openHandles++;
    let open = true;
    return Object.freeze({
      key: entry.key,
      path: entry.path,
      repository: opened.repository,
      version: opened.version,
      head: opened.head,
      headTime: opened.headTime,
      close: () => {
        if (!open) return;
        open = false;
        entry.openHandles--;
        entry.lastUsed = this.#now().getTime();
      },
    });
  }

  #newEntry(key: RepositoryKey, name: string): ManagedRepository {
    const url = key.kind === 'current' ? this.#options.currentUrl : this.#options.archiveUrl;
    return new ManagedRepository(key, name, this.#dir.repositoryPath(name), url);
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch(() => {}).finally(() => this.#work.delete(tracked));
    this.#work.add(tracked);
  }

  #now(): Date {
    return this.#options.now();
  }

  #assertOpen(): void {
    if (this.#closed.signal.aborted) throw closedError();
  }
}
