import type { Commit, Oid, Repository, Revwalk } from 'nodegit';
import { messageOf } from './messageOf.js';
import type { CommitHistory } from './CommitHistory.js';
import { startCommit } from './startCommit.js';
import { historyReadError, walkCommits } from './walkCommits.js';
import { ResolutionError } from './ResolutionError.js';

const FIRST_CHUNK = 512;
const MAX_CHUNK = 16_384;

/** Where a {@link RegistryHistory} starts. */
export interface HistoryStart {
  /** Commit id to start from. @default HEAD */
  start?: string | undefined;
  /**
   * Skip ahead to the newest commit whose committer time is after this (seconds since the epoch)
   * and whose parent is at or before it, jumping by first-parent generations natively instead of
   * listing the commits in between (see {@link RegistryHistory.open}).
   */
  until?: number | undefined;
}

/**
 * The first-parent history of a registry repository from a start commit (HEAD by default),
 * newest → oldest, loaded lazily in growing batches: one native `commitWalk` call returns a batch
 * of commits, so listing 10,000 commits takes a handful of calls. Index 0 is the start commit.
 *
 * The crates.io index has a linear history (one commit per publish or yank), so the first-parent
 * chain is the whole history; the reference walks all parents, which is the same list there.
 */
export class RegistryHistory implements CommitHistory {
  readonly repository: Repository;
  readonly path: string;
  #walk: Revwalk;
  #commits: (Commit | undefined)[] = [];
  #released = 0;
  #times: number[] = [];
  #complete = false;
  #chunk = FIRST_CHUNK;
  #ids: (string | undefined)[] = [];

  private constructor(repository: Repository, walk: Revwalk, path: string) {
    this.repository = repository;
    this.#walk = walk;
    this.path = path;
  }

  /**
   * Opens the history from `start` (a commit id) or from HEAD. With `until`, index 0 is instead
   * the last commit after `until` (or the start commit when that is already at or before it),
   * found by galloping: `nthGenAncestor` jumps 256, 512… generations at a time in libgit2 (no
   * JavaScript object per commit), then halves the last jump, so reaching a publish time weeks
   * below the head costs a few dozen native calls instead of tens of thousands of commit objects.
   * This assumes committer times never increase going back along the first-parent chain (true of
   * the crates.io index, whose commits are written one after another by one service).
   * @throws {ResolutionError} `ERR_NOT_A_CRATES_INDEX` when HEAD is unborn (no commits), `ERR_READ` otherwise.
   */
  static async open(repository: Repository, { start, until }: HistoryStart = {}): Promise<RegistryHistory> {
    const path = repository.path().replace(/\/$/, '');
    let oid = await startCommit(repository, path, start);
    if (until !== undefined) oid = await seek(repository, path, oid, until);
    const walk = repository.createRevWalk();
    try {
      walk.simplifyFirstParent();
      walk.push(oid);
    } catch (error) {
      throw new ResolutionError('ERR_READ', `${path}: cannot walk history from ${oid.tostrS()}: ${messageOf(error)}`, {
        details: { repository: path },
        cause: error,
      });
    }
    return new RegistryHistory(repository, walk, path);
  }

  /** Commits loaded so far. */
  get length(): number {
    return this.#commits.length;
  }

  /** True once the root commit is loaded. */
  get complete(): boolean {
    return this.#complete;
  }

  /** Loads commits until `index` exists; resolves false when the history is shorter. */
  async ensure(index: number): Promise<boolean> {
    while (index >= this.#commits.length && !this.#complete) await this.#loadChunk();
    return index < this.#commits.length;
  }

  /** Loads every commit down to the root; resolves the last index. */
  async loadAll(): Promise<number> {
    while (!this.#complete) await this.#loadChunk();
    return this.#commits.length - 1;
  }

  /**
   * Lets the commit objects above `index` be garbage-collected (their times stay): a search that
   * has moved past them never reads their ids or trees again. Keeps memory flat when a scan walks
   * a long history down to its root.
   */
  releaseBefore(index: number): void {
    for (let i = this.#released; i < index; i += 1) {
      this.#commits[i] = undefined;
    }
    this.#released = Math.max(this.#released, index);
  }

  /** Committer time of commit `index`, in seconds since the epoch. */
  time(index: number): number {
    const time = this.#times[index];
    if (time === undefined) throw new RangeError(`commit #${index} is not loaded`);
    return time;
  }

  /** Commit id (40 hex digits) of commit `index`. */
  id(index: number): string {
    let id = this.#ids[index];
    if (id === undefined) {
      id = this.#commit(index).sha();
      this.#ids[index] = id;
    }
    return id;
  }

  /** Root tree id of commit `index`. */
  treeId(index: number): string {
    return this.#commit(index).treeId().tostrS();
  }

  #commit(index: number): Commit {
    const commit = this.#commits[index];
    if (commit === undefined) throw new RangeError(`commit #${index} is not loaded or was released`);
    return commit;
  }

  async #loadChunk(): Promise<void> {
    const size = this.#chunk;
    this.#chunk = Math.min(this.#chunk * 2, MAX_CHUNK);
    const batch = await walkCommits(this.#walk, size, this.path);
    for (const commit of batch) {
      this.#commits.push(commit);
      this.#times.push(commit.time());
    }
    if (batch.length < size) this.#complete = true;
  }
}

/** The smallest jump worth halving further: below this, listing the commits is as cheap. */
const SEEK_WINDOW = 64;

/** The last commit after `until` on the first-parent chain from `from` (or `from` itself when it is at or before `until`). */
async function seek(repository: Repository, path: string, from: Oid, until: number): Promise<Oid> {
  const fail = (error: unknown): never => {
    throw historyReadError(path, error);
  };
  let commit: Commit = await repository.getCommit(from).catch(fail);
  if (commit.time() <= until) return from;
  // Gallop: `commit` is after `until`; find an ancestor `step` generations down that is not.
  let step = 256;
  let below: Commit | undefined;
  for (;;) {
    const ancestor = await ancestorOf(commit, step).catch(fail);
    if (ancestor === undefined) break; // fewer than `step` generations left: walk the tail
    if (ancestor.time() <= until) {
      below = ancestor;
      break;
    }
    commit = ancestor;
    step = Math.min(step * 2, 16_384);
  }
  if (below === undefined) return commit.id();
  // Halve the window (commit, below] while it is large.
  while (step > SEEK_WINDOW) {
    const half = Math.floor(step / 2);
    const middle = await ancestorOf(commit, half).catch(fail);
    if (middle === undefined) fail(new Error(`commit ${commit.sha()} lost its ancestors`));
    if (middle!.time() <= until) {
      step = half;
    } else {
      commit = middle!;
      step -= half;
    }
  }
  return commit.id();
}

/** The `n`-th first-parent ancestor of `commit`, or undefined when the chain is shorter. */
async function ancestorOf(commit: Commit, n: number): Promise<Commit | undefined> {
  try {
    return await commit.nthGenAncestor(n);
  } catch (error) {
    if ((error as { errno?: number }).errno === -3) return undefined; // GIT_ENOTFOUND
    throw error;
  }
}
