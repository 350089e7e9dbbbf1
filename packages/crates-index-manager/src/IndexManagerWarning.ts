import type { IndexManagerError } from './IndexManagerError.js';

/** Stable codes of {@link IndexManagerWarning}. */
export type IndexManagerWarningCode =
  /** The archive could not be listed: the snapshot list remembered in the cache directory is used. */
  | 'WARN_INDEX_REMEMBERED_SNAPSHOTS'
  /** Refreshing the current index failed, but its clone already covers the requested time: it is used as is. */
  | 'WARN_INDEX_UPDATE_SKIPPED';

/**
 * Something the manager worked around (no network, mostly): the request goes on, and the caller
 * decides whether a person sees it (`onWarning`).
 */
export interface IndexManagerWarning {
  code: IndexManagerWarningCode;
  message: string;
  /** The failure worked around. */
  cause: IndexManagerError;
}
