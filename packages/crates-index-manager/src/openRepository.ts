import NodeGit from 'nodegit';
import type { Repository } from 'nodegit';

/** A bare repository opened with nodegit, with its branch tip. */
export interface OpenedRepository {
  repository: Repository;
  /** Commit id at `refs/heads/<branch>`. */
  head: string;
  /** Committer time of that commit. */
  headTime: Date;
}

/**
 * Opens the bare repository at `path` and reads HEAD (it must point at `refs/heads/<branch>`),
 * the branch, and its commit's tree, so
 * that a damaged repository (unreadable HEAD, no objects, missing branch or commit) is detected
 * before anyone uses it. Rejects with nodegit's error.
 */
export async function openRepository(path: string, branch: string): Promise<OpenedRepository> {
  const repository = await NodeGit.Repository.openBare(path);
  if (!repository.isBare()) throw new Error(`${path} is not a bare repository`);
  // libgit2 opens a repository whose HEAD is unreadable; git would not (and neither could it fetch).
  const head = await repository.head();
  if (head.name() !== `refs/heads/${branch}`) throw new Error(`HEAD points at ${head.name()}, not refs/heads/${branch}`);
  const commit = await repository.getReferenceCommit(`refs/heads/${branch}`);
  await commit.getTree();
  return { repository, head: commit.sha(), headTime: new Date(commit.timeMs()) };
}
