import { basename } from 'node:path';
import { CargoLockError } from '@registry-miners/cargolock-parser';
import { IndexManagerError, RegistryOutOfDateError } from '@registry-miners/crates-index-manager';
import { ResolutionError } from '@registry-miners/crates-resolution';
import { CliError, ExitCode } from '../CliError.js';

/** The reference service caps Retry-After at one hour. */
const MAX_RETRY_AFTER_SECONDS = 3600;
/** Longest message sent back: a bad input is never echoed in full. */
export const MAX_MESSAGE_CHARS = 300;

/** A failed resolution as a client sees it: HTTP status, stable code, message, hint, and when to retry. */
export interface ServiceFailure {
  status: number;
  code: string;
  message: string;
  hint?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

/** An HTTP-level refusal (size, type, timeout, capacity) with its status. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: string, message: string, options: { hint?: string; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
    this.hint = options.hint;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Bad input is the client's (4xx); an unreachable or unusable index is upstream's (502/503); only a bug is a 500. */
const RESOLUTION_STATUS: Record<string, number> = {
  ERR_NO_PACKAGES: 422,
  ERR_PUBLISHED_BEFORE_HISTORY: 422,
  ERR_NONE_FOUND_AT_PUBLISH: 422,
  ERR_ANCHOR_NOT_FOUND: 422,
  ERR_ABORTED: 503,
};
const INDEX_STATUS: Record<string, number> = { ERR_INDEX_CLONE: 502, ERR_INDEX_FETCH: 502, ERR_INDEX_LIST: 502 };

/** The one place that decides what a failure looks like over HTTP. */
export function classifyFailure(error: unknown, now = Date.now()): ServiceFailure {
  if (error instanceof ServiceError) return failure(error.status, error.code, error.message, error.hint, error.retryAfterSeconds);
  if (error instanceof RegistryOutOfDateError) {
    const untilUpdate = Math.ceil((error.nextUpdateTime.getTime() - now) / 1000);
    const retryAfter = untilUpdate > 0 ? untilUpdate : Math.ceil(error.updateIntervalMs / 1000);
    return failure(503, error.code, error.message, error.hint, Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, retryAfter)));
  }
  if (error instanceof IndexManagerError) {
    const status = INDEX_STATUS[error.code] ?? 503;
    return failure(status, error.code, error.message, error.hint, status === 503 ? 5 : undefined);
  }
  if (error instanceof CargoLockError) return failure(400, error.code, error.message, error.hint);
  if (error instanceof ResolutionError) {
    const status = RESOLUTION_STATUS[error.code] ?? 503;
    return failure(status, error.code, error.message, error.hint, status === 503 ? 5 : undefined);
  }
  if (error instanceof CliError && error.exitCode === ExitCode.badInput) return failure(400, 'ERR_BAD_REQUEST', error.message, error.hint);
  return failure(500, 'ERR_INTERNAL', 'internal error', 'the server log has the details (search it for this request id)');
}

function failure(status: number, code: string, message: string, hint?: string, retryAfterSeconds?: number): ServiceFailure {
  return { status, code, message: publicText(message), hint: hint === undefined ? undefined : publicText(hint), retryAfterSeconds };
}

/**
 * What may leave the server: absolute paths become the repository's name (`current`,
 * `snapshot-2020-03-25`), and the text is cut to {@link MAX_MESSAGE_CHARS}.
 */
export function publicText(text: string): string {
  const scrubbed = text.replace(/(^|[\s('"])(\/[^\s:'"()]+)/g, (_, before: string, path: string) => `${before}${basename(path.replace(/\/$/, ''))}`);
  return scrubbed.length <= MAX_MESSAGE_CHARS ? scrubbed : `${scrubbed.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
