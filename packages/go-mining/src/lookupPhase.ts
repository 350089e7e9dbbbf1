import type { HttpPool } from '@registry-miners/http-pool';
import { lookupOrigin } from '@registry-miners/go-proxy-origin';
import { debugStop } from './debugStop.js';
import { abortError } from './errors/abortError.js';
import { GoMinerError } from './errors/GoMinerError.js';
import type { ProgressReporter } from '@registry-miners/progress';
import type { RepositoryInference } from './repository/RepositoryInference.js';
import type { IndexRecord } from './state/IndexRecord.js';
import { newestVersionOf } from './state/IndexRecord.js';
import type { LookupRecord, LookupStatus } from './state/LookupRecord.js';
import { LOOKUP_STATUSES, needsLookup } from './state/LookupRecord.js';
import type { LookupCounts, MinerState } from './state/MinerState.js';

type OriginOutcome = Awaited<ReturnType<typeof lookupOrigin>>;

const NETWORK_HINT =
  'Check --proxy-url (or GOPROXY) and this machine\'s network (connection, DNS, firewall); behind a proxy, set HTTPS_PROXY / HTTP_PROXY ' +
  '(and NO_PROXY for hosts to reach directly).';

export interface LookupPhaseOptions {
  state: MinerState;
  pool: HttpPool;
  /** Proxy base URL, e.g. `https://proxy.golang.org`. */
  proxyUrl: string;
  /** Lookups in flight. @default 128 */
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
  /**
   * Completes each record with the `hosts` / `go-get` sources; records made with other sources are
   * completed again without a new proxy request. @default undefined (Origin only)
   */
  repository?: RepositoryInference;
}

export interface LookupPhaseResult {
  /** Modules in the state. */
  modules: number;
  /** Modules that did not need a lookup (answered before for their newest version). */
  current: number;
  /** Lookups finished (and committed) by this phase, per status. */
  byStatus: LookupCounts;
  durationMs: number;
}

interface Work {
  path: string;
  newestVersion: string;
  previous: LookupRecord | undefined;
}

/**
 * Looks up, in the proxy, every module that needs it: never looked up, failed before, or with a newer
 * version in the index than the one it was looked up for. Modules stream from the store in key order
 * (the `modules` collection and the matching `lookups` records, page by page) into at most
 * `concurrency` lookups in flight; nothing is held for all modules at once. Results commit in batches
 * (every `batchSize` results or `batchIntervalMs`), each with the per-status counters: loaded in key
 * order straight into the table when most modules need a lookup, journaled otherwise. A module whose
 * lookup fails keeps an older definitive answer if it has one, and is retried by the next run; a final
 * failure (invalid path or version, a 431, a compression bomb) is recorded as `rejected`, an answer
 * that is not asked again for the same version.
 * On abort, unfinished lookups are dropped (still needed) and finished ones are committed.
 */
export async function lookupPhase(options: LookupPhaseOptions): Promise<LookupPhaseResult> {
  const { state, pool, proxyUrl, signal, progress } = options;
  const concurrency = options.concurrency ?? 128;
  const batchSize = options.batchSize ?? 1000;
  const giveUpAfter = options.giveUpAfterFailures ?? Math.max(2 * concurrency, 64);
  const started = Date.now();
  const modules = state.moduleCount();
  const counts = state.lookupCounts();
  const byStatus = Object.fromEntries(LOOKUP_STATUSES.map((status) => [status, 0])) as LookupCounts;
  const scan = { scanned: 0, current: 0 };
  let finished: Array<{ path: string; record: LookupRecord }> = [];
  let committed = 0;
  let failuresInARow = 0;
  let lastFailure = '';
  let fatal: GoMinerError | undefined;

  const report = (): void => {
    // Modules skipped as current count as done: the bar covers every module.
    progress?.update('lookup', scan.current + committed, modules);
    progress?.note('lookup', describeCounts(byStatus));
  };
  // A pass that looks up most modules (the first, or its resumption) writes its results straight into
  // the table in key order, where they belong; a refresh's few, scattered ones go through the journal.
  const dense = state.lookedUpCount() < modules / 2;
  const flush = (): void => {
    if (finished.length === 0) return;
    const batch = finished;
    finished = [];
    if (dense) state.loadLookups(batch.sort(byPath), counts);
    else state.commitLookups(batch, counts);
    committed += batch.length;
    report();
    debugStop('lookup', committed);
  };

  const { repository } = options;
  const stale = (previous: LookupRecord | undefined, version: string): boolean =>
    needsLookup(previous, version) || (repository !== undefined && !repository.isCurrent(previous!));
  const work = modulesNeedingLookup(state, scan, stale);
  const worker = async (): Promise<void> => {
    while (!signal?.aborted && !fatal) {
      const next = work.next();
      if (next.done) return;
      const { path, newestVersion, previous } = next.value;
      let lookup: LookupRecord;
      if (previous !== undefined && !needsLookup(previous, newestVersion)) {
        lookup = previous; // the proxy's answer is current; only the repository sources changed
      } else {
        let outcome: OriginOutcome;
        try {
          outcome = await lookupOrigin(pool, proxyUrl, path, newestVersion, { signal });
        } catch (error) {
          // lookupOrigin rejects only when aborted or for invalid arguments: record the latter as a failure.
          outcome = { status: 'failed', final: false, reason: error instanceof Error ? error.message : String(error) };
        }
        if (signal?.aborted || fatal) return; // unfinished: still needed
        lookup = toLookupRecord(outcome, newestVersion, Date.now());
      }
      if (repository) {
        try {
          const completed = repository.complete(path, lookup, signal);
          lookup = completed instanceof Promise ? await completed : completed;
        } catch (error) {
          if (signal?.aborted) return;
          throw error;
        }
      }
      byStatus[lookup.status]++;
      if (lookup.status === 'failed') {
        failuresInARow++;
        lastFailure = lookup.code ? `${lookup.code}: ${lookup.reason}` : (lookup.reason ?? '');
        if (failuresInARow >= giveUpAfter) {
          fatal = new GoMinerError(
            'ERR_PROXY_UNAVAILABLE',
            `The Go module proxy ${proxyUrl} failed ${failuresInARow} lookups in a row (last: ${lastFailure}); stopped looking up.`,
            { hint: `${NETWORK_HINT} All state is kept: run \`go-miner lookup\` (or \`go-miner\`) again to continue.` },
          );
        }
      } else {
        failuresInARow = 0;
      }
      finished.push({ path, record: merge(previous, lookup, counts) });
      if (finished.length >= batchSize) flush();
    }
  };

  report();
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
    throw new GoMinerError('ERR_PROXY_UNAVAILABLE', `The Go module proxy ${proxyUrl} answered none of ${byStatus.failed} lookups (last: ${lastFailure}).`, {
      hint: `${NETWORK_HINT} All state is kept: run \`go-miner lookup\` (or \`go-miner\`) again to retry them.`,
    });
  }
  progress?.finish('lookup');
  return { modules, current: scan.current, byStatus, durationMs: Date.now() - started };
}

/** Modules that need a lookup, in key order, read page by page with their previous lookup records. */
function* modulesNeedingLookup(
  state: MinerState,
  scan: { scanned: number; current: number },
  stale: (previous: LookupRecord | undefined, newestVersion: string) => boolean,
  pageSize = 512,
): Generator<Work> {
  let page: Array<[string, IndexRecord]> = [];
  // A first lookup phase finds no record ahead of the modules it yielded: it skips those reads.
  const noLookups = new Map<string, LookupRecord>();
  const anyLookups = state.lookedUpCount() > 0;
  const drain = function* (): Generator<Work> {
    const lookups = anyLookups ? state.lookupRecords(page.map(([path]) => path)) : noLookups;
    const current = page;
    page = [];
    for (const [path, record] of current) {
      scan.scanned++;
      const previous = lookups.get(path);
      const newestVersion = newestVersionOf(record);
      if (stale(previous, newestVersion)) yield { path, newestVersion, previous };
      else scan.current++;
    }
  };
  for (const entry of state.modules()) {
    page.push(entry);
    if (page.length >= pageSize) yield* drain();
  }
  yield* drain();
}

/** Module paths are ASCII (go-index checks them): UTF-16 order is the store's key order. */
function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : 1;
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
    case 'failed': {
      const status = outcome.final ? 'rejected' : 'failed';
      return outcome.code ? { status, forVersion, reason: outcome.reason, code: outcome.code, at } : { status, forVersion, reason: outcome.reason, at };
    }
  }
}

/**
 * The record to store after a lookup, keeping the per-status counters in step: a definitive answer
 * replaces whatever was there; a failure replaces only another failure (or nothing), and is otherwise
 * noted beside the older definitive answer, which still stands.
 */
function merge(previous: LookupRecord | undefined, lookup: LookupRecord, counts: LookupCounts): LookupRecord {
  if (lookup.status === 'failed' && previous !== undefined && previous.status !== 'failed') {
    const retry: NonNullable<LookupRecord['retry']> = { forVersion: lookup.forVersion, reason: lookup.reason ?? '', at: lookup.at };
    if (lookup.code) retry.code = lookup.code;
    return { ...previous, retry };
  }
  if (previous !== undefined) counts[previous.status as LookupStatus]--;
  counts[lookup.status]++;
  return lookup;
}

export function describeCounts(counts: Partial<LookupCounts>): string {
  return LOOKUP_STATUSES.filter((status) => (counts[status] ?? 0) > 0)
    .map((status) => `${status} ${counts[status]}`)
    .join(', ');
}
