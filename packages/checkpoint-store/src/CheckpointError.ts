import type { LockHolder } from '@registry-miners/directory-lock';

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

export interface CheckpointErrorOptions {
  /** What the user can do about it. */
  hint?: string | undefined;
  /** The underlying error (a better-sqlite3 `SqliteError`, a `TypeError` from `JSON.stringify`, ...). */
  cause?: unknown;
  /** The file concerned, when there is one. */
  path?: string | undefined;
  /** For ERR_CHECKPOINT_LOCKED: who holds the lock, when known. */
  holder?: LockHolder | undefined;
}

/** The one error class of this package: match on `code`. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  readonly code: CheckpointErrorCode;
  readonly hint: string | undefined;
  readonly path: string | undefined;
  readonly holder: LockHolder | undefined;

  constructor(code: CheckpointErrorCode, message: string, options: CheckpointErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.path = options.path;
    this.holder = options.holder;
  }
}
