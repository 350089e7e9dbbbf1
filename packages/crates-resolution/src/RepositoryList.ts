import type { Repository } from 'nodegit';
import { describeValue } from './describeValue.js';
import { GitObjectStore } from './GitObjectStore.js';
import { RegistryHistory } from './RegistryHistory.js';
import type { RepositorySource } from './RepositorySource.js';
import { ResolutionError } from './ResolutionError.js';

/** One repository opened for the search (its history and object reader are shared by the anchor and lockfile searches). */
export interface OpenedRepository {
  index: number;
  repository: Repository;
  store: GitObjectStore;
  /** Histories by time bound ('' = from HEAD): the anchor and lockfile searches of one call share the HEAD one. */
  histories: Map<string, Promise<RegistryHistory>>;
}

/** The repository's history from HEAD, or from the last commit after `until` (opened once per bound). */
export function historyOf(repository: OpenedRepository, until: number | undefined): Promise<RegistryHistory> {
  const key = until === undefined ? '' : String(until);
  let history = repository.histories.get(key);
  if (history === undefined) {
    history = RegistryHistory.open(repository.repository, { until });
    repository.histories.set(key, history);
  }
  return history;
}

/** Opens repositories from the source on first use, once each. */
export class RepositoryList {
  readonly #source: RepositorySource;
  readonly #opened = new Map<number, Promise<OpenedRepository | undefined>>();

  constructor(source: RepositorySource) {
    this.#source = source;
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
    const repository = typeof source === 'function' ? await source(index) : source[index];
    if (repository === undefined || repository === null) return undefined;
    if (typeof (repository as Partial<Repository>).odb !== 'function') {
      throw new TypeError(`findRegistryResolution: repository #${index} is not a nodegit Repository, received ${describeValue(repository)}`);
    }
    const store = new GitObjectStore(repository);
    if (repository.isShallow()) {
      throw new ResolutionError('ERR_SHALLOW_REPOSITORY', `${store.path} is a shallow clone: its history is cut short`, {
        repository: store.path,
        hint: 'clone the index with full depth (git clone --bare without --depth)',
      });
    }
    return { index, repository, store, histories: new Map() };
  }
}

