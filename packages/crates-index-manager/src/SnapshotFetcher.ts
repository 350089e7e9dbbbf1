/** What varies for an archived snapshot: nothing after its clone. */
import { awaitClone } from './awaitClone.js';
import type { ManagedRepository } from './ManagedRepository.js';
import type { FetchRequestContext, FetcherContext, RepositoryFetcher } from './RepositoryFetcher.js';

/**
 * The fetcher of an archived snapshot (`snapshot-YYYY-MM-DD` of the archive): cloned once, never
 * refreshed, since a squashed history never changes. Its only state change after the clone is
 * eviction, which the manager decides.
 */
export class SnapshotFetcher implements RepositoryFetcher {
  readonly #context: FetcherContext;

  constructor(context: FetcherContext) {
    this.#context = context;
  }

  async prepare(entry: ManagedRepository, request: FetchRequestContext): Promise<void> {
    if (entry.state === 'cloning') await awaitClone(this.#context, entry, request);
  }
}
