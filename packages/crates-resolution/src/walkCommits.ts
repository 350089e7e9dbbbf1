import type { Commit, Revwalk } from 'nodegit';
import { messageOf } from './messageOf.js';
import { ResolutionError } from './ResolutionError.js';

/** The next `size` commits of a first-parent walk; a failure is an `ERR_READ` naming the repository. */
export async function walkCommits(walk: Revwalk, size: number, path: string): Promise<Commit[]> {
  try {
    return await walk.commitWalk(size);
  } catch (error) {
    throw historyReadError(path, error);
  }
}

/** The history of `path` cannot be read: a damaged or shallow clone. */
export function historyReadError(path: string, error: unknown): ResolutionError {
  return new ResolutionError('ERR_READ', `${path}: cannot read the commit history: ${messageOf(error)}`, {
    details: { repository: path },
    hint: 'the clone is damaged or shallow: the search needs a full-depth clone',
    cause: error,
  });
}
