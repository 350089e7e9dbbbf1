import { RegistryMinersError, type RegistryMinersErrorOptions } from '@registry-miners/utils';

/** Stable codes carried by {@link HttpError}; callers match on these (or the class), never on the message. */
export type HttpErrorCode = 'ERR_HTTP_RETRIES_EXHAUSTED' | 'ERR_HTTP_BODY_TOO_LARGE' | 'ERR_HTTP_ABORTED' | 'ERR_HTTP_POOL_CLOSED';

/** The facts an {@link HttpError} carries in `details`. */
export interface HttpErrorDetails {
  readonly url: string;
  /** HTTP status of the last response, when the last attempt got one. */
  readonly status?: number | undefined;
  /** Attempts made, the first one included. */
  readonly attempts: number;
  /** The start of the last response body, when there was one. */
  readonly bodyExcerpt?: string | undefined;
}

/** Options of {@link HttpError}: `details` is required. */
export interface HttpErrorOptions extends RegistryMinersErrorOptions<HttpErrorDetails> {
  details: HttpErrorDetails;
}

/**
 * The one error a {@link HttpPool} request rejects with (besides `TypeError` for invalid arguments).
 * `hint` says what to do; `cause` is the last underlying error (network error, timeout, abort reason);
 * `url`, `status`, `attempts` and `bodyExcerpt` are shortcuts to `details`.
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
export class HttpError extends RegistryMinersError<HttpErrorCode, HttpErrorDetails> {
  override name = 'HttpError';
  declare readonly details: HttpErrorDetails;

  constructor(code: HttpErrorCode, message: string, options: HttpErrorOptions) {
    super(code, message, options);
  }

  get url(): string {
    return this.details.url;
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get attempts(): number {
    return this.details.attempts;
  }

  get bodyExcerpt(): string | undefined {
    return this.details.bodyExcerpt;
  }
}
