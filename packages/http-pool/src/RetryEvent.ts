/** What {@link HttpPoolOptions.onRetry} hears: an attempt failed and the request will try again after `delayMs`. */
export interface RetryEvent {
  url: string;
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  /** Why, for people: `HTTP 503`, `connection refused (ECONNREFUSED)`, `HTTP 429, Retry-After 5 s`. */
  reason: string;
  /** The HTTP status, when the attempt got a response. */
  status?: number;
  /** The error code, when it did not (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, `ERR_HTTP_RESPONSE_TIMEOUT`…). */
  code?: string;
  /** Milliseconds until the next attempt. */
  delayMs: number;
}
