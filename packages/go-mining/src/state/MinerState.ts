import { existsSync } from 'node:fs';
import { CheckpointStore } from '@registry-miners/checkpoint-store';
import { GoMinerError } from '../errors/GoMinerError.js';
import { COLLECTIONS, CURSORS } from './stateKeys.js';
import { LOOKUP_STATUSES } from './LookupRecord.js';
import type { LookupStatus } from './LookupRecord.js';

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

const SCHEMA = 2;

/** go-miner's view of its checkpoint store: config binding, counters, collection names. */
export class MinerState {
  readonly store: CheckpointStore;
  readonly dir: string;

  private constructor(store: CheckpointStore, dir: string) {
    this.store = store;
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
    return this.store.cursor<StateConfig>(CURSORS.config);
  }

  /**
   * Binds a fresh state directory to an index URL and mode, or checks that an existing one was made for the same:
   * mixing feeds would mix first-appearance orders and corrupt the IDs.
   */
  bind(indexUrl: string, includeAll: boolean): void {
    const existing = this.config();
    if (!existing) {
      this.store.commit({ cursors: { [CURSORS.config]: { schema: SCHEMA, indexUrl, includeAll } satisfies StateConfig } });
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
    return this.store.cursor<boolean>(CURSORS.crawlComplete) === true;
  }

  crawlCounters(): CrawlCounters {
    return this.store.cursor<CrawlCounters>(CURSORS.crawlCounters) ?? { pages: 0, entries: 0 };
  }

  /** The ID generation modules created by the crawl now get (see assignIds). */
  generation(): number {
    return this.store.cursor<number>(CURSORS.idsGeneration) ?? 1;
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
    return this.store.cursor<number>(CURSORS.idsNext) ?? 1;
  }

  lookupCounts(): LookupCounts {
    const stored = this.store.cursor<Partial<LookupCounts>>(CURSORS.lookupCounts) ?? {};
    const counts = {} as LookupCounts;
    for (const status of LOOKUP_STATUSES) counts[status] = stored[status] ?? 0;
    return counts;
  }

  moduleCount(): number {
    return this.store.count(COLLECTIONS.modules);
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
    return this.idsComplete() || (this.nextId() > 1 && this.store.cursor(CURSORS.idsAssigning) === undefined);
  }

  close(): void {
    this.store.close();
  }
}
