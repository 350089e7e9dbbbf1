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

/** Everything an {@link IndexManagerError} reports besides its message. */
export interface IndexManagerErrorDetails {
  /** What the user can do about it. */
  hint?: string | undefined;
  /** The underlying error (git's exit status and stderr, a nodegit error, the abort reason). */
  cause?: unknown;
}

/**
 * The error every {@link IndexManager} operation rejects with (besides `TypeError` for invalid
 * options and {@link RegistryOutOfDateError} for a `contains` time the current index does not cover).
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
export class IndexManagerError extends Error {
  override name = 'IndexManagerError';
  readonly code: IndexManagerErrorCode;
  readonly hint?: string;

  constructor(code: IndexManagerErrorCode, message: string, details: IndexManagerErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.hint !== undefined) this.hint = details.hint;
  }
}
