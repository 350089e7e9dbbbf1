import type { GoGetCache, GoGetCacheEntry } from '@registry-miners/go-repository';
import type { MinerState } from '../state/MinerState.js';

/**
 * The go-get answers in the state's `goget` collection. Each answer is committed as soon as it
 * arrives (its own small step), so a kill -9 never makes a host be asked twice for one prefix.
 */
export class StateGoGetCache implements GoGetCache {
  readonly #state: MinerState;

  constructor(state: MinerState) {
    this.#state = state;
  }

  getMany(keys: readonly string[]): Map<string, GoGetCacheEntry> {
    return this.#state.goGetEntries(keys);
  }

  put(key: string, entry: GoGetCacheEntry): void {
    this.#state.putGoGetEntry(key, entry);
  }
}
