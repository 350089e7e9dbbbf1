/** The seam between the manager (scheduling) and the fetcher of each repository kind. */
import type { CacheDirectory } from './CacheDirectory.js';
import type { ManagedRepository } from './ManagedRepository.js';
import type { ManagerEvents } from './ManagerEvents.js';
import type { SharedOperation, Ticket } from './SharedOperation.js';
import type { CloneFunction, FetchFunction } from './Transport.js';
import { untilAborted } from './untilAborted.js';

/**
 * What varies by repository kind: how a repository is made ready for a request. The manager
 * schedules (who waits for what, capacity, handles); a fetcher brings one repository up to date.
 * `CurrentIndexFetcher` clones the live index, then refreshes it when due; `SnapshotFetcher`
 * clones an archived snapshot once (it never changes).
 */
export interface RepositoryFetcher {
  /** Resolves when `entry` is usable for the request: cloned, and for the current index refreshed when due and covering `contains`. */
  prepare(entry: ManagedRepository, request: FetchRequestContext): Promise<void>;
}

/** One request's part in a {@link RepositoryFetcher.prepare} call. */
export interface FetchRequestContext {
  /** The time the current index must cover (`getRepositories`'s `contains`). */
  contains: Date | undefined;
  /** Fires when the request is cancelled, fails elsewhere, or the manager closes. */
  signal: AbortSignal;
  /** The operations the request joined; the manager leaves them when the request ends. */
  tickets: Array<Ticket<void>>;
}

/** What a fetcher may use of its manager. */
export interface FetcherContext {
  readonly dir: CacheDirectory;
  readonly clone: CloneFunction;
  readonly fetch: FetchFunction;
  readonly events: ManagerEvents;
  readonly updateIntervalMs: number;
  now(): Date;
  /** Settles once an eviction of `name` that is still moving its directory aside is done. */
  evicting(name: string): Promise<void> | undefined;
  /** Background work the manager's `close()` waits for. */
  track(promise: Promise<unknown>): void;
  /** A clone failed: the manager forgets `entry`, so that the next request clones it again. */
  forget(entry: ManagedRepository): void;
}

/**
 * Joins `operation` for the request (starting a new one with `start` when there is none, or the
 * last one was abandoned by every waiter) and waits for it, or for the request's signal.
 */
export function joinOperation(
  current: SharedOperation<void> | undefined,
  start: (previous: SharedOperation<void> | undefined) => SharedOperation<void>,
  request: FetchRequestContext,
): Promise<void> {
  request.signal.throwIfAborted();
  const operation = !current || current.abandoned ? start(current) : current;
  const ticket = operation.join();
  request.tickets.push(ticket);
  return untilAborted(ticket.promise, request.signal);
}
