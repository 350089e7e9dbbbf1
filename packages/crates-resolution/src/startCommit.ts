import type { Oid, Repository } from 'nodegit';
import { loadNodeGit } from './loadNodeGit.js';
import { messageOf } from './messageOf.js';
import { ResolutionError } from './ResolutionError.js';

/**
 * The commit to start from: `start`, or HEAD.
 * @throws {ResolutionError} `ERR_NOT_A_CRATES_INDEX` when HEAD is unborn (no commits), `ERR_READ` otherwise.
 */
export async function startCommit(repository: Repository, path: string, start: string | undefined): Promise<Oid> {
  const NodeGit = await loadNodeGit();
  try {
    return start === undefined ? await NodeGit.Reference.nameToId(repository, 'HEAD') : NodeGit.Oid.fromString(start);
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    // GIT_ENOTFOUND (-3), GIT_EUNBORNBRANCH (-9): a repository without commits.
    if (start === undefined && (errno === -3 || errno === -9)) {
      throw new ResolutionError('ERR_NOT_A_CRATES_INDEX', `${path} is not a crates.io index: it has no commits (HEAD is unborn)`, {
        details: { repository: path },
        hint: 'clone the index again (a bare, full-depth clone of the branch to search)',
        cause: error,
      });
    }
    throw new ResolutionError('ERR_READ', `${path}: cannot resolve ${start ?? 'HEAD'}: ${messageOf(error)}`, {
      details: { repository: path },
      cause: error,
    });
  }
}
