import type { HttpPool } from '@registry-miners/http-pool';
import { lookupOrigin } from '@registry-miners/go-proxy-origin';
import { debugStop } from './debugStop.js';
import { GoMinerError } from './errors/GoMinerError.js';
import type { ProgressReporter } from './progress/ProgressReporter.js';
import type { LookupRecord, LookupStatus } from './state/LookupRecord.js';
import { LOOKUP_STATUSES } from './state/LookupRecord.js';
import type { LookupCounts, MinerState } from './state/MinerState.js';
import type { ModuleRecord } from './state/ModuleRecord.js';
import { COLLECTIONS, CURSORS } from './state/stateKeys.js';

type OriginOutcome = Awaited<ReturnType<typeof lookupOrigin>>;

export interface LookupPhaseOptions {
  state: MinerState;
  pool: HttpPool;
  /** Proxy base URL, e.g. `https://proxy.golang.org`. */
  proxyUrl: string;
  /** Lookups in flight. @default 64 */
  concurrency?: number;
  signal?: AbortSignal;
  progress?: ProgressReporter;
  /** Results per commit. @default 1000 */
  batchSize?: number;
  /** Longest time a finished result waits for its commit. @default 1000 */
  batchIntervalMs?: number;
  /**
   * Give up (ERR_PROXY_UNAVAILABLE) after this many failed lookups in a row without a single answer:
   * the proxy is unreachable or broken, and failing the remaining modules one by one would take hours.
   * @default max(2 × concurrency, 64)
   */
  giveUpAfterFailures?: number;
}

export interface LookupPhaseResult {
  /** Modules waiting for a lookup when the phase started. */
  pending: number;
  /** Lookups finished (and committed) by this phase, per status. */
  byStatus: LookupCounts;
  durationMs: number;
}

interface Finished {
  path: string;
  record: ModuleRecord;
  keepPending: boolean;
}

/**
 * Looks up every module of the `pending` collection (new modules, modules with a newer version, and
 * earlier failures) in the proxy, at most `concurrency` at a time, streaming them from the store in key
 * pages. Results commit in batches (every `batchSize` results or `batchIntervalMs`), each batch with the
 * per-status counters. A failed lookup stays pending, so the next run retries it; when an older
 * definitive answer exists, that answer is kept and the failure is only noted.
 * On abort, unfinished lookups are dropped (still pending) and the finished ones are committed.
 */
export async function lookupPhase(options: LookupPhaseOptions): Promise<LookupPhaseResult> {
  const { state, pool, proxyUrl, signal, progress } = options;
  const concurrency = options.concurrency ?? 64;
  const batchSize = options.batchSize ?? 1000;
  const giveUpAfter = options.giveUpAfterFailures ?? Math.max(2 * concurrency, 64);
  const store = state.store;
  const started = Date.now();
  const pending = state.pendingCount();
  const counts = state.lookupCounts();
  const byStatus = Object.fromEntries(LOOKUP_STATUSES.map((status) => [status, 0])) as LookupCounts;
  let finished: Finished[] = [];
  let committed = 0;
  let failuresInARow = 0;
  let lastFailure = '';
  let fatal: GoMinerError | undefined;

  const flush = (): void => {
    if (finished.length === 0) return;
    const batch = finished;
    finished = [];
    store.commit({
      put: batch.map(({ path, record }) => ({ collection: COLLECTIONS.modules, key: path, value: record })),
      delete: batch.filter((item) => !item.keepPending).map(({ path }) => ({ collection: COLLECTIONS.pending, key: path })),
      cursors: { [CURSORS.lookupCounts]: counts },
    });
    committed += batch.length;
    progress?.update('lookup', committed, pending);
    progress?.note('lookup', describeCounts(byStatus));
    debugStop('lookup', committed);
  };

  const work = pendingRecords(state);
  const worker = async (): Promise<void> => {
    while (!signal?.aborted && !fatal) {
      const next = work.next();
      if (next.done) return;
      const { path, record } = next.value;
      let outcome: OriginOutcome;
      try {
        outcome = await lookupOrigin(pool, proxyUrl, path, record.newest.version, signal ? { signal } : {});
      } catch (error) {
        // lookupOrigin rejects only when aborted or for invalid arguments: record the latter as a failure.
        outcome = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
      if (signal?.aborted || fatal) return; // unfinished: stays pending
      const lookup = toLookupRecord(outcome, record.newest.version, Date.now());
      byStatus[lookup.status]++;
      if (lookup.status === 'failed') {
        failuresInARow++;
        lastFailure = lookup.code ? `${lookup.code}: ${lookup.reason}` : (lookup.reason ?? '');
        if (failuresInARow >= giveUpAfter) {
          fatal = new GoMinerError(
            'ERR_PROXY_UNAVAILABLE',
            `The Go module proxy ${proxyUrl} failed ${failuresInARow} lookups in a row (last: ${lastFailure}); stopped looking up.`,
            { hint: 'Check --proxy-url and the network. All state is kept: run `go-miner lookup` (or `go-miner`) again to continue.' },
          );
        }
      } else {
        failuresInARow = 0;
      }
      finished.push(applyLookup(path, record, lookup, counts));
      if (finished.length >= batchSize) flush();
    }
  };

  progress?.update('lookup', 0, pending);
  const timer = setInterval(flush, options.batchIntervalMs ?? 1000);
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(timer);
    flush();
  }
  if (fatal) throw fatal;
  if (signal?.aborted) throw abortError(signal);
  const answered = byStatus.found + byStatus['no-origin'] + byStatus['not-found'];
  if (byStatus.failed > 0 && answered === 0) {
    throw new GoMinerError(
      'ERR_PROXY_UNAVAILABLE',
      `The Go module proxy ${proxyUrl} answered none of ${byStatus.failed} lookups (last: ${lastFailure}).`,
      { hint: 'Check --proxy-url and the network. All state is kept: run `go-miner lookup` (or `go-miner`) again to retry them.' },
    );
  }
  progress?.finish('lookup');
  return { pending, byStatus, durationMs: Date.now() - started };
}

/** Pending modules with their records, read from the store in key pages. */
function* pendingRecords(state: MinerState, pageSize = 512): Generator<{ path: string; record: ModuleRecord }> {
  let keys: string[] = [];
  const drain = function* (): Generator<{ path: string; record: ModuleRecord }> {
    const records = state.store.getMany<ModuleRecord>(COLLECTIONS.modules, keys);
    for (const path of keys) {
      const record = records.get(path);
      if (record) yield { path, record };
    }
    keys = [];
  };
  for (const [path] of state.store.entries(COLLECTIONS.pending)) {
    keys.push(path);
    if (keys.length >= pageSize) yield* drain();
  }
  yield* drain();
}

function toLookupRecord(outcome: OriginOutcome, forVersion: string, at: number): LookupRecord {
  switch (outcome.status) {
    case 'found': {
      const record: LookupRecord = { status: 'found', forVersion, version: outcome.version, source: outcome.source, url: outcome.origin.url, at };
      if (outcome.origin.vcs) record.vcs = outcome.origin.vcs;
      if (outcome.origin.subdir) record.subdir = outcome.origin.subdir;
      if (outcome.origin.hash) record.hash = outcome.origin.hash;
      if (outcome.origin.ref) record.ref = outcome.origin.ref;
      return record;
    }
    case 'no-origin':
      return outcome.version ? { status: 'no-origin', forVersion, version: outcome.version, at } : { status: 'no-origin', forVersion, at };
    case 'not-found':
      return { status: 'not-found', forVersion, httpStatus: outcome.httpStatus, reason: outcome.message, at };
    case 'failed':
      return outcome.code ? { status: 'failed', forVersion, reason: outcome.reason, code: outcome.code, at } : { status: 'failed', forVersion, reason: outcome.reason, at };
  }
}

/** Merges a lookup into a module record and keeps the per-status counters in step. */
function applyLookup(path: string, record: ModuleRecord, lookup: LookupRecord, counts: LookupCounts): Finished {
  const previous = record.lookup?.status as LookupStatus | undefined;
  if (lookup.status === 'failed' && previous !== undefined && previous !== 'failed') {
    // An older definitive answer stands; note the failure and retry next run.
    const retry: NonNullable<ModuleRecord['retry']> = { reason: lookup.reason ?? '', at: lookup.at };
    if (lookup.code) retry.code = lookup.code;
    return { path, record: { ...record, pending: true, retry }, keepPending: true };
  }
  if (previous !== undefined) counts[previous]--;
  counts[lookup.status]++;
  const { retry: _retry, pending: _pending, ...rest } = record;
  if (lookup.status === 'failed') return { path, record: { ...rest, pending: true, lookup }, keepPending: true };
  return { path, record: { ...rest, lookup }, keepPending: false };
}

export function describeCounts(counts: Partial<LookupCounts>): string {
  return LOOKUP_STATUSES.filter((status) => (counts[status] ?? 0) > 0)
    .map((status) => `${status} ${counts[status]}`)
    .join(', ');
}

export function abortError(signal: AbortSignal): GoMinerError {
  const reason = signal.reason;
  if (reason instanceof GoMinerError) return reason;
  return new GoMinerError('ERR_ABORTED', 'Interrupted; all finished work was saved.', { cause: reason });
}
