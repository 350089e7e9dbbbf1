import type { Revwalk } from 'nodegit';
import { loadNodeGit } from './loadNodeGit.js';
import { messageOf } from './messageOf.js';
import type { LazyRepository } from './LazyRepository.js';
import { ResolutionError } from './ResolutionError.js';
import { walkCommits } from './walkCommits.js';

const FIRST_CHUNK = 1024;
const MAX_CHUNK = 16_384;
const OID_BYTES = 20;

/** The loaded part of a chain as plain arrays, to persist it and restore it (see HistoryStore). */
export interface SavedChain {
  /** 20-byte commit ids, `length` of them, head first. */
  ids: Buffer;
  /** 20-byte root tree ids, same order. */
  trees: Buffer;
  /** Committer times, seconds since the epoch. */
  times: Float64Array;
  length: number;
  /** True when the chain reaches the root commit. */
  complete: boolean;
}

/**
 * The first-parent history from one head commit in compact form (commit ids, root tree ids and
 * times in flat arrays, about 44 bytes a commit), loaded lazily in growing `commitWalk` batches.
 * A history from a given head never changes, so one chain serves every search that starts there
 * (a {@link ResolutionCache} keeps them); index 0 is the head.
 */
export class CommitChain {
  readonly path: string;
  readonly head: string;
  readonly #handle: LazyRepository;
  #walk: Revwalk | undefined;
  #loading: Promise<void> | undefined;
  #ids: Buffer = Buffer.alloc(0);
  #trees: Buffer = Buffer.alloc(0);
  #times: Float64Array = new Float64Array(0);
  #length = 0;
  #complete = false;
  #chunk = FIRST_CHUNK;
  /** A restored chain's walk restarts at its last loaded commit, which it returns again first. */
  #skipFirst = false;

  /**
   * `saved` (its first id must be `head`): what an earlier process loaded; the walk goes on from its
   * end, started (and the repository opened) only when a search needs a commit beyond it.
   */
  constructor(handle: LazyRepository, head: string, saved?: SavedChain) {
    this.#handle = handle;
    this.path = handle.path;
    this.head = head;
    if (saved !== undefined && saved.length > 0) {
      this.#ids = saved.ids;
      this.#trees = saved.trees;
      this.#times = saved.times;
      this.#length = saved.length;
      this.#complete = saved.complete;
      this.#chunk = MAX_CHUNK;
      this.#skipFirst = !saved.complete;
    }
  }

  get length(): number {
    return this.#length;
  }

  get complete(): boolean {
    return this.#complete;
  }

  /** The commits loaded so far (views on the chain's arrays: persist them before the chain grows). */
  saved(): SavedChain {
    const bytes = this.#length * OID_BYTES;
    return { ids: this.#ids.subarray(0, bytes), trees: this.#trees.subarray(0, bytes), times: this.#times.subarray(0, this.#length), length: this.#length, complete: this.#complete };
  }

  /** Heap bytes held by the loaded commits (for the cache's accounting). */
  get bytes(): number {
    return this.#ids.length + this.#trees.length + this.#times.byteLength;
  }

  /** Loads commits until `index` exists; resolves false when the history is shorter. */
  async ensure(index: number): Promise<boolean> {
    while (index >= this.#length && !this.#complete) await this.#loadChunk();
    return index < this.#length;
  }

  /** The first index whose committer time is at or before `until` (the length when there is none). */
  async firstAtOrBefore(until: number): Promise<number> {
    let low = 0;
    for (;;) {
      // Times do not increase going back (see RegistryHistory): the answer is after every loaded commit that is later.
      if (this.#length > 0 && this.#times[this.#length - 1]! <= until) break;
      if (this.#complete) return this.#length;
      low = this.#length;
      await this.#loadChunk();
    }
    let high = this.#length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#times[middle]! <= until) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  time(index: number): number {
    this.#check(index);
    return this.#times[index]!;
  }

  id(index: number): string {
    this.#check(index);
    return this.#ids.toString('hex', index * OID_BYTES, (index + 1) * OID_BYTES);
  }

  treeId(index: number): string {
    this.#check(index);
    return this.#trees.toString('hex', index * OID_BYTES, (index + 1) * OID_BYTES);
  }

  #check(index: number): void {
    if (!(index >= 0 && index < this.#length)) throw new RangeError(`commit #${index} is not loaded`);
  }

  /** One batch at a time, shared by concurrent callers. */
  #loadChunk(): Promise<void> {
    this.#loading ??= this.#readChunk().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #readChunk(): Promise<void> {
    if (this.#complete) return;
    this.#walk ??= await this.#startWalk();
    const size = this.#chunk;
    this.#chunk = Math.min(this.#chunk * 2, MAX_CHUNK);
    const walked = await walkCommits(this.#walk, size, this.path);
    const batch = this.#skipFirst ? walked.slice(1) : walked;
    this.#skipFirst = false;
    this.#grow(this.#length + batch.length);
    for (const commit of batch) {
      const at = this.#length * OID_BYTES;
      this.#ids.write(commit.sha(), at, OID_BYTES, 'hex');
      this.#trees.write(commit.treeId().tostrS(), at, OID_BYTES, 'hex');
      this.#times[this.#length] = commit.time();
      this.#length += 1;
    }
    if (walked.length < size) {
      this.#complete = true;
      this.#walk = undefined;
    }
  }

  /** A first-parent walk from the head, or from the last commit loaded (which it returns again first). */
  async #startWalk(): Promise<Revwalk> {
    const [NodeGit, repository] = await Promise.all([loadNodeGit(), this.#handle.open()]);
    try {
      const walk = repository.createRevWalk();
      walk.simplifyFirstParent();
      walk.push(NodeGit.Oid.fromString(this.#length > 0 ? this.id(this.#length - 1) : this.head));
      return walk;
    } catch (error) {
      throw new ResolutionError('ERR_READ', `${this.path}: cannot walk history from ${this.head}: ${messageOf(error)}`, {
        details: { repository: this.path },
        cause: error,
      });
    }
  }

  #grow(length: number): void {
    if (length * OID_BYTES <= this.#ids.length) return;
    const capacity = Math.max(length, this.#times.length * 2);
    const ids = Buffer.alloc(capacity * OID_BYTES);
    this.#ids.copy(ids);
    this.#ids = ids;
    const trees = Buffer.alloc(capacity * OID_BYTES);
    this.#trees.copy(trees);
    this.#trees = trees;
    const times = new Float64Array(capacity);
    times.set(this.#times);
    this.#times = times;
  }
}
