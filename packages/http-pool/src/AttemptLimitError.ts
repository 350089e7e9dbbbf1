/** Why one attempt was cut short by the pool's own limits (never seen by callers: turned into an {@link HttpError}). */
export type AttemptLimitCode = 'ERR_HTTP_BODY_TOO_LARGE' | 'ERR_HTTP_RESPONSE_TIMEOUT';

/**
 * An attempt stopped by a limit: the body grew past `maxBodyBytes` (before or after decoding), or the
 * whole response did not arrive within its deadline. Carries the status when the headers had come.
 */
export class AttemptLimitError extends Error {
  override name = 'AttemptLimitError';
  readonly code: AttemptLimitCode;
  readonly status: number | undefined;

  constructor(code: AttemptLimitCode, message: string, status: number | undefined) {
    super(message);
    this.code = code;
    this.status = status;
  }
}
