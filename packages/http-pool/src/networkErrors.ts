/** Codes of errors that retrying cannot fix: bad arguments, unsupported features, a closed pool. */
const NOT_RETRYABLE = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_DESTROYED', 'UND_ERR_CLOSED', 'ERR_INVALID_URL']);

/**
 * A short, stable name for what went wrong in an attempt: the error's `code` (`ECONNREFUSED`,
 * `UND_ERR_HEADERS_TIMEOUT`, …), looking into `AggregateError`s (dual-stack connects) and causes,
 * else its `name`.
 */
export function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && code !== '') return code;
    const inner = (current as { errors?: unknown }).errors;
    current = Array.isArray(inner) && inner.length > 0 ? inner[0] : (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'UNKNOWN';
}

/**
 * Whether an attempt that failed with `error` (not a response) is worth retrying: connection
 * refused or reset, DNS failures, timeouts, TLS hiccups, truncated or undecodable bodies… everything
 * except the codes that a retry cannot fix.
 */
export function isRetryableError(code: string): boolean {
  return !NOT_RETRYABLE.has(code) && code !== 'AbortError';
}

/** DNS answered that the name does not exist, or could not be asked (offline): retried once at most. */
export function isUnresolvedHost(code: string): boolean {
  return code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME';
}

/** Timeouts and connection failures: the host could not be reached or did not answer. */
export function describeNetworkError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return 'host name not resolved';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connect timed out';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'no response headers in time';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'response body stalled';
    case 'ERR_HTTP_RESPONSE_TIMEOUT':
      return 'response not complete in time';
    default:
      return code;
  }
}
