import { expectedTypeError } from '@registry-miners/utils';
import type { Repository } from 'nodegit';
import { ChainHistory } from './ChainHistory.js';
import type { CommitHistory } from './CommitHistory.js';
import { GitObjectStore } from './GitObjectStore.js';
import { RegistryHistory } from './RegistryHistory.js';
import { LazyRepository } from './LazyRepository.js';
import type { ResolutionCache } from './ResolutionCache.js';
import type { RepositoryAtHead, RepositorySource } from './RepositorySource.js';
import { ResolutionError } from './ResolutionError.js';

/** One repository opened for the search (its history and object reader are shared by the anchor and lockfile searches). */
export interface OpenedRepository {
  index: number;
  handle: LazyRepository;
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
        ? repository.handle.open().then((opened) => RegistryHistory.open(opened, { start: repository.head, until }))
        : cachedHistory(cache, repository, until);
    repository.histories.set(key, history);
  }
  return history;
}

async function cachedHistory(cache: ResolutionCache, repository: OpenedRepository, until: number | undefined): Promise<CommitHistory> {
  const head = repository.head ?? (await repository.handle.headCommit());
  return ChainHistory.open(cache.chain(repository.handle, head), until);
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
    const { handle, head } = handleOf(given, index);
    const store = new GitObjectStore(handle, this.#cache);
    if (handle.isShallow()) {
      throw new ResolutionError('ERR_SHALLOW_REPOSITORY', `${store.path} is a shallow clone: its history is cut short`, {
        details: { repository: store.path },
        hint: 'clone the index with full depth (git clone --bare without --depth)',
      });
    }
    return { index, handle, head, store, histories: new Map() };
  }
}

/** The forms of {@link RepositoryAtHead}, told apart by shape (a nodegit Repository has an `odb()` method). */
function handleOf(given: RepositoryAtHead, index: number): { handle: LazyRepository; head: string | undefined } {
  const pinned = given as { repository?: unknown; head?: unknown };
  if (given instanceof LazyRepository) return { handle: given, head: undefined };
  if (isRepository(given)) return { handle: LazyRepository.of(given), head: undefined };
  if (typeof pinned.head !== 'string' || !/^[0-9a-f]{40}$/.test(pinned.head)) {
    throw expectedTypeError(`repositories[${index}]`, 'a nodegit Repository, a LazyRepository or { repository, head } with a 40-hex commit id', given);
  }
  if (pinned.repository instanceof LazyRepository) return { handle: pinned.repository, head: pinned.head };
  if (isRepository(pinned.repository)) return { handle: LazyRepository.of(pinned.repository), head: pinned.head };
  throw expectedTypeError(`repositories[${index}].repository`, 'a nodegit Repository or a LazyRepository', pinned.repository);
}

function isRepository(value: unknown): value is Repository {
  return typeof (value as Partial<Repository> | undefined)?.odb === 'function';
}
