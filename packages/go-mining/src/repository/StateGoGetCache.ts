import type { GoGetCache, GoGetCacheEntry } from '@registry-miners/go-repository';
import type { MinerState } from '../state/MinerState.js';
import { COLLECTIONS } from '../state/stateKeys.js';

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
    return this.#state.store.getMany<GoGetCacheEntry>(COLLECTIONS.goGet, keys);
  }

  put(key: string, entry: GoGetCacheEntry): void {
    this.#state.store.commit({ put: [{ collection: COLLECTIONS.goGet, key, value: entry }] });
  }
}
