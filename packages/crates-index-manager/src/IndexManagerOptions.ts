import { expectedTypeError } from '@registry-miners/utils';
import type { GitProgress } from './GitProgress.js';
import type { IndexManagerWarning } from './IndexManagerWarning.js';
import { DEFAULT_ARCHIVE_URL, DEFAULT_CURRENT_URL } from './defaultUrls.js';
import type { RepositoryKey } from './RepositoryKey.js';
import type { CloneFunction, FetchFunction, ListRefsFunction } from './Transport.js';

/** A clone or fetch that ended: how long it took and whether it succeeded. */
export interface IndexOperationEvent {
  key: RepositoryKey;
  name: string;
  operation: 'clone' | 'fetch';
  seconds: number;
  ok: boolean;
}

/** A progress report of a clone or fetch run by the manager. */
export interface IndexProgressEvent extends GitProgress {
  key: RepositoryKey;
  /** `current` or `snapshot-YYYY-MM-DD`. */
  name: string;
  operation: 'clone' | 'fetch';
}

/** Options of {@link IndexManager.open}. */
export interface IndexManagerOptions {
  /**
   * The directory holding the clones (`current/`, `snapshot-YYYY-MM-DD/`); created if missing.
   * One manager per directory at a time (an OS lock on `index-manager-lock.sqlite` enforces it).
   * @example '/var/cache/registry-miners/crates-index'
   */
  cacheDir: string;
  /**
   * Snapshots kept on disk at most (the least recently used idle ones are evicted). The current
   * index does not count.
   * @default 4
   * @example 2
   */
  maxSnapshots?: number;
  /**
   * A request for the current index fetches it first when its last update started longer ago
   * than this.
   * @default 1_800_000 (30 minutes)
   * @example 15 * 60_000
   */
  updateIntervalMs?: number;
  /**
   * Remote of the current index (branch `master`).
   * @default DEFAULT_CURRENT_URL ('https://github.com/rust-lang/crates.io-index.git')
   * @example 'http://mirror.internal/crates.io-index.git'
   */
  currentUrl?: string;
  /**
   * Remote of the archive (branches `snapshot-YYYY-MM-DD`).
   * @default DEFAULT_ARCHIVE_URL ('https://github.com/rust-lang/crates.io-index-archive.git')
   */
  archiveUrl?: string;
  /**
   * Clones a repository. @default `git clone --bare --single-branch` (createGitCliClone) when
   * `gitBinary` runs, else nodegit (nodegitClone).
   * @example cloneRepository: async (request) => copyFromLocalMirror(request)
   */
  cloneRepository?: CloneFunction;
  /** Refreshes the current index. @default `git fetch --force` (createGitCliFetch) when git runs, else nodegitFetch. */
  fetchRepository?: FetchFunction;
  /** Lists the archive's branches. @default `git ls-remote` when git runs, else nodegitListRefs. */
  listRefs?: ListRefsFunction;
  /**
   * Receives git's transfer progress of every clone and fetch (`Receiving objects: 45% (…)`).
   * Must not throw.
   * @example onProgress: (event) => process.stderr.write(`\r${event.name} ${event.phase} ${event.percent}%`)
   */
  onProgress?: (event: IndexProgressEvent) => void;
  /**
   * Receives what the manager worked around without failing the request: an archive that cannot be
   * listed (the remembered list is used), a refresh of the current index that failed while its clone
   * already covers the requested time. Must not throw.
   * @default undefined (nothing is reported)
   * @example onWarning: (warning) => process.stderr.write(`warning: ${warning.message}\n`)
   */
  onWarning?: (warning: IndexManagerWarning) => void;
  /**
   * Told when a clone or fetch ends (for metrics). Must not throw.
   * @example onOperation: ({ operation, seconds, ok }) => histogram.observe({ operation, ok: String(ok) }, seconds)
   */
  onOperation?: (event: IndexOperationEvent) => void;
  /**
   * The git executable.
   * @default 'git'
   * @example '/usr/local/bin/git'
   */
  gitBinary?: string;
  /**
   * The clock, for update scheduling and LRU order.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** {@link IndexManagerOptions} validated, with defaults. */
export interface ResolvedIndexManagerOptions {
  cacheDir: string;
  maxSnapshots: number;
  updateIntervalMs: number;
  currentUrl: string;
  archiveUrl: string;
  cloneRepository: CloneFunction | undefined;
  fetchRepository: FetchFunction | undefined;
  listRefs: ListRefsFunction | undefined;
  onProgress: ((event: IndexProgressEvent) => void) | undefined;
  onWarning: ((warning: IndexManagerWarning) => void) | undefined;
  onOperation: ((event: IndexOperationEvent) => void) | undefined;
  gitBinary: string;
  now: () => Date;
}

/** Validates `options` (a `TypeError` showing the received value for each invalid one) and fills defaults. */
export function resolveOptions(options: IndexManagerOptions): ResolvedIndexManagerOptions {
  if (typeof options !== 'object' || options === null) throw expectedTypeError('options', 'an object', options);
  const { cacheDir } = options;
  if (typeof cacheDir !== 'string' || cacheDir === '') throw expectedTypeError('cacheDir', 'a non-empty string', cacheDir);
  const maxSnapshots = options.maxSnapshots ?? 4;
  if (!Number.isInteger(maxSnapshots) || maxSnapshots < 0) {
    throw expectedTypeError('maxSnapshots', 'an integer >= 0', options.maxSnapshots);
  }
  const updateIntervalMs = options.updateIntervalMs ?? 30 * 60_000;
  if (typeof updateIntervalMs !== 'number' || !Number.isFinite(updateIntervalMs) || updateIntervalMs < 0) {
    throw expectedTypeError('updateIntervalMs', 'a finite number >= 0', options.updateIntervalMs);
  }
  for (const name of ['currentUrl', 'archiveUrl', 'gitBinary'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw expectedTypeError(name, 'a non-empty string', value);
  }
  for (const name of ['cloneRepository', 'fetchRepository', 'listRefs', 'onProgress', 'onWarning', 'onOperation', 'now'] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'function') throw expectedTypeError(name, 'a function', value);
  }
  return {
    cacheDir,
    maxSnapshots,
    updateIntervalMs,
    currentUrl: options.currentUrl ?? DEFAULT_CURRENT_URL,
    archiveUrl: options.archiveUrl ?? DEFAULT_ARCHIVE_URL,
    cloneRepository: options.cloneRepository,
    fetchRepository: options.fetchRepository,
    listRefs: options.listRefs,
    onProgress: options.onProgress,
    onWarning: options.onWarning,
    onOperation: options.onOperation,
    gitBinary: options.gitBinary ?? 'git',
    now: options.now ?? (() => new Date()),
  };
}
