import type { LazyRepository } from '@registry-miners/crates-resolution';
import type { RepositoryKey } from './RepositoryKey.js';

/**
 * One caller's hold on a repository. While any handle of a snapshot is open, the snapshot is
 * never evicted. Close every handle (`finally`), once you are done reading.
 *
 * Read the registry at {@link head}, not at `HEAD`: the current index may be refreshed while the
 * handle is open. A refresh only adds objects and moves `refs/heads/master`, so every object
 * reachable from `head` stays readable for the life of the handle.
 */
export interface RepositoryHandle {
  readonly key: RepositoryKey;
  /** Absolute path of the bare repository. */
  readonly path: string;
  /** The repository; `repository.open()` gives it opened with nodegit (loading nodegit on the first call). */
  readonly repository: LazyRepository;
  /** Changes whenever the manager re-opened the repository (a clone or a fetch): unique in the process. */
  readonly version: number;
  /** Commit id of the branch tip when the handle was acquired. */
  readonly head: string;
  /** Committer time of {@link head}: the newest registry time this handle covers. */
  readonly headTime: Date;
  /** Releases the handle. Idempotent; harmless after the manager was closed. */
  close(): void;
}
