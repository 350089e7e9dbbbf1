/**
 * How a repository gets into the cache, the same for every repository kind:
 *
 * 1. Wait for an abandoned earlier clone of the same repository to settle (it may even succeed).
 * 2. Clone into a temporary directory beside the final one (`<name>.tmp-<pid>-<random>`).
 * 3. Check the result with nodegit (a bare repository whose HEAD is the branch, commit readable).
 * 4. Write the metadata (last update, remote) into it.
 * 5. Wait for an eviction of the same name still moving its directory aside, then rename the clone
 *    into place: the repository directory is either complete or absent, whenever the process dies.
 * 6. Open it for handles; the entry becomes `ready`.
 *
 * On failure the temporary directory is removed and the manager forgets the entry, so that the
 * next request clones again.
 */
import { rename, rm } from 'node:fs/promises';
import { IndexManagerError } from './IndexManagerError.js';
import type { ManagedRepository } from './ManagedRepository.js';
import { openRepository } from './openRepository.js';
import { joinOperation, type FetchRequestContext, type FetcherContext } from './RepositoryFetcher.js';
import { writeMetadata } from './RepositoryMetadata.js';
import { SharedOperation } from './SharedOperation.js';
import { abortedError } from './stoppedErrors.js';

/** Waits until `entry` (state `cloning`) is cloned, sharing the clone with every request for it (flow above). */
export function awaitClone(context: FetcherContext, entry: ManagedRepository, request: FetchRequestContext): Promise<void> {
  return joinOperation(entry.clone, (previous) => startClone(context, entry, previous), request);
}

function startClone(context: FetcherContext, entry: ManagedRepository, previous: SharedOperation<void> | undefined): SharedOperation<void> {
  const operation: SharedOperation<void> = new SharedOperation(async (signal) => {
    await previous?.promise.catch(() => {});
    if (entry.state === 'ready') return; // the previous clone completed after all
    signal.throwIfAborted();
    const started = context.now();
    const temporary = context.dir.temporaryPath(entry.name);
    try {
      await context.events.timed(entry, 'clone', () =>
        context.clone({ url: entry.url, branch: entry.branch, directory: temporary, signal, onProgress: context.events.progress(entry, 'clone') }),
      );
      signal.throwIfAborted();
      let opened;
      try {
        opened = await openRepository(temporary, entry.branch);
      } catch (error) {
        const reason = (error as Error).message;
        throw new Error(`the clone is not a usable bare repository with branch ${entry.branch}: ${reason}`, { cause: error });
      }
      await writeMetadata(temporary, { lastUpdate: started.toISOString(), url: entry.url, head: opened.head, headTime: opened.headTime.toISOString() });
      await context.evicting(entry.name);
      signal.throwIfAborted();
      await rename(temporary, entry.path);
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      if (signal.aborted) throw abortedError(signal.reason);
      const message = `Cloning ${entry.name} (branch ${entry.branch}) from ${entry.url} failed: ${(error as Error).message}`;
      throw new IndexManagerError('ERR_INDEX_CLONE', message, {
        cause: error,
        details: { repository: entry.name, url: entry.url },
        hint:
          entry.key.kind === 'snapshot'
            ? 'Check that the archive has this snapshot branch (listAvailableSnapshots()) and that the remote is reachable.'
            : 'Check that the remote is reachable.',
      });
    }
    await entry.reopen('cloning');
    entry.lastUpdate = started;
    entry.state = 'ready';
  });
  entry.clone = operation;
  context.track(
    operation.promise.then(
      () => {
        if (entry.clone === operation) entry.clone = undefined;
      },
      () => {
        if (entry.clone !== operation) return;
        entry.clone = undefined;
        if (entry.state === 'cloning') context.forget(entry);
      },
    ),
  );
  return operation;
}
