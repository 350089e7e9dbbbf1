import { runGit } from './runGit.js';
import type { CloneFunction, FetchFunction, ListRefsFunction } from './Transport.js';

/** Settings that keep git from deleting or rewriting objects a reader may still hold. */
const NO_MAINTENANCE = ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false', '-c', 'fetch.writeCommitGraph=false'];

/**
 * A {@link CloneFunction} running `git clone --bare --single-branch --branch <branch> --no-tags
 * --progress`. git's own clone is several times faster than nodegit's on the crates.io index.
 *
 * @param gitBinary the git executable. @default 'git'
 */
export function createGitCliClone(gitBinary = 'git'): CloneFunction {
  return async ({ url, branch, directory, signal, onProgress }) => {
    await runGit(
      gitBinary,
      [...NO_MAINTENANCE, 'clone', '--bare', '--single-branch', '--branch', branch, '--no-tags', '--progress', '--', url, directory],
      { signal, onProgress },
    );
  };
}

/**
 * A {@link FetchFunction} running `git fetch --force --no-tags --progress <url>
 * +refs/heads/<branch>:refs/heads/<branch>` in the repository, with automatic gc disabled so that
 * the fetch only adds objects and moves the ref.
 *
 * @param gitBinary the git executable. @default 'git'
 */
export function createGitCliFetch(gitBinary = 'git'): FetchFunction {
  return async ({ url, branch, directory, signal, onProgress }) => {
    await runGit(
      gitBinary,
      [...NO_MAINTENANCE, 'fetch', '--force', '--no-tags', '--progress', '--', url, `+refs/heads/${branch}:refs/heads/${branch}`],
      { cwd: directory, signal, onProgress },
    );
  };
}

/** A {@link ListRefsFunction} running `git ls-remote <url> <pattern>`. */
export function createGitCliListRefs(gitBinary = 'git'): ListRefsFunction {
  return async (url, pattern, signal) => {
    const output = await runGit(gitBinary, ['ls-remote', '--', url, pattern], signal ? { signal } : {});
    const refs: Array<[string, string]> = [];
    for (const line of output.split('\n')) {
      const [id, name] = line.trim().split('\t');
      if (id && name) refs.push([name, id]);
    }
    return refs;
  };
}

/** The version string of `gitBinary` (`git version 2.39.5`), or undefined when it cannot run. */
export async function gitVersion(gitBinary = 'git'): Promise<string | undefined> {
  try {
    return (await runGit(gitBinary, ['--version'])).trim();
  } catch {
    return undefined;
  }
}
