/**
 * One index repository as the search sees it: a git directory, opened with nodegit only when the
 * search must read from it. A search whose commit history and objects are all in a
 * {@link ResolutionCache}'s saved files never opens it (nor loads nodegit).
 *
 * 1. `LazyRepository.of(repository)`: an already open nodegit repository.
 * 2. `LazyRepository.at(path)`: a path (a bare repository, or a work tree with its `.git`): the
 *    git directory is found by its layout; anything unusual is left to libgit2 on `open()`.
 * Keep one handle per repository for a process's searches: the repository it opens is reused.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Repository } from 'nodegit';
import { loadNodeGit } from './loadNodeGit.js';
import { messageOf } from './messageOf.js';
import { readHeadCommit } from './readHeadCommit.js';
import { ResolutionError } from './ResolutionError.js';
import { startCommit } from './startCommit.js';

export class LazyRepository {
  /** The git directory (no trailing slash), used in messages and as the repository's identity. */
  readonly path: string;
  #repository: Promise<Repository> | undefined;

  private constructor(path: string, repository: Promise<Repository> | undefined) {
    this.path = path;
    this.#repository = repository;
  }

  static of(repository: Repository): LazyRepository {
    return new LazyRepository(repository.path().replace(/\/$/, ''), Promise.resolve(repository));
  }

  static at(path: string): LazyRepository {
    const absolute = resolve(path);
    const dotGit = join(absolute, '.git');
    return new LazyRepository(isDirectory(dotGit) ? dotGit : absolute, undefined);
  }

  /** The nodegit repository, opened on first call. */
  open(): Promise<Repository> {
    this.#repository ??= loadNodeGit()
      .then((NodeGit) => NodeGit.Repository.open(this.path))
      .catch((error: unknown) => {
        this.#repository = undefined;
        throw new ResolutionError('ERR_READ', `${this.path}: cannot open the repository: ${messageOf(error)}`, {
          details: { repository: this.path },
          hint: 'give the path of a clone of the crates.io index (bare or not)',
          cause: error,
        });
      });
    return this.#repository;
  }

  /** True when the clone is shallow (git lists the cut-off commits in a non-empty `shallow` file, as libgit2 checks). */
  isShallow(): boolean {
    return (statSync(join(this.path, 'shallow'), { throwIfNoEntry: false })?.size ?? 0) > 0;
  }

  /** The commit id of HEAD: read from the ref files when they say it plainly, else asked of libgit2. */
  async headCommit(): Promise<string> {
    const read = readHeadCommit(this.path);
    if (read !== undefined) return read;
    return (await startCommit(await this.open(), this.path, undefined)).tostrS();
  }
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
