import type { GoGetNoneCode } from './GoGetOutcome.js';

/**
 * What discovery remembers, by key:
 * - under a go-import **prefix**: the repository it names (it answers every path below it);
 * - under an asked **path** that got no repository: why, and whether that was transient.
 * `at` is when it was learnt (epoch ms).
 */
export type GoGetCacheEntry =
  | { kind: 'prefix'; vcs: string; url: string; subdir?: string; at: number }
  | { kind: 'none'; code: GoGetNoneCode; reason: string; transient: boolean; at: number };

/**
 * Where discovery keeps its answers. Synchronous on purpose: a durable implementation (go-miner
 * commits each answer to its checkpoint store) has the answer on disk before the next request, so a
 * crash never makes a host be asked twice for one prefix.
 */
export interface GoGetCache {
  /** The entries stored under any of `keys` (missing keys are absent from the map). */
  getMany(keys: readonly string[]): Map<string, GoGetCacheEntry>;
  put(key: string, entry: GoGetCacheEntry): void;
}

/** A {@link GoGetCache} in memory, for one process. */
export class MemoryGoGetCache implements GoGetCache {
  readonly #entries = new Map<string, GoGetCacheEntry>();

  getMany(keys: readonly string[]): Map<string, GoGetCacheEntry> {
    const out = new Map<string, GoGetCacheEntry>();
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry !== undefined) out.set(key, entry);
    }
    return out;
  }

  put(key: string, entry: GoGetCacheEntry): void {
    this.#entries.set(key, entry);
  }

  get size(): number {
    return this.#entries.size;
  }
}
