/** Where a module's source lives, from the proxy's `Origin` metadata. */
export interface ModuleOrigin {
  /** Version control system (`git`, `hg`, …), when given. */
  vcs?: string;
  /** Repository URL, in the repository's own case; for vanity paths the real repository. */
  url: string;
  /** Directory of the module within the repository, when not the root. */
  subdir?: string;
  /** Commit hash, when given. */
  hash?: string;
  /** Ref (e.g. `refs/tags/v1.2.3`), when given. */
  ref?: string;
}

/** Why a lookup failed (see {@link OriginLookup}). */
export type OriginFailureCode =
  /** The module path cannot be case-encoded. */
  | 'ERR_GOPROXY_INVALID_PATH'
  /** The version cannot be case-encoded. */
  | 'ERR_GOPROXY_INVALID_VERSION'
  /** `400 bad request:` (final, and a bug in the caller when it is about escaping). */
  | 'ERR_GOPROXY_BAD_REQUEST'
  /** Another final status (e.g. 403). */
  | 'ERR_GOPROXY_HTTP_STATUS'
  /** A 200 whose body is not the expected JSON. */
  | 'ERR_GOPROXY_INVALID_JSON'
  /** Transient failures that outlasted the pool's retries (429, 5xx, resets, timeouts, "fetch timed out"). */
  | 'ERR_HTTP_RETRIES_EXHAUSTED'
  /** A body over the lookup's limit (an endless body or a compression bomb): final. */
  | 'ERR_HTTP_BODY_TOO_LARGE'
  /** The pool was closed during the lookup. */
  | 'ERR_HTTP_POOL_CLOSED'
  /** The request could not be made at all (e.g. an unresolvable host). */
  | 'ERR_GOPROXY_REQUEST';

/**
 * The one outcome of {@link lookupOrigin}:
 * - `found`: an `Origin` with a URL, from the newest version's `.info` or from `@latest`;
 * - `no-origin`: the proxy has the module but no `Origin` URL (versions cached before Go 1.19);
 * - `not-found`: the proxy answered 404/410 "not found" (final);
 * - `failed`: anything else, after the pool's retries. Never to be recorded as "no origin". `final`
 *   when asking again cannot help (see {@link isFinalFailure}): an invalid path or version, a 4xx
 *   that says the request itself is wrong (400, 414, 431…), a body over the limit. Transient failures
 *   (retries exhausted, a closed pool, invalid JSON, 401/403/407, a redirect) are not final.
 */
export type OriginLookup =
  | { status: 'found'; version: string; source: 'info' | 'latest'; origin: ModuleOrigin }
  | { status: 'no-origin'; version?: string }
  | { status: 'not-found'; httpStatus: 404 | 410; message: string }
  | { status: 'failed'; final: boolean; reason: string; code?: OriginFailureCode; httpStatus?: number; url?: string };
