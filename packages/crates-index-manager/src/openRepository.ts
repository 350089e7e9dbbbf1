import { LazyRepository, loadNodeGit } from '@registry-miners/crates-resolution';

/** A bare repository of the cache, with its branch tip. */
export interface OpenedRepository {
  /** The repository as searches read it: nodegit opens it (and is loaded) on the first read that needs git. */
  repository: LazyRepository;
  /** Commit id at `refs/heads/<branch>`. */
  head: string;
  /** Committer time of that commit. */
  headTime: Date;
  /** Unique in the process: a new value each time a repository is (re)opened, e.g. after a fetch. */
  version: number;
}

let versions = 0;

export function nextVersion(): number {
  return ++versions;
}

/**
 * Opens the bare repository at `path` with nodegit and reads HEAD (it must point at
 * `refs/heads/<branch>`), the branch, and its commit's tree, so that a damaged repository
 * (unreadable HEAD, no objects, missing branch or commit) is detected before anyone uses it.
 * Rejects with nodegit's error.
 */
export async function openRepository(path: string, branch: string): Promise<OpenedRepository> {
  const NodeGit = await loadNodeGit();
  const repository = await NodeGit.Repository.openBare(path);
  if (!repository.isBare()) throw new Error(`${path} is not a bare repository`);
  // libgit2 opens a repository whose HEAD is unreadable; git would not (and neither could it fetch).
  const head = await repository.head();
  if (head.name() !== `refs/heads/${branch}`) throw new Error(`HEAD points at ${head.name()}, not refs/heads/${branch}`);
  const commit = await repository.getReferenceCommit(`refs/heads/${branch}`);
  await commit.getTree();
  return { repository: LazyRepository.of(repository), head: commit.sha(), headTime: new Date(commit.timeMs()), version: nextVersion() };
}
