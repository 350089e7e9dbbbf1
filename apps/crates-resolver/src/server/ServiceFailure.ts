/**
 * What a failure looks like over HTTP, decided in one place: the server's own refusals
 * (ServiceError: size, type, timeout, capacity) carry their status; every failure of a resolution
 * is classified by the packages (classifyResolutionFailure) and its kind mapped to a status here.
 */
import { basename } from 'node:path';
import { classifyResolutionFailure } from '@registry-miners/crates-batch/failure';
import type { ResolutionFailure, ResolutionFailureKind } from '@registry-miners/crates-batch/failure';
import { RegistryMinersError } from '@registry-miners/utils';
import type { RegistryMinersErrorOptions } from '@registry-miners/utils';

/** Longest message sent back: a bad input is never echoed in full. */
export const MAX_MESSAGE_CHARS = 300;

/** A failed request as a client sees it: HTTP status, stable code, message, hint, and when to retry. */
export interface ServiceFailure {
  status: number;
  code: string;
  message: string;
  hint?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

export interface ServiceErrorDetails {
  status: number;
  retryAfterSeconds?: number | undefined;
}

/** An HTTP-level refusal (size, type, timeout, capacity, a malformed form) with its status. */
export class ServiceError extends RegistryMinersError<string, ServiceErrorDetails> {
  override name = 'ServiceError';
  readonly status: number;

  constructor(code: string, message: string, options: RegistryMinersErrorOptions<never> & ServiceErrorDetails) {
    const { status, retryAfterSeconds, hint, cause } = options;
    super(code, message, { hint, cause, details: { status, retryAfterSeconds } });
    this.status = status;
  }
}

/** Bad input is the client's (4xx); an unreachable or unusable index is upstream's (502/503); only a bug is a 500. */
const STATUS: Record<ResolutionFailureKind, number> = {
  'bad-input': 400,
  unresolved: 422,
  'out-of-date': 503,
  // 502 when the remote failed outright, 503 when a retry soon may work (a damaged read while a clone is replaced).
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

/** The status and body for a classified resolution failure. */
export function httpFailure(failure: ResolutionFailure): ServiceFailure {
  const status = failure.kind === 'upstream' && failure.retryAfterSeconds !== undefined ? 503 : STATUS[failure.kind];
  return publicFailure(status, failure.code, failure.message, failure.hint, failure.retryAfterSeconds);
}

/** Any error raised while answering a request. */
export function classifyFailure(error: unknown): ServiceFailure {
  if (error instanceof ServiceError) return publicFailure(error.status, error.code, error.message, error.hint, error.details?.retryAfterSeconds);
  return httpFailure(classifyResolutionFailure(error));
}

function publicFailure(status: number, code: string, message: string, hint?: string, retryAfterSeconds?: number): ServiceFailure {
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
