/**
 * The CLI's failures and its exit codes, the contract scripts rely on. Failures from the packages
 * are not wrapped: `exitCodeOf` maps their classification (see classifyResolutionFailure).
 */
import type { ResolutionFailureKind } from '@registry-miners/crates-batch/failure';
import { RegistryMinersError } from '@registry-miners/utils';

export const ExitCode = {
  ok: 0,
  failure: 1,
  badInput: 2,
  unresolved: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type CliErrorCode =
  /** A flag or an argument is wrong (exit 2). */
  | 'ERR_BAD_INPUT'
  /** `--require-all` and some packages are missing (exit 3). */
  | 'ERR_UNRESOLVED'
  /** Some inputs of a batch failed (exit 1). */
  | 'ERR_BATCH_FAILED';

const EXIT_CODES: Record<CliErrorCode, ExitCode> = { ERR_BAD_INPUT: ExitCode.badInput, ERR_UNRESOLVED: ExitCode.unresolved, ERR_BATCH_FAILED: ExitCode.failure };

/** An error the CLI itself raises about its flags or its result; the exit code follows from the code. */
export class CliError extends RegistryMinersError<CliErrorCode> {
  override name = 'CliError';

  get exitCode(): ExitCode {
    return EXIT_CODES[this.code];
  }
}

/** Bad input is the user's to fix (2); every other failure of a resolution is a failure (1). */
export function exitCodeOf(kind: ResolutionFailureKind): ExitCode {
  return kind === 'bad-input' ? ExitCode.badInput : ExitCode.failure;
}
