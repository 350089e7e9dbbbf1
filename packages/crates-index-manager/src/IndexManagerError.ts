import type { LockHolder } from '@registry-miners/directory-lock';
import { RegistryMinersError } from '@registry-miners/utils';

/** Stable codes carried by {@link IndexManagerError}; callers match on these, never on the message. */
export type IndexManagerErrorCode =
  /** A request needs more snapshot slots than are free (or than `maxSnapshots` allows at all). */
  | 'ERR_INDEX_CAPACITY'
  /** The manager was closed before or while the request ran. */
  | 'ERR_INDEX_CLOSED'
  /** Cloning a repository failed (network, missing branch, invalid result). */
  | 'ERR_INDEX_CLONE'
  /** Refreshing the current index failed. */
  | 'ERR_INDEX_FETCH'
  /** Listing the archive's snapshot branches failed. */
  | 'ERR_INDEX_LIST'
  /** A repository key is malformed, or listed twice in one request. */
  | 'ERR_INDEX_BAD_KEY'
  /** The caller's `AbortSignal` fired before the request completed. */
  | 'ERR_INDEX_ABORTED'
  /** Another live process holds the cache directory. */
  | 'ERR_INDEX_LOCKED'
  /** The cache directory cannot be created or written (read-only file system, permissions, a file in the way). */
  | 'ERR_INDEX_CACHE_DIR'
  /** A repository on disk could not be opened or read. */
  | 'ERR_INDEX_READ';

/** Facts an {@link IndexManagerError} may carry in `details`. */
export interface IndexManagerErrorDetails {
  /** The repository concerned: `current` or `snapshot-YYYY-MM-DD`. */
  repository?: string | undefined;
  /** The remote concerned (clone, fetch, listing). */
  url?: string | undefined;
  /** The file or directory concerned (cache directory, lock file, repository path). */
  path?: string | undefined;
  /** For `ERR_INDEX_LOCKED`: the process holding the cache directory, when it is known. */
  holder?: LockHolder | undefined;
}

/**
 * The error every {@link IndexManager} operation rejects with (besides `TypeError` for invalid
 * options and {@link RegistryOutOfDateError} for a `contains` time the current index does not cover):
 * a `RegistryMinersError` with a stable `code`, a `hint` beside the message, and facts in `details`.
 *
 * @example
 * ```ts
 * try {
 *   handles = await manager.getRepositories(keys);
 * } catch (error) {
 *   if (error instanceof IndexManagerError && error.code === 'ERR_INDEX_CAPACITY') console.error(error.hint);
 *   else throw error;
 * }
 * ```
 */
export class IndexManagerError extends RegistryMinersError<IndexManagerErrorCode, IndexManagerErrorDetails> {
  override name = 'IndexManagerError';
}
