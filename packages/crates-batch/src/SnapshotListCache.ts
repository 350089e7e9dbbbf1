import type { IndexManager } from '@registry-miners/crates-index-manager';

/**
 * The archive's snapshot list changes only when the index is squashed (every few months), so the
 * service asks the remote at most once per `ttlMs` and shares one request among concurrent callers.
 */
export class SnapshotListCache {
  readonly #manager: IndexManager;
  readonly #ttlMs: number;
  #pending: Promise<string[]> | undefined;
  #fetchedAt = 0;
  /** When a listing last succeeded (undefined: never). */
  knownSince: Date | undefined;

  constructor(manager: IndexManager, ttlMs: number) {
    this.#manager = manager;
    this.#ttlMs = ttlMs;
  }

  get(): Promise<string[]> {
    if (this.#pending !== undefined && Date.now() - this.#fetchedAt <= this.#ttlMs) return this.#pending;
    this.#fetchedAt = Date.now();
    const pending = this.#manager.listAvailableSnapshots();
    // A failed listing must not be cached: the next request asks again.
    pending.then(
      () => {
        this.knownSince = new Date();
      },
      () => {
        if (this.#pending === pending) this.#pending = undefined;
      },
    );
    this.#pending = pending;
    return pending;
  }
}
