import { checkInteger, expectedTypeError } from '@registry-miners/utils';
import { behaviourFromHash, behaviourHasOrigin, type GoModuleBehaviour } from './goModuleBehaviour.js';
import {
  computeModulePath,
  computeModuleShape,
  computeVersionCode,
  moduleCandidates,
  type GoModuleShape,
  type GoModuleShapeKeys,
} from './goModuleShape.js';
import {
  formatGoSeconds,
  formatGoTimestamp,
  GO_INDEX_EPOCH_US,
  GO_ORIGIN_SINCE_US,
  parseGoTimestampCeilUs,
} from './goTimestamps.js';
import { floorDiv as floorDivImport, hashIndex as hashIndexImport, saltKey } from './hash.js';

// Local bindings: hot loops call these millions of times, and some module loaders (Vite's runner,
// CommonJS interop) turn every access to an imported binding into a getter call.
const hashIndex = hashIndexImport;
const floorDiv = floorDivImport;
const formatTimestamp = formatGoTimestamp;

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

/** One line of the index feed. */
export interface GoIndexEntry {
  /** 0-based position in the `include=all` feed. */
  readonly index: number;
  readonly path: string;
  readonly version: string;
  /** Exactly as the fake index writes it (trimmed zeros, `Z` or `-07:00`). */
  readonly timestamp: string;
  /** `false` for the ~2% of entries that only `include=all` returns. */
  readonly served: boolean;
}

/** `Origin` of a `.info` or `@latest` answer. */
export interface GoOrigin {
  VCS: string;
  URL: string;
  Subdir?: string;
  Hash: string;
  Ref?: string;
  TagPrefix?: string;
  [unknownField: string]: unknown;
}

/** Body of a successful `.info` or `@latest` answer. */
export interface GoVersionInfo {
  Version: string;
  Time: string;
  Origin?: GoOrigin;
  [unknownField: string]: unknown;
}

/** What the fake proxy answers for one URL, before faults. */
export type GoProxyReply =
  | { readonly status: 200; readonly contentType: string; readonly body: string; readonly info?: GoVersionInfo }
  | { readonly status: 404 | 410; readonly contentType: string; readonly body: string };

/** Which feed: the default one, or the `include=all` one. */
export type GoFeedView = { includeAll?: boolean };

const PAGE = 2000;
const PSEUDO_BASE_SECONDS = Date.UTC(2016, 0, 1) / 1000;
const END_US = Date.UTC(2026, 0, 1) * 1000;
const OFFSET_UNTIL_US = Date.UTC(2020, 0, 1, 7) * 1000;
/** Ratio of entries per day at the end of the feed to the start (the real index grows ~30% a year). */
const DENSITY_GROWTH = 6;
const LOG_DENSITY_GROWTH = Math.log(DENSITY_GROWTH);
/** Per mille of entries that the default feed omits. */
const UNSERVED_PER_MILLE = 20;
/** Most new versions belong to one of the modules introduced most recently (a sliding window). */
const RECENT_WINDOW = 1 << 15;
const SHAPE_CACHE_BITS = 12;
const PATH_CACHE_BITS = 16;
/** Upper bound of one NDJSON line (path < 90, version < 45, timestamp < 33, fixed text 40). */
const MAX_LINE_BYTES = 256;
/** A generous average line length, for the first buffer of a page (it grows when needed). */
const TYPICAL_LINE_BYTES = 150;
/** '0' … '9999': the patch part of plain versions without a number-to-string conversion per entry. */
const PATCHES = Array.from({ length: 10000 }, (_, k) => String(k));
const TEXT_PLAIN = 'text/plain; charset=UTF-8';
const JSON_TYPE = 'application/json';

const PURPOSES = {
  break: 1,
  served: 2,
  pick: 3,
  tsPlace: 4,
  tsRound: 5,
  kind: 6,
  name: 7,
  style: 8,
  version: 9,
  behaviour: 10,
  commit: 11,
  list: 12,
} as const;

interface DatasetMeta {
  /** Last entry of each module in the `include=all` feed. */
  readonly lastAll: Int32Array;
  /** Last served entry of each module, -1 when none. */
  readonly lastServed: Int32Array;
  /** Modules in order of first appearance in the default feed. */
  readonly servedOrder: Int32Array;
  readonly servedModules: number;
  readonly servedEntries: number;
}


function grow(buffer: Buffer, used: number): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, k) => k.toString(16).padStart(2, '0'));

/** Eight lowercase hex digits of a 32-bit value. */
function hex8(h: number): string {
  return (
    (HEX_PAIRS[(h >>> 24) & 255] as string) +
    HEX_PAIRS[(h >>> 16) & 255] +
    HEX_PAIRS[(h >>> 8) & 255] +
    HEX_PAIRS[h & 255]
  );
}

/** Makes V8 store a concatenated string flat, so that later copies do not walk its pieces again. */
function flat(text: string): string {
  // ToNumber flattens its argument in place; the result is irrelevant.
  void Number(text);
  return text;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
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
 * Per-module facts (last appearance, first-appearance order) are computed once, lazily, in one pass
 * over the entries (about 4 s of CPU for 45M entries) and kept in typed arrays (12 bytes per module).
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

  readonly #keys: Record<keyof typeof PURPOSES, number>;
  readonly #shapeKeys: GoModuleShapeKeys;
  readonly #spanUs: number;
  readonly #shapeCacheIds: Int32Array;
  readonly #shapeCache: (GoModuleShape | undefined)[];
  readonly #pathCacheIds: Int32Array;
  readonly #pathCache: string[];
  readonly #codeCache: Uint8Array;
  #meta: DatasetMeta | undefined;

  constructor(options: SyntheticGoDatasetOptions) {
    if (typeof options !== 'object' || options === null) throw expectedTypeError('options', 'an object of SyntheticGoDataset options', options);
    this.entryCount = checkInteger('entries', options.entries, { min: 1, max: 2 ** 31 - 1 });
    this.moduleCount = checkInteger('modules', options.modules, { min: 1, max: this.entryCount });
    this.seed = checkInteger('seed', options.seed ?? 1, { min: 0, max: 2 ** 32 - 1 });
    if (this.entryCount * this.moduleCount >= 2 ** 53) {
      throw new TypeError(`Expected \`entries * modules\` below 2^53, got ${this.entryCount} * ${this.moduleCount}`);
    }
    const keys = {} as Record<keyof typeof PURPOSES, number>;
    for (const [name, purpose] of Object.entries(PURPOSES)) keys[name as keyof typeof PURPOSES] = saltKey(this.seed, purpose);
    this.#keys = keys;
    this.#shapeKeys = { kind: keys.kind, name: keys.name, style: keys.style };
    this.#spanUs = END_US - GO_INDEX_EPOCH_US - this.entryCount;
    this.#shapeCacheIds = new Int32Array(1 << SHAPE_CACHE_BITS).fill(-1);
    this.#shapeCache = new Array<GoModuleShape | undefined>(1 << SHAPE_CACHE_BITS);
    this.#pathCacheIds = new Int32Array(1 << PATH_CACHE_BITS).fill(-1);
    this.#pathCache = new Array<string>(1 << PATH_CACHE_BITS).fill('');
    this.#codeCache = new Uint8Array(1 << PATH_CACHE_BITS);
  }

  // ---------------------------------------------------------------- timestamps

  /** Whether entry `i` starts a new run of equal timestamps. */
  #isRunStart(i: number): boolean {
    if (i <= 1) return true; // the first entry stands alone at the documented first instant
    const r = (i + 3) % PAGE;
    // One run of six straddles every multiple of 2000: entries 2000k-3 … 2000k+2.
    if (r < 6 && i >= PAGE - 3) return r === 0;
    if (r === 6 && i >= PAGE + 3) return true;
    if (i % 6 === 0) return true; // caps runs at six entries
    return hashIndex(this.#keys.break, i) % 100 < 45;
  }

  #runStart(i: number): number {
    let j = i;
    while (!this.#isRunStart(j)) j -= 1;
    return j;
  }

  /** Lower edge of the time slot of entry `s`: strictly increasing, denser towards the end. */
  #slotUs(s: number): number {
    const u = s / this.entryCount;
    const g = (this.#spanUs * Math.log(1 + u * (DENSITY_GROWTH - 1))) / LOG_DENSITY_GROWTH;
    return GO_INDEX_EPOCH_US + s + Math.floor(g);
  }

  /** The instant of the run starting at `s`, somewhere in its slot, with varied trailing zeros. */
  #runInstantUs(s: number): number {
    if (s === 0) return GO_INDEX_EPOCH_US;
    const lo = this.#slotUs(s);
    const hi = this.#slotUs(s + 1);
    const value = lo + Math.floor((hashIndex(this.#keys.tsPlace, s) / 2 ** 32) * (hi - lo));
    const roll = hashIndex(this.#keys.tsRound, s) % 100;
    let digits = roll < 18 ? 6 : roll < 24 ? 5 : roll < 34 ? 4 : roll < 46 ? 3 : roll < 58 ? 2 : roll < 70 ? 1 : 0;
    for (; digits > 0; digits -= 1) {
      const unit = 10 ** digits;
      const rounded = value + ((unit - (value % unit)) % unit);
      if (rounded < hi) return rounded;
    }
    return value;
  }

  #formatInstant(us: number): string {
    return formatTimestamp(us, us > GO_INDEX_EPOCH_US && us < OFFSET_UNTIL_US);
  }

  #instant(i: number): number {
    return this.#runInstantUs(this.#runStart(i));
  }

  #checkEntry(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.entryCount) {
      throw new RangeError(`Expected an entry index from 0 to ${this.entryCount - 1}, got ${JSON.stringify(i)}`);
    }
    return i;
  }

  #checkModule(m: number): number {
    if (!Number.isInteger(m) || m < 0 || m >= this.moduleCount) {
      throw new RangeError(`Expected a module number from 0 to ${this.moduleCount - 1}, got ${JSON.stringify(m)}`);
    }
    return m;
  }

  /** The instant of entry `i` in microseconds since the epoch. */
  instantUs(i: number): number {
    return this.#instant(this.#checkEntry(i));
  }

  /** The `Timestamp` of entry `i` as the index writes it. */
  timestamp(i: number): string {
    return this.#formatInstant(this.#instant(this.#checkEntry(i)));
  }

  /** First entry (0-based, `include=all` numbering) at or after an instant; `entryCount` if none. */
  firstIndexAtOrAfter(us: number): number {
    let lo = 0;
    let hi = this.entryCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#instant(mid) < us) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---------------------------------------------------------------- modules and versions

  /** Whether the default feed (without `include=all`) lists entry `i`. */
  isServed(i: number): boolean {
    return this.#served(this.#checkEntry(i));
  }

  #served(i: number): boolean {
    return i === 0 || hashIndex(this.#keys.served, i) % 1000 >= UNSERVED_PER_MILLE;
  }

  /** The entry at which module `m` first appears in the `include=all` feed. */
  firstEntryOf(m: number): number {
    return this.#firstEntry(this.#checkModule(m));
  }

  #firstEntry(m: number): number {
    return floorDiv(m * this.entryCount, this.moduleCount);
  }

  /** The module (0-based) of entry `i`. */
  moduleOfEntry(i: number): number {
    return this.#moduleOf(this.#checkEntry(i));
  }

  #moduleOf(i: number): number {
    // Modules introduced among entries 0..i: ceil((i + 1) * M / N).
    const introduced = floorDiv((i + 1) * this.moduleCount + this.entryCount - 1, this.entryCount);
    const newest = introduced - 1;
    if (this.#firstEntry(newest) === i) return newest;
    return this.#pickModule(i, introduced);
  }

  /** The module of a non-introducing entry `i`, given how many modules entries 0..i introduced. */
  #pickModule(i: number, introduced: number): number {
    const h = hashIndex(this.#keys.pick, i);
    if (h % 10 < 3) return (h >>> 4) % introduced; // any module seen so far (old modules get many versions)
    return introduced - 1 - ((h >>> 4) % Math.min(introduced, RECENT_WINDOW)); // a recently introduced one
  }

  /** Path, repository and version style of module `m`. */
  moduleShape(m: number): GoModuleShape {
    this.#checkModule(m);
    const slot = m & ((1 << SHAPE_CACHE_BITS) - 1);
    if (this.#shapeCacheIds[slot] === m) return this.#shapeCache[slot] as GoModuleShape;
    const shape = computeModuleShape(this.#shapeKeys, m);
    this.#shapeCacheIds[slot] = m;
    this.#shapeCache[slot] = shape;
    return shape;
  }

  /**
   * Caches the path and version code of module `m`; returns its cache slot. The cache is direct-mapped
   * and large enough for the recent-module window, which is where most entries' modules come from.
   */
  #pathSlot(m: number): number {
    const slot = m & ((1 << PATH_CACHE_BITS) - 1);
    if (this.#pathCacheIds[slot] !== m) {
      this.#pathCacheIds[slot] = m;
      this.#pathCache[slot] = flat(computeModulePath(this.#shapeKeys, m));
      this.#codeCache[slot] = computeVersionCode(this.#shapeKeys, m);
    }
    return slot;
  }

  /** The path of module `m`. */
  modulePath(m: number): string {
    return this.#pathCache[this.#pathSlot(this.#checkModule(m))] as string;
  }

  #versionCode(m: number): number {
    return this.#codeCache[this.#pathSlot(m)] as number;
  }

  /** How the fake proxy treats module `m`. */
  moduleBehaviour(m: number): GoModuleBehaviour {
    return behaviourFromHash(hashIndex(this.#keys.behaviour, this.#checkModule(m)));
  }

  /** The module number of a path (case-sensitive), or `undefined` if the dataset has no such module. */
  findModule(path: string): number | undefined {
    for (const m of moduleCandidates(path, this.moduleCount)) {
      if (this.modulePath(m) === path) return m;
    }
    return undefined;
  }

  /** The version of entry `i` given its module's version code (style * 16 + major). */
  #version(i: number, code: number): string {
    const h = hashIndex(this.#keys.version, i);
    const major = code & 15;
    if (code >>> 4 === 1) {
      const d = new Date((PSEUDO_BASE_SECONDS + i) * 1000);
      const stamp =
        d.getUTCFullYear() +
        pad2(d.getUTCMonth() + 1) +
        pad2(d.getUTCDate()) +
        pad2(d.getUTCHours()) +
        pad2(d.getUTCMinutes()) +
        pad2(d.getUTCSeconds());
      return `v${major}.0.0-${stamp}-${hex8(h)}${hex8(hashIndex(this.#keys.commit, i)).slice(0, 4)}`;
    }
    let version = 'v' + major + '.' + Math.floor(i / 10000) + '.' + (i % 10000);
    const pre = h % 25;
    if (pre === 0) version += '-rc.' + (1 + ((h >>> 8) % 4));
    else if (pre === 1) version += '-M' + (1 + ((h >>> 8) % 9)); // capitals: escaped as -!m3
    else if (pre === 2) version += '-beta.RC' + (1 + ((h >>> 8) % 3));
    else if (pre === 3) version += '-alpha';
    if (code >>> 4 === 2) version += '+incompatible';
    return version;
  }

  /** The version of entry `i`. */
  versionOfEntry(i: number): string {
    this.#checkEntry(i);
    return this.#version(i, this.#versionCode(this.#moduleOf(i)));
  }

  /** The entry whose module is `m` and version is `version`, or `undefined`. */
  findEntry(m: number, version: string): number | undefined {
    let i: number | undefined;
    const pseudo = /^v\d+\.0\.0-(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)-[0-9a-f]{12}$/.exec(version);
    if (pseudo) {
      const [, y, mo, d, h, mi, s] = pseudo.map(Number) as number[];
      i = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) / 1000 - PSEUDO_BASE_SECONDS;
    } else {
      const tagged = /^v\d+\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+incompatible)?$/.exec(version);
      if (tagged && tagged[2]!.length <= 4 && tagged[1]!.length <= 6) i = Number(tagged[1]) * 10000 + Number(tagged[2]);
    }
    if (i === undefined || !Number.isInteger(i) || i < 0 || i >= this.entryCount) return undefined;
    if (this.#moduleOf(i) !== m || this.#version(i, this.#versionCode(m)) !== version) return undefined;
    return i;
  }

  /** Entry `i` of the `include=all` feed. */
  entry(i: number): GoIndexEntry {
    this.#checkEntry(i);
    const m = this.#moduleOf(i);
    return {
      index: i,
      path: this.modulePath(m),
      version: this.#version(i, this.#versionCode(m)),
      timestamp: this.#formatInstant(this.#instant(i)),
      served: this.#served(i),
    };
  }

  /**
   * The entries of a feed in order, from `start` (inclusive) to `end` (exclusive), both in
   * `include=all` numbering; unserved entries are skipped unless `includeAll`.
   */
  *feed(options: { includeAll?: boolean; start?: number; end?: number } = {}): IterableIterator<GoIndexEntry> {
    const end = Math.min(options.end ?? this.entryCount, this.entryCount);
    let runStart = -1;
    let stamp = '';
    for (let i = options.start ?? 0; i < end; i++) {
      if (runStart < 0 || this.#isRunStart(i)) {
        runStart = this.#runStart(i);
        stamp = this.#formatInstant(this.#runInstantUs(runStart));
      }
      const served = this.#served(i);
      if (!served && !options.includeAll) continue;
      const m = this.#moduleOf(i);
      yield { index: i, path: this.modulePath(m), version: this.#version(i, this.#versionCode(m)), timestamp: stamp, served };
    }
  }

  /**
   * A page of the index as the fake server writes it: NDJSON lines (ASCII) of up to `limit` entries
   * starting at entry `start` and ending before `end` (`include=all` numbering). `next` is where the
   * scan stopped.
   */
  renderPage(
    start: number,
    limit: number,
    includeAll: boolean,
    end = this.entryCount,
  ): { body: Buffer; count: number; next: number } {
    const stop = Math.min(end, this.entryCount);
    const lines = Math.max(0, Math.min(limit, stop - start));
    let buffer: Buffer = Buffer.allocUnsafe(Math.min(lines, 4096) * TYPICAL_LINE_BYTES + 16 * MAX_LINE_BYTES);
    let offset = 0;
    let count = 0;
    let batch = '';
    let stamp = '';
    let i = start;
    let needStamp = true;
    const versionKey = this.#keys.version;
    const shapeKeys = this.#shapeKeys;
    const M = this.moduleCount;
    const N = this.entryCount;
    // Walk the module introductions along with i instead of dividing for every entry.
    let introduced = floorDiv(start * M + N - 1, N); // modules introduced before entry `start`
    let nextIntro = introduced < M ? this.#firstEntry(introduced) : Number.POSITIVE_INFINITY;
    // `v<major>.<i / 10000>.` changes every 10,000 entries: keep it per major.
    let block = -1;
    let prefixes: (string | undefined)[] = [];
    for (; i < stop && count < limit; i++) {
      let m = -1;
      if (i === nextIntro) {
        m = introduced;
        introduced += 1;
        nextIntro = introduced < M ? this.#firstEntry(introduced) : Number.POSITIVE_INFINITY;
      }
      if (i !== start && this.#isRunStart(i)) needStamp = true;
      if (!includeAll && !this.#served(i)) continue;
      if (needStamp) {
        stamp = this.#formatInstant(this.#runInstantUs(this.#runStart(i)));
        needStamp = false;
      }
      if (m < 0) m = this.#pickModule(i, introduced);
      let path: string;
      let code: number;
      if (m >= introduced - RECENT_WINDOW - 4096) {
        const slot = this.#pathSlot(m);
        path = this.#pathCache[slot] as string;
        code = this.#codeCache[slot] as number;
      } else {
        // An old module: computing beats caching (cached strings would outlive young-generation GC).
        path = computeModulePath(shapeKeys, m);
        code = computeVersionCode(shapeKeys, m);
      }
      // Plain releases (the common case) are built inline; the rest goes through #version.
      let version: string;
      if (code < 16 && hashIndex(versionKey, i) % 25 > 3) {
        const b = Math.floor(i / 10000);
        if (b !== block) {
          block = b;
          prefixes = [];
        }
        version = (prefixes[code] ??= 'v' + code + '.' + b + '.') + PATCHES[i - b * 10000];
      } else {
        version = this.#version(i, code);
      }
      batch += '{"Path":"' + path + '","Version":"' + version + '","Timestamp":"' + stamp + '"}\n';
      count += 1;
      // Lines go to the buffer in batches: one native call per batch is cheaper than one per line.
      if ((count & 15) === 0) {
        if (offset + 16 * MAX_LINE_BYTES > buffer.length) buffer = grow(buffer, offset);
        offset += buffer.write(batch, offset, 'latin1');
        batch = '';
      }
    }
    if (batch !== '') {
      if (offset + 16 * MAX_LINE_BYTES > buffer.length) buffer = grow(buffer, offset);
      offset += buffer.write(batch, offset, 'latin1');
    }
    return { body: buffer.subarray(0, offset), count, next: i };
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
    return this.renderPage(start, options.limit ?? PAGE, options.includeAll ?? false).body.toString('latin1');
  }

  /** NDJSON of a range of a feed, the same lines the server writes (for equality tests of crawls). */
  feedNdjson(options: { includeAll?: boolean; start?: number; end?: number } = {}): string {
    return this.renderPage(options.start ?? 0, Number.MAX_SAFE_INTEGER, options.includeAll ?? false, options.end).body.toString('latin1');
  }

  // ---------------------------------------------------------------- per-module facts

  /** Computes the per-module facts now rather than on first use (one pass over all entries). */
  prepare(): this {
    this.#prepared();
    return this;
  }

  #prepared(): DatasetMeta {
    if (this.#meta) return this.#meta;
    const lastAll = new Int32Array(this.moduleCount);
    const lastServed = new Int32Array(this.moduleCount).fill(-1);
    const servedOrder = new Int32Array(this.moduleCount);
    let servedModules = 0;
    let servedEntries = 0;
    for (let i = 0; i < this.entryCount; i++) {
      const m = this.#moduleOf(i);
      lastAll[m] = i;
      if (this.#served(i)) {
        servedEntries += 1;
        if (lastServed[m] === -1) servedOrder[servedModules++] = m;
        lastServed[m] = i;
      }
    }
    this.#meta = { lastAll, lastServed, servedOrder, servedModules, servedEntries };
    return this.#meta;
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
    const meta = this.#prepared();
    for (let k = 0; k < meta.servedModules; k++) yield meta.servedOrder[k] as number;
  }

  /** The newest entry of module `m` in a feed (its last appearance), or -1 if the feed lacks it. */
  newestEntryOf(m: number, view: GoFeedView = {}): number {
    this.#checkModule(m);
    const meta = this.#prepared();
    return (view.includeAll ? meta.lastAll[m] : meta.lastServed[m]) as number;
  }

  // ---------------------------------------------------------------- proxy answers

  #info(m: number, i: number, withOrigin: boolean): GoVersionInfo {
    const shape = this.moduleShape(m);
    const version = this.#version(i, this.#versionCode(m));
    const commit = hashIndex(this.#keys.commit, i);
    const time =
      shape.versionStyle === 'pseudo'
        ? formatGoSeconds((PSEUDO_BASE_SECONDS + i) * 1e6)
        : formatGoSeconds(this.#instant(i) - (commit % (30 * 86400)) * 1e6);
    const info: GoVersionInfo = { Version: version, Time: time };
    if (withOrigin) {
      const origin: GoOrigin = {
        VCS: 'git',
        URL: shape.repoUrl,
        Hash: hex8(commit) + hex8(commit ^ 0x9e3779b9) + hex8(commit ^ 0x7f4a7c15) + hex8(~commit) + hex8(commit * 31),
      };
      if (shape.subdir !== undefined) {
        origin.Subdir = shape.subdir;
        origin.TagPrefix = shape.subdir + '/';
      }
      if (shape.versionStyle !== 'pseudo') origin.Ref = `refs/tags/${origin.TagPrefix ?? ''}${version}`;
      if (shape.extraFields === 'origin') origin.Mirror = { Region: 'fake-1', Cached: true };
      info.Origin = origin;
    }
    if (shape.extraFields === 'top-level') info.Sum = 'h1:' + hex8(commit) + hex8(~commit) + '=';
    return info;
  }

  #ok(info: GoVersionInfo): GoProxyReply {
    return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(info), info };
  }

  #gone(status: 404 | 410, message: string): GoProxyReply {
    return { status, contentType: TEXT_PLAIN, body: `not found: ${message}` };
  }

  /**
   * The proxy's decision for `.info` of entry `i` of module `m`: 200 with or without `Origin`, 404 or
   * 410. Shared by {@link infoReply} (which renders it) and the ground truth (which only needs it).
   */
  #infoOutcome(m: number, i: number): 'origin' | 'plain' | 404 | 410 {
    const behaviour = this.moduleBehaviour(m);
    if (behaviour === 'gone-404') return 404;
    if (behaviour === 'gone-410' || !this.#served(i)) return 410;
    if (i === this.#prepared().lastServed[m]) {
      if (behaviour === 'origin') return 'origin';
      return behaviour === 'info-gone' ? 404 : 'plain';
    }
    return behaviourHasOrigin(behaviour) && this.#instant(i) >= GO_ORIGIN_SINCE_US ? 'origin' : 'plain';
  }

  /** The proxy's decision for `@latest` of module `m` (the version is its newest served one). */
  #latestOutcome(m: number): 'origin' | 'plain' | 404 | 410 {
    const behaviour = this.moduleBehaviour(m);
    if (behaviour === 'gone-404' || behaviour === 'no-origin-latest-gone') return 404;
    if (behaviour === 'gone-410' || (this.#prepared().lastServed[m] as number) < 0) return 410;
    return behaviourHasOrigin(behaviour) ? 'origin' : 'plain';
  }

  #checkVersionOf(m: number, i: number): void {
    if (this.#moduleOf(this.#checkEntry(i)) !== this.#checkModule(m)) {
      throw new RangeError(`Entry ${i} is not a version of module ${m}`);
    }
  }

  /**
   * What `.info` of entry `i` (a version of module `m`) and then `@latest` answer, without rendering
   * bodies: the status and the `Origin.URL`, if any. `i` undefined asks `@latest` only.
   */
  proxyOutcome(m: number, i?: number): { status: 200 | 404 | 410; originUrl: string | undefined } {
    let outcome: 'origin' | 'plain' | 404 | 410;
    if (i === undefined) {
      this.#checkModule(m);
      outcome = this.#latestOutcome(m);
    } else {
      this.#checkVersionOf(m, i);
      outcome = this.#infoOutcome(m, i);
    }
    if (outcome === 'origin') return { status: 200, originUrl: this.moduleShape(m).repoUrl };
    return { status: outcome === 'plain' ? 200 : outcome, originUrl: undefined };
  }

  /** `GET $proxy/<module>/@v/<version>.info` for module `m` and entry `i` (which must be of module `m`). */
  infoReply(m: number, i: number): GoProxyReply {
    this.#checkVersionOf(m, i);
    const outcome = this.#infoOutcome(m, i);
    if (outcome === 'origin' || outcome === 'plain') return this.#ok(this.#info(m, i, outcome === 'origin'));
    const path = this.modulePath(m);
    const version = this.#version(i, this.#versionCode(m));
    if (outcome === 404) return this.#gone(404, `${path}@${version}: invalid version: unknown revision ${version}`);
    return this.#served(i)
      ? this.#gone(410, `${path}@${version}: 410 Gone: module removed`)
      : this.#gone(410, `${path}@${version}: version is no longer served`);
  }

  /** `GET $proxy/<module>/@latest` for module `m`. */
  latestReply(m: number): GoProxyReply {
    this.#checkModule(m);
    const outcome = this.#latestOutcome(m);
    if (outcome === 'origin' || outcome === 'plain') {
      return this.#ok(this.#info(m, this.#prepared().lastServed[m] as number, outcome === 'origin'));
    }
    const path = this.modulePath(m);
    if (outcome === 404) return this.#gone(404, `module ${path}: no matching versions for query "latest"`);
    return this.#gone(410, `module ${path}: 410 Gone: module removed`);
  }

  /** `GET $proxy/<module>/@v/list`: some versions, unsorted, possibly none. */
  listReply(m: number): GoProxyReply {
    this.#checkModule(m);
    const path = this.modulePath(m);
    const behaviour = this.moduleBehaviour(m);
    const meta = this.#prepared();
    const newest = meta.lastServed[m] as number;
    if (behaviour === 'gone-404') return this.#gone(404, `module ${path}: no matching versions`);
    if (behaviour === 'gone-410' || newest < 0) return this.#gone(410, `module ${path}: 410 Gone: module removed`);
    const shape = this.moduleShape(m);
    const versions: string[] = [];
    if (shape.versionStyle !== 'pseudo') {
      for (const i of [newest, this.#firstEntry(m), meta.lastAll[m] as number]) {
        if (!this.#served(i)) continue;
        const version = this.#version(i, this.#versionCode(m));
        if (!versions.includes(version)) versions.push(version);
      }
      if (hashIndex(this.#keys.list, m) & 1) versions.reverse();
    }
    return { status: 200, contentType: TEXT_PLAIN, body: versions.map((v) => v + '\n').join('') };
  }

  /** `GET $proxy/<module>/@v/<version>.mod`: follows the `.info` status. */
  modReply(m: number, i: number): GoProxyReply {
    const info = this.infoReply(m, i);
    if (info.status !== 200) return info;
    return { status: 200, contentType: TEXT_PLAIN, body: `module ${this.modulePath(m)}\n\ngo 1.${13 + (m % 10)}\n` };
  }
}
