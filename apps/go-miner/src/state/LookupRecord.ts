/** Outcome of looking a module up in the Go module proxy. */
export type LookupStatus = 'found' | 'no-origin' | 'not-found' | 'failed';

export const LOOKUP_STATUSES: readonly LookupStatus[] = ['found', 'no-origin', 'not-found', 'failed'];

/** A lookup result as stored in a {@link ModuleRecord}. */
export interface LookupRecord {
  status: LookupStatus;
  /** The newest index version this lookup was made for. */
  forVersion: string;
  /** The version whose metadata answered (may differ after an `@latest` fallback). */
  version?: string;
  /** Which request answered (`info` or `latest`), as reported by go-proxy-origin. */
  source?: string;
  vcs?: string;
  url?: string;
  subdir?: string;
  hash?: string;
  ref?: string;
  /** `not-found`: the proxy's HTTP status. */
  httpStatus?: number;
  /** `not-found`: the proxy's message; `failed`: why. */
  reason?: string;
  /** `failed`: the error code, when there is one. */
  code?: string;
  /** When (epoch ms). */
  at: number;
}
