/**
 * The Go job's state directory behind named queries: what it was made for, the crawl's shard plan, run
 * list and counters, the `modules` (IndexRecord), `lookups` (LookupRecord), `ids` and `goget`
 * collections. Phases ask it questions and commit their steps through it; none reaches the store.
 */
import { existsSync } from 'node:fs';
import { CheckpointStore } from '@registry-miners/checkpoint-store';
import type { ShardState } from '@registry-miners/go-index';
import type { GoGetCacheEntry } from '@registry-miners/go-repository';
import { GoMinerError } from '../errors/GoMinerError.js';
import type { CrawlRuns } from './CrawlRuns.js';
import type { IndexRecord } from './IndexRecord.js';
import { COLLECTIONS, CURSORS, idFromKey, idKey } from './stateKeys.js';
import { LOOKUP_STATUSES } from './LookupRecord.js';
import type { LookupRecord, LookupStatus } from './LookupRecord.js';

/** What a state directory was made for; a directory is never reused for another feed. */
export interface StateConfig {
  schema: number;
  indexUrl: string;
  includeAll: boolean;
}

/** Cumulative crawl counters (all runs). */
export interface CrawlCounters {
  pages: number;
  entries: number;
}

export type LookupCounts = Record<LookupStatus, number>;

/** An ID assignment under way: its generation, and the ID of its first module. */
export interface IdAssignment {
  generation: number;
  /** The IDs handed out so far are `firstId` … `nextId() - 1`. */
  firstId: number;
}

const SCHEMA = 2;

export class MinerState {
  readonly #store: CheckpointStore;
  readonly dir: string;

  private constructor(store: CheckpointStore, dir: string) {
    this.#store = store;
    this.dir = dir;
  }

  /**
   * Opens the state directory (creating it unless `readonly`). Throws the store's CheckpointError when another
   * go-miner holds the lock, and a GoMinerError when a read-only open finds no state.
   */
  static open(dir: string, options: { readonly?: boolean } = {}): MinerState {
    if (options.readonly && !existsSync(dir)) {
      throw new GoMinerError('ERR_NO_STATE', `No go-miner state at ${dir}.`, {
        hint: 'Run `go-miner` (or `go-miner crawl`) first, or pass the --state-dir of an earlier run.',
      });
    }
    const store = CheckpointStore.open(dir, options.readonly ? { readonly: true } : {});
    const state = new MinerState(store, dir);
    const config = state.config();
    if (config && config.schema !== SCHEMA) {
      store.close();
      throw new GoMinerError(
        'ERR_STATE_VERSION',
        `The state directory ${dir} was written by an incompatible go-miner (state schema ${config.schema}, this one reads ${SCHEMA}).`,
        { hint: 'Use a fresh --state-dir.' },
      );
    }
    return state;
  }

  config(): StateConfig | undefined {
    return this.#store.cursor<StateConfig>(CURSORS.config);
  }

  /**
   * Binds a fresh state directory to an index URL and mode, or checks that an existing one was made for the same:
   * mixing feeds would mix first-appearance orders and corrupt the IDs.
   */
  bind(indexUrl: string, includeAll: boolean): void {
    const existing = this.config();
    if (!existing) {
      this.#store.commit({ cursors: { [CURSORS.config]: { schema: SCHEMA, indexUrl, includeAll } satisfies StateConfig } });
      return;
    }
    if (existing.indexUrl !== indexUrl || existing.includeAll !== includeAll) {
      const describe = (c: { indexUrl: string; includeAll: boolean }): string =>
        `${c.indexUrl}${c.includeAll ? ' with --include-all' : ''}`;
      throw new GoMinerError(
        'ERR_STATE_MISMATCH',
        `The state directory ${this.dir} belongs to ${describe(existing)}, not ${describe({ indexUrl, includeAll })}.`,
        {
          hint:
            `Pass --index-url ${existing.indexUrl}${existing.includeAll ? ' --include-all' : ''} to continue it, ` +
            'or choose another --state-dir for the new feed.',
        },
      );
    }
  }

  crawlComplete(): boolean {
    return this.#store.cursor<boolean>(CURSORS.crawlComplete) === true;
  }

  crawlCounters(): CrawlCounters {
    return this.#store.cursor<CrawlCounters>(CURSORS.crawlCounters) ?? { pages: 0, entries: 0 };
  }

  /** The ID generation modules created by the crawl now get (see assignIds). */
  generation(): number {
    return this.#store.cursor<number>(CURSORS.idsGeneration) ?? 1;
  }

  /** Modules without an ID yet (every module gets exactly one, so: modules − IDs handed out). */
  modulesWithoutId(): number {
    return this.moduleCount() - (this.nextId() - 1);
  }

  /** Some modules have no ID yet (new in a crawl, or an assignment was interrupted). */
  idsPending(): boolean {
    return this.modulesWithoutId() > 0;
  }

  nextId(): number {
    return this.#store.cursor<number>(CURSORS.idsNext) ?? 1;
  }

  lookupCounts(): LookupCounts {
    const stored = this.#store.cursor<Partial<LookupCounts>>(CURSORS.lookupCounts) ?? {};
    const counts = {} as LookupCounts;
    for (const status of LOOKUP_STATUSES) counts[status] = stored[status] ?? 0;
    return counts;
  }

  moduleCount(): number {
    return this.#store.count(COLLECTIONS.modules);
  }

  /**
   * Modules with a lookup record (definitive, or failed): the sum of the per-status counters, committed
   * with every batch of lookup records, so no count of the collection (a pass over its journal) is needed.
   */
  lookedUpCount(): number {
    const counts = this.lookupCounts();
    let total = 0;
    for (const status of LOOKUP_STATUSES) total += counts[status];
    return total;
  }

  /**
   * Modules without a definitive lookup: never looked up, or failed every time. (Modules whose answer is
   * for an older version, or whose last retry failed, still have a definitive one.)
   */
  unresolvedCount(): number {
    return this.moduleCount() - this.lookedUpCount() + this.lookupCounts().failed;
  }

  /** IDs are complete when the crawl finished and every module has one. */
  idsComplete(): boolean {
    return this.crawlComplete() && !this.idsPending();
  }

  /**
   * A complete crawl can be exported: this one, or the last one while a refresh is unfinished (it failed
   * or still runs) — its modules have IDs, the refresh's new ones get theirs when it completes.
   */
  hasCompleteCrawl(): boolean {
    return this.idsComplete() || (this.nextId() > 1 && this.#store.cursor(CURSORS.idsAssigning) === undefined);
  }

  // ---- crawl

  /** The shard plan of the crawl under way or last finished; `undefined` before the first crawl. */
  shardPlan(): ShardState[] | undefined {
    return this.#store.cursor<ShardState[]>(CURSORS.crawlShards);
  }

  /** The run files of the crawl under way, and its final merge's progress. */
  crawlRuns(): CrawlRuns | undefined {
    return this.#store.cursor<CrawlRuns>(CURSORS.crawlRuns);
  }

  /** Starts a crawl (the first, or a refresh) with this plan and no runs yet. */
  startCrawl(plan: readonly ShardState[], runs: CrawlRuns): void {
    this.#store.commit({ cursors: { [CURSORS.crawlShards]: plan, [CURSORS.crawlRuns]: runs, [CURSORS.crawlComplete]: false } });
  }

  /** One atomic step after a batch of pages: the plan after its last page, the run list naming it, the counters. */
  commitCrawlProgress(plan: readonly ShardState[] | undefined, runs: CrawlRuns, counters: CrawlCounters): void {
    this.#store.commit({ cursors: { [CURSORS.crawlShards]: plan, [CURSORS.crawlRuns]: runs, [CURSORS.crawlCounters]: counters } });
  }

  /** Writes merged module records in bulk, with the merge's progress (one fsynced step). */
  loadModules(records: Array<[string, IndexRecord]>, runs: CrawlRuns): void {
    this.#store.load({ collection: COLLECTIONS.modules, put: records, cursors: { [CURSORS.crawlRuns]: runs } });
  }

  /** Marks the crawl complete; its run list is gone. */
  completeCrawl(): void {
    this.#store.commit({ cursors: { [CURSORS.crawlComplete]: true, [CURSORS.crawlRuns]: undefined } });
  }

  /** The records of these modules (absent ones left out). */
  indexRecords(paths: readonly string[]): Map<string, IndexRecord> {
    return this.#store.getMany<IndexRecord>(COLLECTIONS.modules, paths);
  }

  /** Every module and its record, in path order. */
  modules(): IterableIterator<[string, IndexRecord]> {
    return this.#store.entries<IndexRecord>(COLLECTIONS.modules);
  }

  // ---- IDs

  idAssignment(): IdAssignment | undefined {
    return this.#store.cursor<IdAssignment>(CURSORS.idsAssigning);
  }

  startIdAssignment(assignment: IdAssignment): void {
    this.#store.commit({ cursors: { [CURSORS.idsAssigning]: assignment } });
  }

  /** Hands out IDs `firstId`, `firstId + 1`, … to `paths`, in order (one fsynced step). */
  loadIds(firstId: number, paths: readonly string[]): void {
    this.#store.load({
      collection: COLLECTIONS.ids,
      put: paths.map((path, index): [string, string] => [idKey(firstId + index), path]),
      cursors: { [CURSORS.idsNext]: firstId + paths.length },
    });
  }

  /** Ends the assignment of `generation`: modules the next crawl adds belong to the next one. */
  finishIdAssignment(generation: number): void {
    this.#store.commit({ cursors: { [CURSORS.idsGeneration]: generation + 1, [CURSORS.idsAssigning]: undefined } });
  }

  /** IDs handed out. */
  idCount(): number {
    return this.#store.count(COLLECTIONS.ids);
  }

  /** Every ID and its module path, in ID order. */
  *modulesById(): Generator<[number, string]> {
    for (const [key, path] of this.#store.entries<string>(COLLECTIONS.ids)) yield [idFromKey(key), path];
  }

  // ---- lookups

  /** The lookup records of these modules (never looked up: left out). */
  lookupRecords(paths: readonly string[]): Map<string, LookupRecord> {
    return this.#store.getMany<LookupRecord>(COLLECTIONS.lookups, paths);
  }

  /** Every module with a lookup record, and that record, in path order. */
  lookups(): IterableIterator<[string, LookupRecord]> {
    return this.#store.entries<LookupRecord>(COLLECTIONS.lookups);
  }

  /** Commits finished lookups with the counts per status they lead to (one atomic step). */
  commitLookups(finished: ReadonlyArray<{ path: string; record: LookupRecord }>, counts: LookupCounts): void {
    this.#store.commit({
      put: finished.map(({ path, record }) => ({ collection: COLLECTIONS.lookups, key: path, value: record })),
      cursors: { [CURSORS.lookupCounts]: counts },
    });
  }

  /**
   * Like {@link commitLookups}, straight into the key-ordered table (the store's `load()`): for a pass that
   * looks up most modules, whose results come in about key order, so each B-tree leaf is written once
   * instead of journaled and merged later. `finished` must be in ascending path order.
   */
  loadLookups(finished: ReadonlyArray<{ path: string; record: LookupRecord }>, counts: LookupCounts): void {
    this.#store.load({
      collection: COLLECTIONS.lookups,
      put: finished.map(({ path, record }): [string, LookupRecord] => [path, record]),
      cursors: { [CURSORS.lookupCounts]: counts },
    });
  }

  // ---- go-get answers

  goGetEntries(keys: readonly string[]): Map<string, GoGetCacheEntry> {
    return this.#store.getMany<GoGetCacheEntry>(COLLECTIONS.goGet, keys);
  }

  putGoGetEntry(key: string, entry: GoGetCacheEntry): void {
    this.#store.commit({ put: [{ collection: COLLECTIONS.goGet, key, value: entry }] });
  }

  close(): void {
    this.#store.close();
  }
}
