/** Stable codes carried by {@link HttpError}; callers match on these, never on the message. */
export type HttpErrorCode = 'ERR_HTTP_RETRIES_EXHAUSTED' | 'ERR_HTTP_BODY_TOO_LARGE' | 'ERR_HTTP_ABORTED' | 'ERR_HTTP_POOL_CLOSED';

/** Everything an {@link HttpError} reports besides its message. */
export interface HttpErrorDetails {
  code: HttpErrorCode;
  url: string;
  /** HTTP status of the last response, when the last attempt got one. */
  status?: number | undefined;
  /** Attempts made, the first one included. */
  attempts: number;
  /** The start of the last response body, when there was one. */
  bodyExcerpt?: string | undefined;
  /** What the user can do about it. */
  hint?: string | undefined;
  /** The last underlying error (network error, timeout, abort reason). */
  cause?: unknown;
}

/**
 * The one error a {@link HttpPool} request rejects with (besides `TypeError` for invalid arguments).
 *
 * @example
 * ```ts
 * try {
 *   await pool.get(url);
 * } catch (error) {
 *   if (error instanceof HttpError && error.code === 'ERR_HTTP_RETRIES_EXHAUSTED') console.error(error.hint);
 *   else throw error;
 * }
 * ```
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly url: string;
  readonly status?: number;
  readonly attempts: number;
  readonly bodyExcerpt?: string;
  readonly hint?: string;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.url = details.url;
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
    if (details.bodyExcerpt !== undefined) this.bodyExcerpt = details.bodyExcerpt;
    if (details.hint !== undefined) this.hint = details.hint;
  }
}
