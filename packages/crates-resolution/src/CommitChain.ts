import NodeGit from 'nodegit';
import type { Repository, Revwalk } from 'nodegit';
import { messageOf } from './messageOf.js';
import { ResolutionError } from './ResolutionError.js';
import { walkCommits } from './walkCommits.js';

const FIRST_CHUNK = 1024;
const MAX_CHUNK = 16_384;
const OID_BYTES = 20;

/**
 * The first-parent history from one head commit in compact form (commit ids, root tree ids and
 * times in flat arrays, about 44 bytes a commit), loaded lazily in growing `commitWalk` batches.
 * A history from a given head never changes, so one chain serves every search that starts there
 * (a {@link ResolutionCache} keeps them); index 0 is the head.
 */
export class CommitChain {
  readonly path: string;
  readonly head: string;
  #walk: Revwalk | undefined;
  #loading: Promise<void> | undefined;
  #ids = Buffer.alloc(0);
  #trees = Buffer.alloc(0);
  #times = new Float64Array(0);
  #length = 0;
  #complete = false;
  #chunk = FIRST_CHUNK;

  constructor(repository: Repository, head: string) {
    this.path = repository.path().replace(/\/$/, '');
    this.head = head;
    try {
      const walk = repository.createRevWalk();
      walk.simplifyFirstParent();
      walk.push(NodeGit.Oid.fromString(head));
      this.#walk = walk;
    } catch (error) {
      throw new ResolutionError('ERR_READ', `${this.path}: cannot walk history from ${head}: ${messageOf(error)}`, {
        details: { repository: this.path },
        cause: error,
      });
    }
  }

  get length(): number {
    return this.#length;
  }

  get complete(): boolean {
    return this.#complete;
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
    if (this.#complete || this.#walk === undefined) return;
    const size = this.#chunk;
    this.#chunk = Math.min(this.#chunk * 2, MAX_CHUNK);
    const batch = await walkCommits(this.#walk, size, this.path);
    this.#grow(this.#length + batch.length);
    for (const commit of batch) {
      const at = this.#length * OID_BYTES;
      this.#ids.write(commit.sha(), at, OID_BYTES, 'hex');
      this.#trees.write(commit.treeId().tostrS(), at, OID_BYTES, 'hex');
      this.#times[this.#length] = commit.time();
      this.#length += 1;
    }
    if (batch.length < size) {
      this.#complete = true;
      this.#walk = undefined;
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
