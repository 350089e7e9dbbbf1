import type { GitProgress } from './GitProgress.js';

/** What a {@link CloneFunction} must do: a bare, single-branch, full-depth clone of `branch` into `directory`. */
export interface CloneRequest {
  /** Remote URL (https://, file://, a local path: whatever the implementation supports). */
  url: string;
  /** The one branch to clone: `master` or `snapshot-YYYY-MM-DD`. */
  branch: string;
  /**
   * Where to create the bare repository. It does not exist yet; the manager owns it (a temporary
   * directory beside the final one, renamed into place after the clone is checked).
   */
  directory: string;
  /** Aborted when nobody waits for the clone any more or the manager closes: stop and reject. */
  signal: AbortSignal;
  /** Report transfer progress (optional to call). */
  onProgress: (progress: GitProgress) => void;
}

/**
 * Clones one branch into a new bare repository. The result must have `refs/heads/<branch>` and
 * `HEAD` pointing at it; the manager verifies it with nodegit before using it.
 *
 * @example A mirror that is tried before the real remote
 * ```ts
 * const git = createGitCliClone();
 * const cloneRepository: CloneFunction = async (request) => {
 *   try {
 *     await git({ ...request, url: mirrorUrlFor(request.branch) });
 *   } catch (error) {
 *     if (request.signal.aborted) throw error;
 *     await rm(request.directory, { recursive: true, force: true });
 *     await git(request);
 *   }
 * };
 * ```
 */
export type CloneFunction = (request: CloneRequest) => Promise<void>;

/** What a {@link FetchFunction} must do: a forced fetch of `+refs/heads/<branch>:refs/heads/<branch>`. */
export interface FetchRequest {
  url: string;
  branch: string;
  /** The existing bare repository to update in place. Readers may have it open meanwhile. */
  directory: string;
  signal: AbortSignal;
  onProgress: (progress: GitProgress) => void;
}

/**
 * Updates an existing bare repository's branch from the remote, forcing the ref (the crates.io
 * index is squashed every few months). It must only add objects and move the ref, never delete
 * objects (no gc/prune), so that readers holding older commits keep a consistent view.
 */
export type FetchFunction = (request: FetchRequest) => Promise<void>;

/** Lists the refs of a remote: `[refName, commitId]` pairs. */
export type ListRefsFunction = (url: string, pattern: string, signal?: AbortSignal) => Promise<Array<[string, string]>>;
