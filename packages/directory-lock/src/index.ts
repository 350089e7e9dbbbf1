export { DirectoryLock } from './DirectoryLock.js';
export type { DirectoryLockOptions } from './DirectoryLock.js';
export { DirectoryLockError } from './DirectoryLockError.js';
export type { DirectoryLockErrorCode, DirectoryLockErrorDetails } from './DirectoryLockError.js';
export type { LockHolder } from './LockHolder.js';
export { readLockHolder } from './readLockHolder.js';
