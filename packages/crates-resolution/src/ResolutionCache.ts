import { expectedTypeError } from '@registry-miners/utils';
import { versionsWeight } from './blobVersions.js';
import { ByteBoundedLru } from './ByteBoundedLru.js';
import { CommitChain } from './CommitChain.js';
import { HistoryStore } from './HistoryStore.js';
import type { LazyRepository } from './LazyRepository.js';
import { SavedObjects } from './SavedObjects.js';
import type { SavedKind, SavedObject } from './SavedObjects.js';

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
  /**
   * A directory where commit histories, trees and index files' version lists are kept between
   * processes (see {@link ResolutionCache.save}): a CLI run or a restarted service reads them back
   * instead of reading the repository again, and a search that finds everything there does not
   * even load nodegit. Safe to share between processes. At most `maxSavedHistories` history files
   * (about 44 bytes a commit) and `maxSavedObjectBytes` of objects.
   * @default undefined (everything lives in memory only)
   * @example join(cacheDir, 'search-cache')
   */
  directory?: string | undefined;
  /**
   * Histories kept in `directory`, the least recently written dropped first.
   * @default 16
   */
  maxSavedHistories?: number;
  /**
   * Bytes of trees and version lists kept in `directory` (the newest first when merging).
   * @default 64 MiB
   */
  maxSavedObjectBytes?: number;
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
  readonly #store: HistoryStore | undefined;
  readonly #savedObjects: SavedObjects | undefined;
  /** Objects read from git since the last save, to be saved (bounded like the saved ones). */
  #unsaved: SavedObject[] = [];
  #unsavedBytes = 0;
  /** Commits of each chain already on disk (read from or written to the store). */
  readonly #stored = new WeakMap<CommitChain, number>();
  #hits = 0;
  #misses = 0;

  constructor(options: ResolutionCacheOptions = {}) {
    const { maxBytes = 64 * 1024 * 1024, maxHistories = 8, directory, maxSavedHistories = 16, maxSavedObjectBytes = 64 * 1024 * 1024 } = options;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw expectedTypeError('maxBytes', 'an integer ≥ 0', maxBytes);
    }
    if (!Number.isSafeInteger(maxHistories) || maxHistories < 1) {
      throw expectedTypeError('maxHistories', 'an integer ≥ 1', maxHistories);
    }
    if (directory !== undefined && (typeof directory !== 'string' || directory === '')) {
      throw expectedTypeError('directory', 'a non-empty path', directory);
    }
    if (!Number.isSafeInteger(maxSavedHistories) || maxSavedHistories < 1) {
      throw expectedTypeError('maxSavedHistories', 'an integer ≥ 1', maxSavedHistories);
    }
    if (!Number.isSafeInteger(maxSavedObjectBytes) || maxSavedObjectBytes < 0) {
      throw expectedTypeError('maxSavedObjectBytes', 'an integer ≥ 0', maxSavedObjectBytes);
    }
    this.#objects = new ByteBoundedLru(maxBytes);
    this.#maxHistories = maxHistories;
    this.#store = directory === undefined ? undefined : new HistoryStore(directory, maxSavedHistories);
    this.#savedObjects = directory === undefined || maxSavedObjectBytes === 0 ? undefined : new SavedObjects(directory, maxSavedObjectBytes);
  }

  /** The raw tree `oid`, or undefined. */
  tree(oid: string): Buffer | undefined {
    const key = `t${oid}`;
    const held = this.#objects.get(key) as Buffer | undefined;
    if (held !== undefined) return this.#count(held);
    const saved = this.#savedObjects?.get('t', oid);
    if (saved !== undefined) this.#objects.set(key, saved, saved.length + 96);
    return this.#count(saved);
  }

  setTree(oid: string, data: Buffer): void {
    this.#remember('t', oid, data);
    // Not kept anyway (heavier than the whole bound): spare the copy.
    if (data.length + 96 > this.#objects.maxBytes) return;
    // A copy: the read buffer may be a view on a larger native allocation.
    this.#objects.set(`t${oid}`, Buffer.from(data), data.length + 96);
  }

  /** The versions listed by index file blob `oid`, or undefined. */
  versions(oid: string): Set<string> | undefined {
    const key = `b${oid}`;
    const held = this.#objects.get(key) as Set<string> | undefined;
    if (held !== undefined) return this.#count(held);
    const saved = this.#savedObjects?.get('v', oid);
    const versions = saved === undefined ? undefined : new Set(saved.length === 0 ? [] : saved.toString('utf8').split('\n'));
    if (versions !== undefined) this.#objects.set(key, versions, versionsWeight(versions));
    return this.#count(versions);
  }

  setVersions(oid: string, versions: Set<string>): void {
    // Versions never hold a line break: each is read from one line of the index file.
    this.#remember('v', oid, Buffer.from([...versions].join('\n')));
    this.#objects.set(`b${oid}`, versions, versionsWeight(versions));
  }

  /** The shared history of `repository` from `head` (the least recently used beyond the bound is dropped). */
  chain(repository: LazyRepository, head: string): CommitChain {
    const key = `${repository.path}\0${head}`;
    let chain = this.#chains.get(key);
    if (chain !== undefined) {
      this.#chains.delete(key);
    } else {
      const saved = this.#store?.read(head);
      chain = new CommitChain(repository, head, saved);
      this.#stored.set(chain, saved?.length ?? 0);
      while (this.#chains.size >= this.#maxHistories) this.#chains.delete(this.#chains.keys().next().value!);
    }
    this.#chains.set(key, chain);
    return chain;
  }

  /**
   * Writes the histories that grew and the objects read from git since they were read or last
   * saved to `directory` (nothing without one). Call it after a search, when the process can
   * afford the write (a few ms).
   */
  save(): void {
    if (this.#store === undefined) return;
    for (const chain of this.#chains.values()) {
      if (chain.length <= (this.#stored.get(chain) ?? 0)) continue;
      this.#store.write(chain.head, chain.saved());
      this.#stored.set(chain, chain.length);
    }
    const unsaved = this.#unsaved;
    this.#unsaved = [];
    this.#unsavedBytes = 0;
    this.#savedObjects?.write(unsaved);
  }

  /** Keeps an object read from git for the next save (up to the saved bound: the rest waits for a later search). */
  #remember(kind: SavedKind, oid: string, data: Buffer): void {
    const saved = this.#savedObjects;
    if (saved === undefined || this.#unsavedBytes + data.length > saved.maxBytes || saved.has(kind, oid)) return;
    this.#unsaved.push({ kind, oid, data: Buffer.from(data) });
    this.#unsavedBytes += data.length;
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
