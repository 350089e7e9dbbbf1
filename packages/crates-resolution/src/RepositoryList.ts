import { expectedTypeError } from '@registry-miners/utils';
import type { Repository } from 'nodegit';
import { ChainHistory } from './ChainHistory.js';
import type { CommitHistory } from './CommitHistory.js';
import { GitObjectStore } from './GitObjectStore.js';
import { RegistryHistory, startCommit } from './RegistryHistory.js';
import type { ResolutionCache } from './ResolutionCache.js';
import type { RepositorySource } from './RepositorySource.js';
import { ResolutionError } from './ResolutionError.js';

/** One repository opened for the search (its history and object reader are shared by the anchor and lockfile searches). */
export interface OpenedRepository {
  index: number;
  repository: Repository;
  /** The commit to search from (undefined = HEAD). */
  head: string | undefined;
  store: GitObjectStore;
  /** Histories by time bound ('' = from the head): the anchor and lockfile searches of one call share the head one. */
  histories: Map<string, Promise<CommitHistory>>;
}

/**
 * The repository's history from its head, or from the last commit after `until` (opened once per
 * bound): a view on the cache's shared chain when the search has a cache, else a walk of its own.
 */
export function historyOf(repository: OpenedRepository, until: number | undefined): Promise<CommitHistory> {
  const key = until === undefined ? '' : String(until);
  let history = repository.histories.get(key);
  if (history === undefined) {
    const { cache } = repository.store;
    history =
      cache === undefined
        ? RegistryHistory.open(repository.repository, { start: repository.head, until })
        : cachedHistory(cache, repository, until);
    repository.histories.set(key, history);
  }
  return history;
}

async function cachedHistory(cache: ResolutionCache, repository: OpenedRepository, until: number | undefined): Promise<CommitHistory> {
  const head = repository.head ?? (await startCommit(repository.repository, repository.store.path, undefined)).tostrS();
  return ChainHistory.open(cache.chain(repository.repository, head), until);
}

/** Opens repositories from the source on first use, once each. */
export class RepositoryList {
  readonly #source: RepositorySource;
  readonly #cache: ResolutionCache | undefined;
  readonly #opened = new Map<number, Promise<OpenedRepository | undefined>>();

  constructor(source: RepositorySource, cache?: ResolutionCache) {
    this.#source = source;
    this.#cache = cache;
  }

  get(index: number, signal?: AbortSignal): Promise<OpenedRepository | undefined> {
    if (signal?.aborted) {
      return Promise.reject(new ResolutionError('ERR_ABORTED', 'the registry search was aborted', { cause: signal.reason }));
    }
    let opened = this.#opened.get(index);
    if (opened === undefined) {
      opened = this.#open(index);
      this.#opened.set(index, opened);
    }
    return opened;
  }

  async #open(index: number): Promise<OpenedRepository | undefined> {
    const source = this.#source;
    const given = typeof source === 'function' ? await source(index) : source[index];
    if (given === undefined || given === null) return undefined;
    // A nodegit Repository has a head() method; a pinned one is { repository, head: string }.
    const pinned = typeof (given as { head?: unknown }).head === 'string' ? (given as { repository: Repository; head: string }) : undefined;
    const repository = pinned?.repository ?? (given as Repository);
    if (typeof (repository as Partial<Repository>)?.odb !== 'function') {
      throw expectedTypeError(`repositories[${index}]`, 'a nodegit Repository or { repository, head }', given);
    }
    const store = new GitObjectStore(repository, this.#cache);
    if (repository.isShallow()) {
      throw new ResolutionError('ERR_SHALLOW_REPOSITORY', `${store.path} is a shallow clone: its history is cut short`, {
        details: { repository: store.path },
        hint: 'clone the index with full depth (git clone --bare without --depth)',
      });
    }
    return { index, repository, head: pinned?.head, store, histories: new Map() };
  }
}
