import { ResolutionError } from '@registry-miners/crates-resolution';
import { CliError, ExitCode } from './CliError.js';

/** Problems with what the user gave us are bad input (2); the rest are failures to resolve (1). */
const BAD_INPUT_CODES = new Set(['ERR_NO_PACKAGES', 'ERR_NOT_A_CRATES_INDEX', 'ERR_ANCHOR_NOT_FOUND']);

/** Turns a search error into the CLI's error, keeping its message and hint. */
export function resolutionFailure(error: unknown): unknown {
  if (!(error instanceof ResolutionError)) return error;
  return new CliError(error.message, {
    exitCode: BAD_INPUT_CODES.has(error.code) ? ExitCode.badInput : ExitCode.failure,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    cause: error,
  });
}
