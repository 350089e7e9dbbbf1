import NodeGit from 'nodegit';
import type { Commit, Repository, Revwalk } from 'nodegit';
import { messageOf } from './GitObjectStore.js';
import { ResolutionError } from './ResolutionError.js';

const FIRST_CHUNK = 512;
const MAX_CHUNK = 16_384;

/**
 * The first-parent history of a registry repository from a start commit (HEAD by default),
 * newest → oldest, loaded lazily in growing batches: one native `commitWalk` call returns a batch
 * of commits, so listing 10,000 commits takes a handful of calls. Index 0 is the start commit.
 *
 * The crates.io index has a linear history (one commit per publish or yank), so the first-parent
 * chain is the whole history; the reference walks all parents, which is the same list there.
 */
export class RegistryHistory {
  readonly repository: Repository;
  readonly path: string;
  #walk: Revwalk;
  #commits: Commit[] = [];
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
   * Opens the history from `start` (a commit id) or from HEAD.
   * @throws {ResolutionError} `ERR_NOT_A_CRATES_INDEX` when HEAD is unborn (no commits), `ERR_READ` otherwise.
   */
  static async open(repository: Repository, start?: string): Promise<RegistryHistory> {
    const path = repository.path().replace(/\/$/, '');
    let oid;
    try {
      oid = start === undefined ? await NodeGit.Reference.nameToId(repository, 'HEAD') : NodeGit.Oid.fromString(start);
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      // GIT_ENOTFOUND (-3), GIT_EUNBORNBRANCH (-9): a repository without commits.
      if (start === undefined && (errno === -3 || errno === -9)) {
        throw new ResolutionError('ERR_NOT_A_CRATES_INDEX', `${path} is not a crates.io index: it has no commits (HEAD is unborn)`, {
          repository: path,
          hint: 'clone the index again (a bare, full-depth clone of the branch to search)',
          cause: error,
        });
      }
      throw new ResolutionError('ERR_READ', `${path}: cannot resolve ${start ?? 'HEAD'}: ${messageOf(error)}`, {
        repository: path,
        cause: error,
      });
    }
    const walk = repository.createRevWalk();
    try {
      walk.simplifyFirstParent();
      walk.push(oid);
    } catch (error) {
      throw new ResolutionError('ERR_READ', `${path}: cannot walk history from ${oid.tostrS()}: ${messageOf(error)}`, {
        repository: path,
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
    if (commit === undefined) throw new RangeError(`commit #${index} is not loaded`);
    return commit;
  }

  async #loadChunk(): Promise<void> {
    const size = this.#chunk;
    this.#chunk = Math.min(this.#chunk * 2, MAX_CHUNK);
    let batch: Commit[];
    try {
      batch = await this.#walk.commitWalk(size);
    } catch (error) {
      throw new ResolutionError('ERR_READ', `${this.path}: cannot read the commit history: ${messageOf(error)}`, {
        repository: this.path,
        hint: 'the clone is damaged or shallow: the search needs a full-depth clone',
        cause: error,
      });
    }
    for (const commit of batch) {
      this.#commits.push(commit);
      this.#times.push(commit.time());
    }
    if (batch.length < size) this.#complete = true;
  }
}
