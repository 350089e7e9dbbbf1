import { RegistryMinersError } from '@registry-miners/utils';
import type { LockHolder } from './LockHolder.js';

/** Stable codes a caller can match on. */
export type DirectoryLockErrorCode =
  /** Another live process (or another lock in this process) holds the lock. */
  | 'ERR_DIRECTORY_LOCKED'
  /** The lock file exists but is not a lock file (another tool's file, or damaged). */
  | 'ERR_DIRECTORY_LOCK_INVALID'
  /** The file system failed: missing or read-only directory, permission denied, disk full. */
  | 'ERR_DIRECTORY_LOCK_IO';

/** Facts about a lock failure. */
export interface DirectoryLockErrorDetails {
  /** The locked directory. */
  readonly dir: string;
  /** The file concerned (the lock file, or the holder file). */
  readonly path: string;
  /** For `ERR_DIRECTORY_LOCKED`: who holds the lock, when its holder file could be read. */
  readonly holder?: LockHolder | undefined;
  /** For `ERR_DIRECTORY_LOCKED`: whether the holder is this very process. */
  readonly heldByThisProcess?: boolean | undefined;
}

/** The one error class of this package: match on `code`; `details` names the directory, file and holder. */
export class DirectoryLockError extends RegistryMinersError<DirectoryLockErrorCode, DirectoryLockErrorDetails> {
  override name = 'DirectoryLockError';
}
