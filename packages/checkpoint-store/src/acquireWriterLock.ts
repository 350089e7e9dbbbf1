import { DirectoryLock, DirectoryLockError } from '@registry-miners/directory-lock';
import { CheckpointError } from './CheckpointError.js';

/**
 * Takes the writer lock of the store in `dir` (which must exist): a {@link DirectoryLock} named
 * `lock` (`lock.sqlite` carries the OS lock, `lock.json` names the holder), its failures told as
 * CheckpointErrors (ERR_CHECKPOINT_LOCKED naming the holder, ERR_CHECKPOINT_CORRUPT, ERR_CHECKPOINT_IO).
 */
export function acquireWriterLock(dir: string): DirectoryLock {
  try {
    return DirectoryLock.acquire(dir, { name: 'lock', label: 'Checkpoint store' });
  } catch (error) {
    if (!(error instanceof DirectoryLockError)) throw error;
    const { path, holder, heldByThisProcess } = error.details ?? {};
    const options = { cause: error, path, holder, hint: error.hint };
    switch (error.code) {
      case 'ERR_DIRECTORY_LOCKED':
        if (heldByThisProcess) options.hint = 'The store is already open in this process: close() that CheckpointStore before opening it again.';
        throw new CheckpointError('ERR_CHECKPOINT_LOCKED', error.message, options);
      case 'ERR_DIRECTORY_LOCK_INVALID':
        throw new CheckpointError('ERR_CHECKPOINT_CORRUPT', error.message, options);
      case 'ERR_DIRECTORY_LOCK_IO':
        throw new CheckpointError('ERR_CHECKPOINT_IO', error.message, options);
    }
  }
}
