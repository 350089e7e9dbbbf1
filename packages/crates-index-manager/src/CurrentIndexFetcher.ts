/**
 * The fetcher of the live crates.io index (`current/`, branch `master`), which changes every few
 * minutes. For each request:
 *
 * 1. Not cloned yet: clone it (shared with every request waiting for it); done with freshness.
 * 2. Cloned, and its last update started `updateIntervalMs` ago or more: refresh it in place with a
 *    forced fetch (shared likewise). Readers are not disturbed: the fetch adds objects and moves
 *    the ref; handles keep their pinned head, new handles get a freshly opened repository.
 *    A failed refresh is forgiven (a warning) when the clone already covers `contains`: the
 *    answer for a past time does not depend on newer commits.
 * 3. `contains` after the head commit's time: {@link RegistryOutOfDateError}.
 */
import { awaitClone } from './awaitClone.js';
import { IndexManagerError } from './IndexManagerError.js';
import type { ManagedRepository } from './ManagedRepository.js';
import { RegistryOutOfDateError } from './RegistryOutOfDateError.js';
import { joinOperation, type FetchRequestContext, type FetcherContext, type RepositoryFetcher } from './RepositoryFetcher.js';
import { writeMetadata } from './RepositoryMetadata.js';
import { SharedOperation } from './SharedOperation.js';
import { abortedError } from './stoppedErrors.js';

/** The fetcher of the live crates.io index: clone, refresh when due, check `contains` (flow above). */
export class CurrentIndexFetcher implements RepositoryFetcher {
  readonly #context: FetcherContext;

  constructor(context: FetcherContext) {
    this.#context = context;
  }

  async prepare(entry: ManagedRepository, request: FetchRequestContext): Promise<void> {
    const { contains } = request;
    if (entry.state === 'cloning') await awaitClone(this.#context, entry, request);
    else if (this.#isStale(entry)) await this.#refresh(entry, request);
    const headTime = entry.opened!.headTime;
    if (contains !== undefined && contains.getTime() > headTime.getTime()) {
      const lastUpdate = entry.lastUpdate ?? this.#context.now();
      const { updateIntervalMs } = this.#context;
      throw new RegistryOutOfDateError({
        requiredTime: contains,
        headTime,
        nextUpdateTime: new Date(lastUpdate.getTime() + updateIntervalMs),
        updateIntervalMs,
      });
    }
  }

  async #refresh(entry: ManagedRepository, request: FetchRequestContext): Promise<void> {
    try {
      await joinOperation(entry.update, (previous) => this.#startUpdate(entry, previous), request);
    } catch (error) {
      const { contains } = request;
      const covered = contains !== undefined && contains.getTime() <= entry.opened!.headTime.getTime();
      if (!covered || !(error instanceof IndexManagerError) || error.code !== 'ERR_INDEX_FETCH') throw error;
      this.#context.events.warn({
        code: 'WARN_INDEX_UPDATE_SKIPPED',
        message: `${error.message}; using ${entry.name} as last updated${entry.lastUpdate ? ` at ${entry.lastUpdate.toISOString()}` : ''} (head ${entry.opened!.headTime.toISOString()}), which covers ${contains.toISOString()}`,
        cause: error,
      });
    }
  }

  #isStale(entry: ManagedRepository): boolean {
    return entry.lastUpdate === undefined || this.#context.now().getTime() - entry.lastUpdate.getTime() >= this.#context.updateIntervalMs;
  }

  /** Starts a forced fetch of `entry`, after `previous` (an abandoned one) has settled. */
  #startUpdate(entry: ManagedRepository, previous: SharedOperation<void> | undefined): SharedOperation<void> {
    const context = this.#context;
    const operation: SharedOperation<void> = new SharedOperation(async (signal) => {
      await previous?.promise.catch(() => {});
      if (!this.#isStale(entry)) return;
      signal.throwIfAborted();
      const started = context.now();
      try {
        await context.events.timed(entry, 'fetch', () =>
          context.fetch({ url: entry.url, branch: entry.branch, directory: entry.path, signal, onProgress: context.events.progress(entry, 'fetch') }),
        );
      } catch (error) {
        if (signal.aborted) throw abortedError(signal.reason);
        throw new IndexManagerError('ERR_INDEX_FETCH', `Updating ${entry.name} from ${entry.url} failed: ${(error as Error).message}`, {
          cause: error,
          details: { repository: entry.name, url: entry.url },
          hint: 'Check that the remote is reachable; the next request for the current index retries.',
        });
      }
      await entry.reopen('updating');
      entry.lastUpdate = started;
      const { head, headTime } = entry.opened!;
      await writeMetadata(entry.path, { lastUpdate: started.toISOString(), url: entry.url, head, headTime: headTime.toISOString() }).catch(() => {});
    });
    entry.update = operation;
    context.track(
      operation.promise.then(
        () => {},
        () => {},
      ).finally(() => {
        if (entry.update === operation) entry.update = undefined;
      }),
    );
    return operation;
  }
}
