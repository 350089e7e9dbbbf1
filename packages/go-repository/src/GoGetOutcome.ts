/** Why a `?go-get=1` discovery gave no repository. */
export type GoGetNoneCode =
  /** Not a module path a host can be asked about (no dot in the host, odd characters, too long). */
  | 'ERR_GOGET_INVALID_PATH'
  /** A non-200 status without usable tags (4xx final; 429/5xx after the pool's retries: transient). */
  | 'ERR_GOGET_HTTP_STATUS'
  /** The page has no go-import tag covering the path (garbage HTML counts here). */
  | 'ERR_GOGET_NO_MATCH'
  /** Several go-import tags cover the path: the go command refuses to choose. */
  | 'ERR_GOGET_AMBIGUOUS'
  /** The tag covering the path names a shorter prefix whose own page disagrees (the go command refuses it too). */
  | 'ERR_GOGET_PREFIX_MISMATCH'
  /** The matching tag names a VCS the go command does not know. */
  | 'ERR_GOGET_UNKNOWN_VCS'
  /** The matching tag's repository is not a URL with a scheme and a host. */
  | 'ERR_GOGET_INVALID_URL'
  /** The body is larger than `maxBodyBytes`. */
  | 'ERR_GOGET_TOO_LARGE'
  /** More redirects than `maxRedirects`, or a redirect to something other than http(s). */
  | 'ERR_GOGET_REDIRECT'
  /** No complete answer within `timeoutMs` (transient; the host is then skipped for the run). */
  | 'ERR_GOGET_TIMEOUT'
  /** Connection failures after the pool's retries (transient; the host is then skipped for the run). */
  | 'ERR_GOGET_UNREACHABLE'
  /** Not asked: the host timed out or was unreachable earlier in this run. */
  | 'ERR_GOGET_HOST_SKIPPED';

/**
 * The one outcome of {@link GoGetDiscovery.discover}:
 * - `found`: the go-import tag that covers the path; `prefix` is the repository root, and also
 *   answers every later path below it;
 * - `none`: no repository, with the reason. `transient` failures (timeouts, unreachable hosts, 5xx)
 *   may be asked again later; the others are facts about what the host serves.
 * `cached` says the answer came from the cache (no request).
 */
export type GoGetOutcome =
  | { status: 'found'; prefix: string; vcs: string; url: string; subdir?: string; cached: boolean }
  | { status: 'none'; code: GoGetNoneCode; reason: string; transient: boolean; cached: boolean };
