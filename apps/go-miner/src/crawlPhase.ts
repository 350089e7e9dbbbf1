import type { HttpPool } from '@registry-miners/http-pool';
import { crawlIndexSharded, DEFAULT_SHARD_COUNT, FIRST_INDEX_TIMESTAMP, parseIndexTimestamp, planShards } from '@registry-miners/go-index';
import type { IndexEntry, ShardPage, ShardState } from '@registry-miners/go-index';
import type { RecordPut } from '@registry-miners/checkpoint-store';
import { debugStop } from './debugStop.js';
import type { ProgressReporter } from './progress/ProgressReporter.js';
import { compareIndexPosition } from './state/compareIndexPosition.js';
import type { CrawlCounters, MinerState } from './state/MinerState.js';
import type { ModuleRecord } from './state/ModuleRecord.js';
import { COLLECTIONS, CURSORS, firstAppearanceKey } from './state/stateKeys.js';

export interface CrawlPhaseOptions {
  state: MinerState;
  pool: HttpPool;
  indexUrl: string;
  /** Ask the index for every version (`include=all`). @default false */
  includeAll?: boolean;
  /** Shards of a fresh plan, and shards crawled at once. @default 16 */
  shards?: number;
  /** Entries per index request. @default 2000 */
  pageLimit?: number;
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

export interface CrawlPhaseResult {
  /** This run: pages committed, new entries read, modules first seen, modules with a newer version. */
  pages: number;
  entries: number;
  newModules: number;
  changedModules: number;
  /** The crawl continued a plan interrupted earlier. */
  resumed: boolean;
  /** The crawl was a refresh after a complete one (only entries after the last cursor). */
  refresh: boolean;
  durationMs: number;
}

/** Summary of one page's entries for one module. */
interface PathUpdate {
  first: IndexEntry;
  newest: IndexEntry;
}

/**
 * Crawls the index into the `modules` collection. Each page's module updates are committed together
 * with the whole shard plan in one checkpoint step, so a crash at any moment loses at most pages that
 * will be read again, and never applies one twice. Records merge idempotently: first appearance is the
 * minimum and newest version the maximum by (micros, ordinal), whatever order shards deliver pages in.
 *
 * A state whose crawl completed is refreshed: its plan is reopened at the last cursor, so only entries
 * added to the index since then are read.
 */
export async function crawlPhase(options: CrawlPhaseOptions): Promise<CrawlPhaseResult> {
  const { state, pool, indexUrl, signal, progress } = options;
  const store = state.store;
  const started = Date.now();
  const shardCount = options.shards ?? DEFAULT_SHARD_COUNT;
  let plan = store.cursor<ShardState[]>(CURSORS.crawlShards);
  const resumed = plan !== undefined && !state.crawlComplete();
  let refresh = false;
  if (plan === undefined) {
    plan = planShards(shardCount);
    store.commit({ cursors: { [CURSORS.crawlShards]: plan, [CURSORS.crawlComplete]: false } });
  } else if (state.crawlComplete()) {
    plan = reopenPlan(plan);
    refresh = true;
    store.commit({ cursors: { [CURSORS.crawlShards]: plan, [CURSORS.crawlComplete]: false } });
  }
  const counters: CrawlCounters = { ...state.crawlCounters() };
  const result: CrawlPhaseResult = { pages: 0, entries: 0, newModules: 0, changedModules: 0, resumed, refresh, durationMs: 0 };
  const coverage = new TimeCoverage(plan);

  const pages = crawlIndexSharded({
    pool,
    indexUrl,
    shards: plan,
    concurrency: shardCount,
    includeAll: options.includeAll ?? false,
    ...(options.pageLimit === undefined ? {} : { limit: options.pageLimit }),
    ...(signal === undefined ? {} : { signal }),
  });
  for await (const page of pages) {
    const applied = applyPage(state, page, counters);
    result.pages++;
    result.entries += page.entries.length;
    result.newModules += applied.newModules;
    result.changedModules += applied.changedModules;
    if (progress) {
      const fraction = coverage.fraction(page.shards);
      progress.update('pages', result.pages, fraction > 0.001 && fraction < 1 ? Math.max(result.pages, Math.round(result.pages / fraction)) : undefined);
      progress.update('entries', result.entries);
      progress.update('modules', counters.modules);
    }
    debugStop('crawl', result.pages);
  }
  store.commit({ cursors: { [CURSORS.crawlComplete]: true } });
  progress?.finish('pages');
  progress?.finish('entries');
  progress?.finish('modules');
  result.durationMs = Date.now() - started;
  return result;
}

/** Merges one page into the store: one commit with the module updates, the plan and the counters. */
export function applyPage(state: MinerState, page: ShardPage, counters: CrawlCounters): { newModules: number; changedModules: number } {
  const store = state.store;
  const updates = new Map<string, PathUpdate>();
  for (const entry of page.entries) {
    const known = updates.get(entry.path);
    if (!known) {
      updates.set(entry.path, { first: entry, newest: entry });
      continue;
    }
    // Within a page entries come in feed order, but compare anyway: it costs little.
    if (entry.micros < known.first.micros || (entry.micros === known.first.micros && entry.ordinal < known.first.ordinal)) known.first = entry;
    if (entry.micros > known.newest.micros || (entry.micros === known.newest.micros && entry.ordinal > known.newest.ordinal)) known.newest = entry;
  }
  const paths = [...updates.keys()];
  const existing = paths.length > 0 ? store.getMany<ModuleRecord>(COLLECTIONS.modules, paths) : new Map<string, ModuleRecord>();
  const puts: RecordPut[] = [];
  const deletes: Array<{ collection: string; key: string }> = [];
  const moved: Array<{ path: string; oldKey: string; newKey: string }> = [];
  let newModules = 0;
  let changedModules = 0;
  for (const [path, update] of updates) {
    const firstMicros = update.first.micros.toString();
    const newestMicros = update.newest.micros.toString();
    const record = existing.get(path);
    if (!record) {
      newModules++;
      puts.push(
        {
          collection: COLLECTIONS.modules,
          key: path,
          value: {
            first: [firstMicros, update.first.ordinal],
            newest: { version: update.newest.version, timestamp: update.newest.timestamp, micros: newestMicros, ordinal: update.newest.ordinal },
            pending: true,
          } satisfies ModuleRecord,
        },
        { collection: COLLECTIONS.pending, key: path, value: 1 },
        { collection: COLLECTIONS.unassigned, key: firstAppearanceKey(firstMicros, update.first.ordinal, path), value: path },
      );
      continue;
    }
    let changed = false;
    if (compareIndexPosition(firstMicros, update.first.ordinal, record.first[0], record.first[1]) < 0) {
      moved.push({
        path,
        oldKey: firstAppearanceKey(record.first[0], record.first[1], path),
        newKey: firstAppearanceKey(firstMicros, update.first.ordinal, path),
      });
      record.first = [firstMicros, update.first.ordinal];
      changed = true;
    }
    if (compareIndexPosition(newestMicros, update.newest.ordinal, record.newest.micros, record.newest.ordinal) > 0) {
      record.newest = { version: update.newest.version, timestamp: update.newest.timestamp, micros: newestMicros, ordinal: update.newest.ordinal };
      if (record.newest.version !== record.lookup?.forVersion || record.lookup?.status === 'failed') {
        if (!record.pending) {
          record.pending = true;
          puts.push({ collection: COLLECTIONS.pending, key: path, value: 1 });
          changedModules++;
        }
      }
      changed = true;
    }
    if (changed) puts.push({ collection: COLLECTIONS.modules, key: path, value: record });
  }
  if (moved.length > 0) {
    // A module whose first appearance moved earlier keeps its place in ID order only while it has no ID.
    const stillUnassigned = store.getMany<string>(COLLECTIONS.unassigned, moved.map((move) => move.oldKey));
    for (const move of moved) {
      if (!stillUnassigned.has(move.oldKey)) continue;
      deletes.push({ collection: COLLECTIONS.unassigned, key: move.oldKey });
      puts.push({ collection: COLLECTIONS.unassigned, key: move.newKey, value: move.path });
    }
  }
  counters.pages++;
  counters.entries += page.entries.length;
  counters.modules += newModules;
  store.commit({ put: puts, delete: deletes, cursors: { [CURSORS.crawlShards]: page.shards, [CURSORS.crawlCounters]: counters } });
  return { newModules, changedModules };
}

/**
 * A finished plan reopened for a refresh: its open-ended last shard continues from its cursor (the last
 * entry taken, with the entries already taken at that instant), so only newer entries are read.
 */
export function reopenPlan(plan: ShardState[]): ShardState[] {
  return plan.map((shard) => (shard.end === null ? { ...shard, done: false } : { ...shard }));
}

/** Fraction of the index's time span (first entry → now) that the plan has covered: a progress estimate. */
class TimeCoverage {
  private readonly firstMicros = parseIndexTimestamp(FIRST_INDEX_TIMESTAMP);
  private readonly baseline: number;

  constructor(plan: ShardState[]) {
    this.baseline = this.covered(plan);
  }

  private covered(plan: ShardState[]): number {
    const now = BigInt(Date.now()) * 1000n;
    let covered = 0n;
    for (const shard of plan) {
      const start = shard.start === null ? this.firstMicros : parseIndexTimestamp(shard.start);
      const end = shard.end === null ? now : parseIndexTimestamp(shard.end);
      if (shard.done) covered += end - start;
      else if (shard.cursor) covered += parseIndexTimestamp(shard.cursor.since) - start;
    }
    return Number(covered) / Number(now - this.firstMicros);
  }

  /** Fraction of what was left at the start of this run that is now covered. */
  fraction(plan: ShardState[]): number {
    const left = 1 - this.baseline;
    if (left <= 0) return 1;
    return Math.max(0, Math.min(1, (this.covered(plan) - this.baseline) / left));
  }
}

