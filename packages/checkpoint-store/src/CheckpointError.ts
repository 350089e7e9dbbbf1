import type { LockHolder } from '@registry-miners/directory-lock';
import { RegistryMinersError } from '@registry-miners/utils';

/** Stable codes a caller can match on. */
export type CheckpointErrorCode =
  /** Another live process (or another open store in this process) holds the writer lock. */
  | 'ERR_CHECKPOINT_LOCKED'
  /** The database file is damaged: failed integrity check, not a SQLite file, or a value is not valid JSON. */
  | 'ERR_CHECKPOINT_CORRUPT'
  /** A method was called after close(). */
  | 'ERR_CHECKPOINT_CLOSED'
  /** The directory holds a file of another tool or of a newer schema version. */
  | 'ERR_CHECKPOINT_FORMAT'
  /** A value or cursor given to commit() cannot be represented as JSON. */
  | 'ERR_CHECKPOINT_VALUE'
  /** commit() on a store opened with `readonly: true`. */
  | 'ERR_CHECKPOINT_READONLY'
  /** `readonly: true` and there is no store in the directory. */
  | 'ERR_CHECKPOINT_NOT_FOUND'
  /** The file system failed: disk full, permission denied, I/O error. */
  | 'ERR_CHECKPOINT_IO';

/** The facts a {@link CheckpointError} carries in `details`. */
export interface CheckpointErrorDetails {
  /** The file concerned, when there is one. */
  readonly path?: string | undefined;
  /** For ERR_CHECKPOINT_LOCKED: who holds the lock, when known. */
  readonly holder?: LockHolder | undefined;
}

/**
 * The one error class of this package: match on `code`. `hint` tells the person running the job what
 * to do; `cause` is the underlying error (a better-sqlite3 `SqliteError`, a `TypeError` from
 * `JSON.stringify`, a `DirectoryLockError`...); `path` and `holder` are shortcuts to `details`.
 */
export class CheckpointError extends RegistryMinersError<CheckpointErrorCode, CheckpointErrorDetails> {
  override name = 'CheckpointError';

  get path(): string | undefined {
    return this.details?.path;
  }

  get holder(): LockHolder | undefined {
    return this.details?.holder;
  }
}
