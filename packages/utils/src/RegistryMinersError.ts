/**
 * The one base of every error a registry-miners package throws on purpose.
 *
 * 1. `code` is stable (`ERR_…`): callers match on it or on the subclass, never on the message.
 * 2. `hint` says what the user can do. It sits beside the message, never inside it, so each front
 *    end (a CLI's stderr, an HTTP problem body, a log line) prints it its own way.
 * 3. `details` carries the facts a program may act on (a URL, a status, a line number).
 *
 * Each domain subclasses it once and narrows `Code` and `Details`.
 */
export interface RegistryMinersErrorOptions<Details> {
  /** What the user can do about it. */
  hint?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
  /** Facts about the failure a program may act on. */
  details?: Details;
}

export class RegistryMinersError<Code extends string = string, Details = Readonly<Record<string, unknown>>> extends Error {
  override name = 'RegistryMinersError';
  readonly code: Code;
  readonly hint: string | undefined;
  readonly details: Details | undefined;

  constructor(code: Code, message: string, options: RegistryMinersErrorOptions<Details> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** True when `error` is one of ours and carries `code` (any subclass). */
export function hasErrorCode(error: unknown, code: string): error is RegistryMinersError {
  return error instanceof RegistryMinersError && error.code === code;
}
