/** Stable codes of {@link GoRepositoryError}; callers match on these, never on the message. */
export type GoRepositoryErrorCode =
  /** A discovery was cancelled through its `AbortSignal`. */
  | 'ERR_GOGET_ABORTED'
  /** An option of {@link GoGetDiscovery} is out of range. */
  | 'ERR_GOGET_OPTIONS';

/**
 * The error this package throws. Discovery never throws for what a host answers (that is a
 * `none` outcome); only cancellation and invalid options throw.
 */
export class GoRepositoryError extends Error {
  override readonly name = 'GoRepositoryError';
  readonly code: GoRepositoryErrorCode;
  /** What the user can do about it, kept beside the message. */
  readonly hint: string | undefined;

  constructor(code: GoRepositoryErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}
