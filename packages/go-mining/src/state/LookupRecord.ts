/**
 * Outcome of looking a module up in the Go module proxy. `rejected`: a final failure, which asking
 * again cannot fix (an invalid path or version, a 4xx about the request such as 431, a body over the
 * limit); like an answer, it is not retried until the index has a newer version. `failed`: transient,
 * retried by the next run.
 */
export type LookupStatus = 'found' | 'no-origin' | 'not-found' | 'rejected' | 'failed';

export const LOOKUP_STATUSES: readonly LookupStatus[] = ['found', 'no-origin', 'not-found', 'rejected', 'failed'];

/**
 * What the proxy says about one module: one record of the `lookups` collection, keyed by module path.
 * `failed` only when no definitive answer was ever had; a failed retry of a module with an older
 * definitive answer keeps that answer and notes the failure in `retry`.
 */
export interface LookupRecord {
  status: LookupStatus;
  /** The newest index version this lookup was made for: a newer one in the index makes it stale. */
  forVersion: string;
  /** The version whose metadata answered (may differ after an `@latest` fallback). */
  version?: string;
  /** Which request answered (`info` or `latest`). */
  source?: string;
  vcs?: string;
  url?: string;
  subdir?: string;
  hash?: string;
  ref?: string;
  /** `not-found`: the proxy's HTTP status. */
  httpStatus?: number;
  /** `not-found`: the proxy's message; `rejected`, `failed`: why. */
  reason?: string;
  /** `rejected`, `failed`: the error code, when there is one. */
  code?: string;
  /** When (epoch ms). */
  at: number;
  /** The last failed attempt, kept beside an older definitive answer that still stands. */
  retry?: { forVersion: string; reason: string; code?: string; at: number };
  /** The `--repository-sources` this record was completed with, when not just `origin` (`origin,hosts,go-get`). */
  sources?: string;
  /** The repository found by `hosts` or `go-get` when the Origin gave none (or `origin` was not asked for). */
  repository?: { source: 'hosts' | 'go-get'; url: string; vcs: string; root: string };
  /** Why `go-get` found nothing (`code: reason`). */
  goGet?: string;
}

/** Whether a module needs a (new) lookup: never looked up, failed, or looked up for an older version. */
export function needsLookup(lookup: LookupRecord | undefined, newestVersion: string): boolean {
  return lookup === undefined || lookup.status === 'failed' || lookup.forVersion !== newestVersion || lookup.retry !== undefined;
}
