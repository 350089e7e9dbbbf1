import { expectedTypeError } from '@registry-miners/utils';
import type { Repository } from 'nodegit';
import { ByteBoundedLru } from './ByteBoundedLru.js';
import { CommitChain } from './CommitChain.js';

export interface ResolutionCacheOptions {
  /**
   * Bytes of tree objects and index-file version lists kept (least recently used dropped first).
   * @default 64 MiB
   * @example 16 * 1024 * 1024
   */
  maxBytes?: number;
  /**
   * Commit histories kept (one per repository head searched; the current index gets a new head at
   * every update). Each costs about 44 bytes a commit loaded.
   * @default 8
   * @example 4
   */
  maxHistories?: number;
}

/** What a cache holds, for metrics. */
export interface ResolutionCacheStats {
  /** Bytes of tree objects and version lists. */
  bytes: number;
  /** Tree objects and version lists held. */
  entries: number;
  histories: number;
  /** Bytes of the commit histories. */
  historyBytes: number;
  hits: number;
  misses: number;
}

/**
 * What one resolution learned that the next can reuse, bounded: git objects are named by their
 * content, so a tree read once (the index's directories), the versions an index file lists, and the
 * first-parent history from a given head are the same for every later search. Pass one cache to
 * every `findRegistryResolution` call of a long-running process (a service, a batch).
 */
export class ResolutionCache {
  readonly #objects: ByteBoundedLru<Buffer | Set<string>>;
  readonly #chains = new Map<string, CommitChain>();
  readonly #maxHistories: number;
  #hits = 0;
  #misses = 0;

  constructor(options: ResolutionCacheOptions = {}) {
    const { maxBytes = 64 * 1024 * 1024, maxHistories = 8 } = options;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw expectedTypeError('maxBytes', 'an integer ≥ 0', maxBytes);
    }
    if (!Number.isSafeInteger(maxHistories) || maxHistories < 1) {
      throw expectedTypeError('maxHistories', 'an integer ≥ 1', maxHistories);
    }
    this.#objects = new ByteBoundedLru(maxBytes);
    this.#maxHistories = maxHistories;
  }

  /** The raw tree `oid`, or undefined. */
  tree(oid: string): Buffer | undefined {
    return this.#count(this.#objects.get(`t${oid}`) as Buffer | undefined);
  }

  setTree(oid: string, data: Buffer): void {
    // A copy: the read buffer may be a view on a larger native allocation.
    this.#objects.set(`t${oid}`, Buffer.from(data), data.length + 96);
  }

  /** The versions listed by index file blob `oid`, or undefined. */
  versions(oid: string): Set<string> | undefined {
    return this.#count(this.#objects.get(`b${oid}`) as Set<string> | undefined);
  }

  setVersions(oid: string, versions: Set<string>, bytes: number): void {
    this.#objects.set(`b${oid}`, versions, bytes);
  }

  /** The shared history of `repository` from `head` (the least recently used beyond the bound is dropped). */
  chain(repository: Repository, head: string): CommitChain {
    const key = `${repository.path()}\0${head}`;
    let chain = this.#chains.get(key);
    if (chain !== undefined) {
      this.#chains.delete(key);
    } else {
      chain = new CommitChain(repository, head);
      while (this.#chains.size >= this.#maxHistories) this.#chains.delete(this.#chains.keys().next().value!);
    }
    this.#chains.set(key, chain);
    return chain;
  }

  get stats(): ResolutionCacheStats {
    let historyBytes = 0;
    for (const chain of this.#chains.values()) historyBytes += chain.bytes;
    return {
      bytes: this.#objects.bytes,
      entries: this.#objects.size,
      histories: this.#chains.size,
      historyBytes,
      hits: this.#hits,
      misses: this.#misses,
    };
  }

  #count<T>(value: T | undefined): T | undefined {
    if (value === undefined) this.#misses += 1;
    else this.#hits += 1;
    return value;
  }
}
