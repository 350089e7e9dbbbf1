import type { OriginFailureCode } from './OriginLookup.js';

/** Failures that say something about the module or the request itself: asking again gives the same. */
const FINAL_CODES: ReadonlySet<OriginFailureCode> = new Set(['ERR_GOPROXY_INVALID_PATH', 'ERR_GOPROXY_INVALID_VERSION', 'ERR_GOPROXY_BAD_REQUEST', 'ERR_HTTP_BODY_TOO_LARGE']);

/** 4xx answers that depend on the user's setup (credentials, a proxy in the way), not on the module. */
const SETUP_STATUSES: ReadonlySet<number> = new Set([401, 403, 407]);

/**
 * Whether a failed lookup is final, i.e. a rerun should not ask again for the same version: an
 * invalid path or version, a body over the limit, or a 4xx final status other than 401/403/407
 * (e.g. 400, 414 URI too long, 431 headers too large). Everything else is transient.
 *
 * @example
 * ```ts
 * isFinalFailure('ERR_GOPROXY_HTTP_STATUS', 431); // true
 * isFinalFailure('ERR_HTTP_RETRIES_EXHAUSTED', 503); // false
 * ```
 */
export function isFinalFailure(code: OriginFailureCode, httpStatus?: number): boolean {
  if (FINAL_CODES.has(code)) return true;
  return code === 'ERR_GOPROXY_HTTP_STATUS' && httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500 && !SETUP_STATUSES.has(httpStatus);
}
