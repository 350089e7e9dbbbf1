/** Exit codes of crates-resolver: the contract scripts rely on. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  badInput: 2,
  unresolved: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as-is: one message, an optional hint, and the exit code it maps to. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode: ExitCode; hint?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}
