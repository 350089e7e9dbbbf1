import { checkInteger, display, expectedTypeError } from '@registry-miners/utils';
import { goDatasetKeys, type GoDatasetKeys } from './goDatasetKeys.js';
import { GoFeedFacts } from './GoFeedFacts.js';
import { GO_INDEX_PAGE, GoFeedTimeline } from './GoFeedTimeline.js';
import type { GoFeedView, GoIndexEntry } from './GoIndexEntry.js';
import { GoModuleCatalog } from './GoModuleCatalog.js';
import type { GoModuleBehaviour } from './goModuleBehaviour.js';
import type { GoModuleShape } from './goModuleShape.js';
import { GoProxyAnswers } from './GoProxyAnswers.js';
import type { GoProxyReply } from './GoProxyReply.js';
import { parseGoTimestampCeilUs } from './goTimestamps.js';
import { renderGoIndexPage } from './renderGoIndexPage.js';

/** Options of {@link SyntheticGoDataset}. */
export interface SyntheticGoDatasetOptions {
  /**
   * Number of entries in the `include=all` feed (the default feed omits about 2% of them).
   * An integer from 1 to 2^31 - 1; `entries * modules` must stay below 2^53.
   * @example 45_000_000
   */
  entries: number;
  /**
   * Number of distinct module paths in the `include=all` feed, from 1 to `entries`.
   * @example 2_500_000
   */
  modules: number;
  /**
   * Seed of every derived property; equal options give byte-identical feeds and ground truth.
   * @default 1
   */
  seed?: number;
}

/**
 * A deterministic synthetic Go module index of any size, computed entry by entry from its position
 * (never stored), with the proxy metadata of each module and the ground truth a correct go-miner
 * must produce.
 *
 * Entry `i` of the `include=all` feed: timestamps are non-decreasing in `i`, start at
 * `2019-04-10T19:08:52.997264Z`, get denser over time, come in runs of 1-6 equal timestamps (one run
 * straddles every multiple of 2000), have trailing zeros trimmed and are written `-07:00` in 2019.
 * Module `m` first appears at entry `floor(m * entries / modules)`; other entries are new versions of
 * an already-seen module. Versions encode `i`, so they are unique and increase per module in feed
 * order: the newest version of a module is its last appearance.
 *
 * This class checks arguments and composes the parts, one job each: {@link GoFeedTimeline}
 * (timestamps), {@link GoModuleCatalog} (modules and versions), `renderGoIndexPage` (the index's
 * pages), {@link GoFeedFacts} (per-module facts, computed once, lazily) and {@link GoProxyAnswers}
 * (what the proxy answers).
 *
 * @example
 * const dataset = new SyntheticGoDataset({ entries: 200_000, modules: 20_000 });
 * dataset.entry(0).timestamp; // '2019-04-10T19:08:52.997264Z'
 */
export class SyntheticGoDataset {
  /** Entries in the `include=all` feed. */
  readonly entryCount: number;
  /** Distinct module paths in the `include=all` feed. */
  readonly moduleCount: number;
  readonly seed: number;

  readonly #keys: GoDatasetKeys;
  readonly #timeline: GoFeedTimeline;
  readonly #catalog: GoModuleCatalog;
  readonly #proxy: GoProxyAnswers;
  #facts: GoFeedFacts | undefined;

  constructor(options: SyntheticGoDatasetOptions) {
    if (typeof options !== 'object' || options === null) throw expectedTypeError('options', 'an object of SyntheticGoDataset options', options);
    this.entryCount = checkInteger('entries', options.entries, { min: 1, max: 2 ** 31 - 1 });
    this.moduleCount = checkInteger('modules', options.modules, { min: 1, max: this.entryCount });
    this.seed = checkInteger('seed', options.seed ?? 1, { min: 0, max: 2 ** 32 - 1 });
    if (this.entryCount * this.moduleCount >= 2 ** 53) {
      throw new TypeError(`Expected \`entries * modules\` below 2^53, got ${this.entryCount} * ${this.moduleCount}`);
    }
    this.#keys = goDatasetKeys(this.seed);
    this.#timeline = new GoFeedTimeline(this.entryCount, this.#keys);
    this.#catalog = new GoModuleCatalog(this.entryCount, this.moduleCount, this.#keys);
    this.#proxy = new GoProxyAnswers(this.#catalog, this.#timeline, () => this.#prepared());
  }

  #checkEntry(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.entryCount) {
      throw new RangeError(`Expected an entry index from 0 to ${this.entryCount - 1}, got ${display(i)}`);
    }
    return i;
  }

  #checkModule(m: number): number {
    if (!Number.isInteger(m) || m < 0 || m >= this.moduleCount) {
      throw new RangeError(`Expected a module number from 0 to ${this.moduleCount - 1}, got ${display(m)}`);
    }
    return m;
  }

  #checkVersionOf(m: number, i: number): void {
    if (this.#catalog.moduleOf(this.#checkEntry(i)) !== this.#checkModule(m)) {
      throw new RangeError(`Entry ${i} is not a version of module ${m}`);
    }
  }

  // Timestamps.

  /** The instant of entry `i` in microseconds since the epoch. */
  instantUs(i: number): number {
    return this.#timeline.instantUs(this.#checkEntry(i));
  }

  /** The `Timestamp` of entry `i` as the index writes it. */
  timestamp(i: number): string {
    return this.#timeline.format(this.#timeline.instantUs(this.#checkEntry(i)));
  }

  /** First entry (0-based, `include=all` numbering) at or after an instant; `entryCount` if none. */
  firstIndexAtOrAfter(us: number): number {
    return this.#timeline.firstIndexAtOrAfter(us);
  }

  // Modules and versions.

  /** Whether the default feed (without `include=all`) lists entry `i`. */
  isServed(i: number): boolean {
    return this.#catalog.served(this.#checkEntry(i));
  }

  /** The entry at which module `m` first appears in the `include=all` feed. */
  firstEntryOf(m: number): number {
    return this.#catalog.firstEntry(this.#checkModule(m));
  }

  /** The module (0-based) of entry `i`. */
  moduleOfEntry(i: number): number {
    return this.#catalog.moduleOf(this.#checkEntry(i));
  }

  /** Path, repository and version style of module `m`. */
  moduleShape(m: number): GoModuleShape {
    return this.#catalog.moduleShape(this.#checkModule(m));
  }

  /** The path of module `m`. */
  modulePath(m: number): string {
    return this.#catalog.modulePath(this.#checkModule(m));
  }

  /** How the fake proxy treats module `m`. */
  moduleBehaviour(m: number): GoModuleBehaviour {
    return this.#catalog.moduleBehaviour(this.#checkModule(m));
  }

  /** The module number of a path (case-sensitive), or `undefined` if the dataset has no such module. */
  findModule(path: string): number | undefined {
    return this.#catalog.findModule(path);
  }

  /** The version of entry `i`. */
  versionOfEntry(i: number): string {
    return this.#catalog.versionOf(this.#catalog.moduleOf(this.#checkEntry(i)), i);
  }

  /** The entry whose module is `m` and version is `version`, or `undefined`. */
  findEntry(m: number, version: string): number | undefined {
    return this.#catalog.findEntry(m, version);
  }

  /** Entry `i` of the `include=all` feed. */
  entry(i: number): GoIndexEntry {
    this.#checkEntry(i);
    const m = this.#catalog.moduleOf(i);
    return {
      index: i,
      path: this.#catalog.modulePath(m),
      version: this.#catalog.versionOf(m, i),
      timestamp: this.#timeline.format(this.#timeline.instantUs(i)),
      served: this.#catalog.served(i),
    };
  }

  // The feed and its pages.

  /**
   * The entries of a feed in order, from `start` (inclusive) to `end` (exclusive), both in
   * `include=all` numbering; unserved entries are skipped unless `includeAll`.
   */
  *feed(options: { includeAll?: boolean; start?: number; end?: number } = {}): IterableIterator<GoIndexEntry> {
    const timeline = this.#timeline;
    const catalog = this.#catalog;
    const end = Math.min(options.end ?? this.entryCount, this.entryCount);
    let runStart = -1;
    let stamp = '';
    for (let i = options.start ?? 0; i < end; i++) {
      if (runStart < 0 || timeline.isRunStart(i)) {
        runStart = timeline.runStart(i);
        stamp = timeline.format(timeline.runInstantUs(runStart));
      }
      const served = catalog.served(i);
      if (!served && !options.includeAll) continue;
      const m = catalog.moduleOf(i);
      yield { index: i, path: catalog.modulePath(m), version: catalog.versionOf(m, i), timestamp: stamp, served };
    }
  }

  /**
   * A page of the index as the fake server writes it: NDJSON lines (ASCII) of up to `limit` entries
   * starting at entry `start` and ending before `end` (`include=all` numbering). `next` is where the
   * scan stopped.
   */
  renderPage(start: number, limit: number, includeAll: boolean, end = this.entryCount): { body: Buffer; count: number; next: number } {
    const parts = { entryCount: this.entryCount, moduleCount: this.moduleCount, keys: this.#keys, timeline: this.#timeline, catalog: this.#catalog };
    return renderGoIndexPage(parts, start, limit, includeAll, end);
  }

  /**
   * The body the fake index returns for `?since=<since>&limit=<limit>[&include=all]`.
   * @throws TypeError when `since` is not an RFC 3339 timestamp.
   */
  page(options: { since?: string; limit?: number; includeAll?: boolean } = {}): string {
    let start = 0;
    if (options.since !== undefined && options.since !== '') {
      const us = parseGoTimestampCeilUs(options.since);
      if (us === undefined) throw expectedTypeError('since', 'an RFC 3339 timestamp', options.since);
      start = this.firstIndexAtOrAfter(us);
    }
    return this.renderPage(start, options.limit ?? GO_INDEX_PAGE, options.includeAll ?? false).body.toString('latin1');
  }

  /** NDJSON of a range of a feed, the same lines the server writes (for equality tests of crawls). */
  feedNdjson(options: { includeAll?: boolean; start?: number; end?: number } = {}): string {
    return this.renderPage(options.start ?? 0, Number.MAX_SAFE_INTEGER, options.includeAll ?? false, options.end).body.toString('latin1');
  }

  // Per-module facts.

  /** Computes the per-module facts now rather than on first use (one pass over all entries). */
  prepare(): this {
    this.#prepared();
    return this;
  }

  #prepared(): GoFeedFacts {
    this.#facts ??= new GoFeedFacts(this.#catalog, this.entryCount, this.moduleCount);
    return this.#facts;
  }

  /** Number of entries in a feed (`include=all`: {@link entryCount}). */
  feedLength(view: GoFeedView = {}): number {
    return view.includeAll ? this.entryCount : this.#prepared().servedEntries;
  }

  /** Number of distinct module paths in a feed. */
  moduleCountIn(view: GoFeedView = {}): number {
    return view.includeAll ? this.moduleCount : this.#prepared().servedModules;
  }

  /** Modules in order of first appearance in a feed (the go-miner's ID order, 0-based positions). */
  *modulesInOrder(view: GoFeedView = {}): IterableIterator<number> {
    if (view.includeAll) {
      for (let m = 0; m < this.moduleCount; m++) yield m;
      return;
    }
    const facts = this.#prepared();
    for (let k = 0; k < facts.servedModules; k++) yield facts.servedOrder[k] as number;
  }

  /** The newest entry of module `m` in a feed (its last appearance), or -1 if the feed lacks it. */
  newestEntryOf(m: number, view: GoFeedView = {}): number {
    this.#checkModule(m);
    const facts = this.#prepared();
    return (view.includeAll ? facts.lastAll[m] : facts.lastServed[m]) as number;
  }

  // Proxy answers.

  /**
   * What `.info` of entry `i` (a version of module `m`) and then `@latest` answer, without rendering
   * bodies: the status and the `Origin.URL`, if any. `i` undefined asks `@latest` only.
   */
  proxyOutcome(m: number, i?: number): { status: 200 | 404 | 410; originUrl: string | undefined } {
    let outcome;
    if (i === undefined) {
      this.#checkModule(m);
      outcome = this.#proxy.latestOutcome(m);
    } else {
      this.#checkVersionOf(m, i);
      outcome = this.#proxy.infoOutcome(m, i);
    }
    if (outcome === 'origin') return { status: 200, originUrl: this.#catalog.moduleShape(m).repoUrl };
    return { status: outcome === 'plain' ? 200 : outcome, originUrl: undefined };
  }

  /** `GET $proxy/<module>/@v/<version>.info` for module `m` and entry `i` (which must be of module `m`). */
  infoReply(m: number, i: number): GoProxyReply {
    this.#checkVersionOf(m, i);
    return this.#proxy.infoReply(m, i);
  }

  /** `GET $proxy/<module>/@latest` for module `m`. */
  latestReply(m: number): GoProxyReply {
    return this.#proxy.latestReply(this.#checkModule(m));
  }

  /** `GET $proxy/<module>/@v/list`: some versions, unsorted, possibly none. */
  listReply(m: number): GoProxyReply {
    return this.#proxy.listReply(this.#checkModule(m));
  }

  /** `GET $proxy/<module>/@v/<version>.mod`: follows the `.info` status. */
  modReply(m: number, i: number): GoProxyReply {
    this.#checkVersionOf(m, i);
    return this.#proxy.modReply(m, i);
  }
}
