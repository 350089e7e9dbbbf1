import { DEFAULT_ARCHIVE_URL } from './defaultUrls.js';
import { createGitCliListRefs } from './gitCliTransport.js';
import { IndexManagerError } from './IndexManagerError.js';
import { isSnapshotDate } from './RepositoryKey.js';
import type { ListRefsFunction } from './Transport.js';

const SNAPSHOT_REF = /^refs\/heads\/snapshot-(\d{4}-\d{2}-\d{2})$/;

/** Options of {@link listAvailableSnapshots}. */
export interface ListAvailableSnapshotsOptions {
  /** @default DEFAULT_ARCHIVE_URL */
  archiveUrl?: string;
  /** The git executable used for `git ls-remote`. @default 'git' */
  gitBinary?: string;
  /** Lists the remote's refs; overrides `gitBinary` (e.g. {@link nodegitListRefs}). */
  listRefs?: ListRefsFunction;
  signal?: AbortSignal;
}

/**
 * The snapshot dates (`YYYY-MM-DD`, ascending, unique) of the archive's `snapshot-YYYY-MM-DD`
 * branches: `git ls-remote <archiveUrl> 'refs/heads/snapshot-*'`, other refs ignored.
 * Throws `ERR_INDEX_LIST` when the remote cannot be listed, `ERR_INDEX_ABORTED` on abort.
 *
 * @example
 * await listAvailableSnapshots(); // ['2019-10-17', '2020-03-25', …]
 */
export async function listAvailableSnapshots(options: ListAvailableSnapshotsOptions = {}): Promise<string[]> {
  const archiveUrl = options.archiveUrl ?? DEFAULT_ARCHIVE_URL;
  const listRefs = options.listRefs ?? createGitCliListRefs(options.gitBinary ?? 'git');
  let refs: Array<[string, string]>;
  try {
    refs = await listRefs(archiveUrl, 'refs/heads/snapshot-*', options.signal);
  } catch (error) {
    if (options.signal?.aborted) {
      throw new IndexManagerError('ERR_INDEX_ABORTED', 'Listing snapshots was aborted', { cause: options.signal.reason });
    }
    throw new IndexManagerError('ERR_INDEX_LIST', `Cannot list the snapshot branches of ${archiveUrl}: ${(error as Error).message}`, {
      cause: error,
      details: { url: archiveUrl },
      hint: 'Check the network and archiveUrl (a mirror of crates.io-index-archive must keep its snapshot-YYYY-MM-DD branches).',
    });
  }
  return parseSnapshotRefs(refs.map(([name]) => name));
}

/** The sorted, unique dates of the `refs/heads/snapshot-YYYY-MM-DD` names among `refNames`. */
export function parseSnapshotRefs(refNames: Iterable<string>): string[] {
  const dates = new Set<string>();
  for (const name of refNames) {
    const date = SNAPSHOT_REF.exec(name)?.[1];
    if (date !== undefined && isSnapshotDate(date)) dates.add(date);
  }
  return [...dates].sort();
}
