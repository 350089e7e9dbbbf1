import { loadNodeGit } from '@registry-miners/crates-resolution';
import type { Enums, Remote } from 'nodegit';
import type { GitProgress } from './GitProgress.js';
import type { CloneFunction, FetchFunction, ListRefsFunction } from './Transport.js';

/** libgit2's GIT_DIRECTION_FETCH (the typings declare it as an ambient const enum). */
const DIRECTION_FETCH = 0 as Enums.DIRECTION;
/** libgit2's GIT_REMOTE_DOWNLOAD_TAGS_NONE. */
const DOWNLOAD_TAGS_NONE = 1;

/**
 * A {@link CloneFunction} that uses nodegit (libgit2) only: init a bare repository, fetch
 * `+refs/heads/<branch>:refs/heads/<branch>` without tags, point HEAD at it. Used when no `git`
 * executable is available; several times slower than git on the crates.io index.
 */
export const nodegitClone: CloneFunction = async ({ url, branch, directory, signal, onProgress }) => {
  signal.throwIfAborted();
  const NodeGit = await loadNodeGit();
  const repository = await NodeGit.Repository.init(directory, 1);
  // Like `git clone --bare --single-branch`: origin fetches that one branch into refs/heads.
  const remote = await NodeGit.Remote.createWithFetchspec(repository, 'origin', url, `+refs/heads/${branch}:refs/heads/${branch}`);
  await fetchBranch(remote, branch, signal, onProgress);
  await repository.setHead(`refs/heads/${branch}`);
};

/** A {@link FetchFunction} that uses nodegit (libgit2) only: a forced fetch of one branch. */
export const nodegitFetch: FetchFunction = async ({ url, branch, directory, signal, onProgress }) => {
  signal.throwIfAborted();
  const NodeGit = await loadNodeGit();
  const repository = await NodeGit.Repository.openBare(directory);
  const remote = await NodeGit.Remote.createAnonymous(repository, url);
  await fetchBranch(remote, branch, signal, onProgress);
};

/** A {@link ListRefsFunction} that uses nodegit (libgit2) only. `pattern` is a `*` glob on ref names. */
export const nodegitListRefs: ListRefsFunction = async (url, pattern, signal) => {
  signal?.throwIfAborted();
  const remote = await (await loadNodeGit()).Remote.createDetached(url);
  const stop = (): void => remote.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await remote.connect(DIRECTION_FETCH, {});
    const heads = (await remote.referenceList()) as Array<{ name(): string; oid(): { tostrS(): string } }>;
    await remote.disconnect();
    signal?.throwIfAborted();
    const glob = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    return heads.filter((head) => glob.test(head.name())).map((head) => [head.name(), head.oid().tostrS()]);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
};

async function fetchBranch(
  remote: Remote,
  branch: string,
  signal: AbortSignal,
  onProgress: (progress: GitProgress) => void,
): Promise<void> {
  const stop = (): void => remote.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await remote.fetch(
      [`+refs/heads/${branch}:refs/heads/${branch}`],
      {
        downloadTags: DOWNLOAD_TAGS_NONE,
        callbacks: {
          transferProgress: (stats: unknown) => {
            if (signal.aborted) return -1;
            reportProgress(stats, onProgress);
            return 0;
          },
        },
      },
      'fetch',
    );
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  signal.throwIfAborted();
}

/** Reports libgit2's transfer counters in git's phases (`Receiving objects`, then `Resolving deltas`). */
function reportProgress(stats: unknown, onProgress: (progress: GitProgress) => void): void {
  /** nodegit exposes the counters as methods (typings) or as properties, depending on the version. */
  const read = (name: string): number => {
    const value = (stats as Record<string, unknown>)[name];
    return typeof value === 'function' ? Number((value as () => number).call(stats)) : Number(value);
  };
  const totalObjects = read('totalObjects');
  const receivedObjects = read('receivedObjects');
  const totalDeltas = read('totalDeltas');
  if (totalObjects > 0 && receivedObjects < totalObjects) {
    onProgress({
      phase: 'Receiving objects',
      percent: Math.floor((receivedObjects * 100) / totalObjects),
      done: receivedObjects,
      total: totalObjects,
      bytes: read('receivedBytes'),
    });
  } else if (totalDeltas > 0) {
    const indexedDeltas = read('indexedDeltas');
    onProgress({ phase: 'Resolving deltas', percent: Math.floor((indexedDeltas * 100) / totalDeltas), done: indexedDeltas, total: totalDeltas });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
