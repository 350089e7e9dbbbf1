import type { GoDatasetKeys } from './goDatasetKeys.js';
import { behaviourFromHash, type GoModuleBehaviour } from './goModuleBehaviour.js';
import {
  computeModulePath,
  computeModuleShape,
  computeVersionCode,
  moduleCandidates,
  type GoModuleShape,
  type GoModuleShapeKeys,
} from './goModuleShape.js';
import { floorDiv as floorDivImport, hashIndex as hashIndexImport, hex8 } from './hash.js';

// Local bindings: hot loops call these millions of times, and some module loaders (Vite's runner,
// CommonJS interop) turn every access to an imported binding into a getter call.
const hashIndex = hashIndexImport;
const floorDiv = floorDivImport;

/** Pseudo-versions of entry `i` carry the time `PSEUDO_BASE_SECONDS + i`. */
export const PSEUDO_BASE_SECONDS = Date.UTC(2016, 0, 1) / 1000;
/** Most new versions belong to one of the modules introduced most recently (a sliding window). */
export const RECENT_WINDOW = 1 << 15;
/** Per mille of entries that the default feed omits. */
const UNSERVED_PER_MILLE = 20;
const SHAPE_CACHE_BITS = 12;
const PATH_CACHE_BITS = 16;

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
 * Which module and version each entry of a synthetic feed holds, computed from the entry number:
 * - module `m` first appears at entry `floor(m * entries / modules)`; any other entry is a new
 *   version of a module already seen (most often a recent one);
 * - versions encode the entry number, so they are unique and increase per module in feed order;
 * - about 2% of entries are left out of the default feed (`served`);
 * - a module's path, repository and version style come from `goModuleShape`, cached direct-mapped.
 * Arguments are trusted: `SyntheticGoDataset` checks them.
 */
export class GoModuleCatalog {
  readonly #entryCount: number;
  readonly #moduleCount: number;
  readonly #keys: GoDatasetKeys;
  readonly shapeKeys: GoModuleShapeKeys;
  readonly #shapeCacheIds: Int32Array;
  readonly #shapeCache: (GoModuleShape | undefined)[];
  readonly #pathCacheIds: Int32Array;
  readonly #pathCache: string[];
  readonly #codeCache: Uint8Array;

  constructor(entryCount: number, moduleCount: number, keys: GoDatasetKeys) {
    this.#entryCount = entryCount;
    this.#moduleCount = moduleCount;
    this.#keys = keys;
    this.shapeKeys = { kind: keys.kind, name: keys.name, style: keys.style };
    this.#shapeCacheIds = new Int32Array(1 << SHAPE_CACHE_BITS).fill(-1);
    this.#shapeCache = new Array<GoModuleShape | undefined>(1 << SHAPE_CACHE_BITS);
    this.#pathCacheIds = new Int32Array(1 << PATH_CACHE_BITS).fill(-1);
    this.#pathCache = new Array<string>(1 << PATH_CACHE_BITS).fill('');
    this.#codeCache = new Uint8Array(1 << PATH_CACHE_BITS);
  }

  /** Whether the default feed (without `include=all`) lists entry `i`. */
  served(i: number): boolean {
    return i === 0 || hashIndex(this.#keys.served, i) % 1000 >= UNSERVED_PER_MILLE;
  }

  /** The entry at which module `m` first appears in the `include=all` feed. */
  firstEntry(m: number): number {
    return floorDiv(m * this.#entryCount, this.#moduleCount);
  }

  /** The module of entry `i`. */
  moduleOf(i: number): number {
    // Modules introduced among entries 0..i: ceil((i + 1) * M / N).
    const introduced = floorDiv((i + 1) * this.#moduleCount + this.#entryCount - 1, this.#entryCount);
    const newest = introduced - 1;
    if (this.firstEntry(newest) === i) return newest;
    return this.pickModule(i, introduced);
  }

  /** The module of a non-introducing entry `i`, given how many modules entries 0..i introduced. */
  pickModule(i: number, introduced: number): number {
    const h = hashIndex(this.#keys.pick, i);
    if (h % 10 < 3) return (h >>> 4) % introduced; // any module seen so far (old modules get many versions)
    return introduced - 1 - ((h >>> 4) % Math.min(introduced, RECENT_WINDOW)); // a recently introduced one
  }

  /** Path, repository and version style of module `m`. */
  moduleShape(m: number): GoModuleShape {
    const slot = m & ((1 << SHAPE_CACHE_BITS) - 1);
    if (this.#shapeCacheIds[slot] === m) return this.#shapeCache[slot] as GoModuleShape;
    const shape = computeModuleShape(this.shapeKeys, m);
    this.#shapeCacheIds[slot] = m;
    this.#shapeCache[slot] = shape;
    return shape;
  }

  /**
   * Caches the path and version code of module `m`; returns its cache slot. The cache is direct-mapped
   * and large enough for the recent-module window, which is where most entries' modules come from.
   */
  pathSlot(m: number): number {
    const slot = m & ((1 << PATH_CACHE_BITS) - 1);
    if (this.#pathCacheIds[slot] !== m) {
      this.#pathCacheIds[slot] = m;
      this.#pathCache[slot] = flat(computeModulePath(this.shapeKeys, m));
      this.#codeCache[slot] = computeVersionCode(this.shapeKeys, m);
    }
    return slot;
  }

  /** The path cached in `slot` (see {@link pathSlot}). */
  pathAt(slot: number): string {
    return this.#pathCache[slot] as string;
  }

  /** The version code cached in `slot` (see {@link pathSlot}). */
  codeAt(slot: number): number {
    return this.#codeCache[slot] as number;
  }

  /** The path of module `m`. */
  modulePath(m: number): string {
    return this.#pathCache[this.pathSlot(m)] as string;
  }

  /** The version code of module `m`: style * 16 + major. */
  versionCode(m: number): number {
    return this.#codeCache[this.pathSlot(m)] as number;
  }

  /** How the fake proxy treats module `m`. */
  moduleBehaviour(m: number): GoModuleBehaviour {
    return behaviourFromHash(hashIndex(this.#keys.behaviour, m));
  }

  /** The module number of a path (case-sensitive), or `undefined`. */
  findModule(path: string): number | undefined {
    for (const m of moduleCandidates(path, this.#moduleCount)) {
      if (this.modulePath(m) === path) return m;
    }
    return undefined;
  }

  /** The version of entry `i` given its module's version code (style * 16 + major). */
  version(i: number, code: number): string {
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

  /** The version of entry `i` of module `m`. */
  versionOf(m: number, i: number): string {
    return this.version(i, this.versionCode(m));
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
    if (i === undefined || !Number.isInteger(i) || i < 0 || i >= this.#entryCount) return undefined;
    if (this.moduleOf(i) !== m || this.versionOf(m, i) !== version) return undefined;
    return i;
  }

  /** The commit hash seed of entry `i`. */
  commitHash(i: number): number {
    return hashIndex(this.#keys.commit, i);
  }

  /** Whether the module's `@v/list` comes in reverse order. */
  listReversed(m: number): boolean {
    return (hashIndex(this.#keys.list, m) & 1) === 1;
  }
}
