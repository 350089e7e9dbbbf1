import { GoMinerError } from '@registry-miners/go-mining';
import { UsageError } from './UsageError.js';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

interface CodedError {
  code?: unknown;
  hint?: unknown;
  message?: unknown;
  name?: unknown;
}

/** Our own errors and those of the packages we compose carry a stable `code` and usually a `hint`. */
function isKnown(error: unknown): error is Error & CodedError {
  return error instanceof Error && typeof (error as CodedError).code === 'string' && /^ERR_/.test(String((error as CodedError).code));
}

/**
 * Exit code for an error: 0 when the reader of the output stopped early (`go-miner export --out - | head`),
 * 2 for usage errors and a state dir made for another feed, 1 otherwise.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof GoMinerError && error.code === 'ERR_OUTPUT_CLOSED') return EXIT.ok;
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof GoMinerError && error.code === 'ERR_STATE_MISMATCH') return EXIT.usage;
  return EXIT.failure;
}

/**
 * What a person sees for an error: `go-miner: <message>` and `hint: …`. Known errors (with an `ERR_*` code)
 * show message, code and hint; anything else is a bug and shows its stack.
 */
export function describeError(error: unknown): string {
  if (!isKnown(error)) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return `go-miner: unexpected error (a bug; please report it):\n${text}`;
  }
  const hint = typeof error.hint === 'string' && error.hint ? error.hint : undefined;
  const message = error.message;
  const lines = [`go-miner: ${message} [${String(error.code)}]`];
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message && !message.includes(cause.message)) lines.push(`  cause: ${cause.message}`);
  if (hint) lines.push(`hint: ${hint}`);
  return lines.join('\n');
}
