/**
 * One classification of every way a resolution can fail, shared by every front end: the CLI maps
 * the kind to an exit code, the HTTP service to a status, the batch to `retryable`. Nothing else
 * looks at error classes or codes to decide what a failure means.
 *
 * - `bad-input`: the caller's lockfile, publish time or repositories are wrong; retrying is useless.
 * - `unresolved`: the input is fine but the index history cannot answer (published before it starts,
 *   none of the packages there).
 * - `out-of-date`: the current index does not reach the publish time yet; retry after `retryAfterSeconds`.
 * - `upstream`: the index remote or a clone failed (clone, fetch, listing, a damaged repository).
 * - `unavailable`: this process could not finish now (cancelled, shutting down, the cache busy).
 * - `internal`: a bug; the message is not shown to remote callers.
 *
 * Errors are told apart by their stable `code` (every package's codes are distinct), not by class,
 * so this module loads none of the packages (and not nodegit): a CLI can classify a bad lockfile
 * without paying for the search it never starts.
 */
import type { CargoLockErrorCode } from '@registry-miners/cargolock-parser';
import type { IndexManagerErrorCode, RegistryOutOfDateError } from '@registry-miners/crates-index-manager';
import type { ResolutionErrorCode } from '@registry-miners/crates-resolution';
import type { ResolutionInputErrorCode } from './ResolutionInputError.js';
import type { ResolutionPoolErrorCode } from './ResolutionPoolError.js';

export type ResolutionFailureKind = 'bad-input' | 'unresolved' | 'out-of-date' | 'upstream' | 'unavailable' | 'internal';

/** A failure as every front end sees it; plain data, so it crosses threads and goes into JSON as is. */
export interface ResolutionFailure {
  kind: ResolutionFailureKind;
  /** The error's stable code (`ERR_…`), `ERR_INTERNAL` for anything unexpected. */
  code: string;
  message: string;
  hint?: string | undefined;
  /** When trying again makes sense (`out-of-date`, `unavailable`, some `upstream`), after how long. */
  retryAfterSeconds?: number | undefined;
}

/** The reference service caps Retry-After at one hour. */
const MAX_RETRY_AFTER_SECONDS = 3600;
/** A transient failure (a busy cache, a cancelled or damaged read) is worth retrying soon. */
const SOON_SECONDS = 5;

/** Every code a resolution can fail with, and what it means (a `Record` over each union: a new code does not compile until it is placed). */
const KINDS: Record<CargoLockErrorCode | ResolutionErrorCode | IndexManagerErrorCode | ResolutionInputErrorCode | ResolutionPoolErrorCode, ResolutionFailureKind> = {
  ERR_CARGOLOCK_READ: 'bad-input',
  ERR_CARGOLOCK_TOML: 'bad-input',
  ERR_CARGOLOCK_EMPTY: 'bad-input',
  ERR_CARGOLOCK_NOT_A_LOCKFILE: 'bad-input',
  ERR_CARGOLOCK_UNSUPPORTED_VERSION: 'bad-input',
  ERR_CARGOLOCK_INVALID_PACKAGE: 'bad-input',
  ERR_BAD_PUBLISHED_TIME: 'bad-input',
  ERR_LOCKFILE_UNREADABLE: 'bad-input',
  ERR_LOCKFILE_TOO_LARGE: 'bad-input',
  ERR_BAD_BATCH_INPUT: 'bad-input',
  ERR_NO_PACKAGES: 'bad-input',
  ERR_NOT_A_CRATES_INDEX: 'bad-input',
  ERR_ANCHOR_NOT_FOUND: 'bad-input',
  ERR_INDEX_BAD_KEY: 'bad-input',
  ERR_INDEX_CACHE_DIR: 'bad-input',
  ERR_PUBLISHED_BEFORE_HISTORY: 'unresolved',
  ERR_NONE_FOUND_AT_PUBLISH: 'unresolved',
  ERR_INDEX_CLONE: 'upstream',
  ERR_INDEX_FETCH: 'upstream',
  ERR_INDEX_LIST: 'upstream',
  ERR_INDEX_READ: 'upstream',
  ERR_NO_REPOSITORIES: 'upstream',
  ERR_SHALLOW_REPOSITORY: 'upstream',
  ERR_READ: 'upstream',
  ERR_ABORTED: 'unavailable',
  ERR_INDEX_ABORTED: 'unavailable',
  ERR_INDEX_CLOSED: 'unavailable',
  ERR_INDEX_CAPACITY: 'unavailable',
  ERR_INDEX_LOCKED: 'unavailable',
  ERR_SHUTTING_DOWN: 'unavailable',
  ERR_WORKER_LOST: 'internal',
};

/** Failures that may pass on their own soon (a damaged read is often a clone being replaced). */
const SOON = new Set(['unavailable']);

/** What `error` (anything a resolution can throw) means for the caller. */
export function classifyResolutionFailure(error: unknown, now = Date.now()): ResolutionFailure {
  const known = error instanceof Error ? (error as Error & { code?: unknown; hint?: unknown }) : undefined;
  const code = typeof known?.code === 'string' ? known.code : undefined;
  if (known !== undefined && code === 'ERR_REGISTRY_OUT_OF_DATE') {
    const { nextUpdateTime, updateIntervalMs } = known as unknown as RegistryOutOfDateError;
    const untilUpdate = Math.ceil((nextUpdateTime.getTime() - now) / 1000);
    const retryAfter = untilUpdate > 0 ? untilUpdate : Math.ceil(updateIntervalMs / 1000);
    return failure('out-of-date', code, known, Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, retryAfter)));
  }
  const kind = code === undefined ? undefined : KINDS[code as keyof typeof KINDS];
  if (known === undefined || code === undefined || kind === undefined || kind === 'internal') {
    return { kind: 'internal', code: 'ERR_INTERNAL', message: 'internal error', hint: 'the log has the details' };
  }
  return failure(kind, code, known, SOON.has(kind) || code === 'ERR_READ' ? SOON_SECONDS : undefined);
}

function failure(kind: ResolutionFailureKind, code: string, error: Error & { hint?: unknown }, retryAfterSeconds?: number): ResolutionFailure {
  const hint = typeof error.hint === 'string' && error.hint !== '' ? error.hint : undefined;
  return { kind, code, message: error.message, hint, retryAfterSeconds };
}
