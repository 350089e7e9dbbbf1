/**
 * Key-range partitions of a crawl's runs. Every run file groups its records by partition, so the final
 * merge reduces one partition at a time (all runs' records of that key range, in a hash map) and only
 * sorts the distinct module paths of that range: no run is ever sorted, no k-way merge compares keys.
 *
 * The bounds are quantiles of a sample of the first batch's module paths, fixed for the whole crawl
 * (persisted in the runs cursor): any bounds give the same result, good ones give partitions of similar
 * size, so the merge holds about (modules / partitions) records at once.
 */

import { viewOf } from './hashCells.js';

/** Partitions of a crawl: 2.5M modules make about 10,000 per partition. */
export const RUN_PARTITIONS = 256;

/** Paths sampled per partition to place the bounds. */
const SAMPLE_PER_PARTITION = 16;

/** Ascending, distinct lower bounds of partitions 1…n−1 (partition 0 holds every path below the first). */
export function partitionBounds(paths: readonly string[], partitions = RUN_PARTITIONS): string[] {
  const step = Math.max(1, Math.floor(paths.length / (partitions * SAMPLE_PER_PARTITION)));
  const sample: string[] = [];
  for (let index = 0; index < paths.length; index += step) sample.push(paths[index]!);
  sample.sort();
  const bounds: string[] = [];
  for (let partition = 1; partition < partitions; partition++) {
    const bound = sample[Math.floor((partition * sample.length) / partitions)];
    if (bound !== undefined && bound !== bounds[bounds.length - 1] && bound !== sample[0]) bounds.push(bound);
  }
  return bounds;
}

/** Bytes of a path packed into each of the numbers a search compares first (6 bytes: exact in a double). */
const KEY_BYTES = 6;
/** Numbers per path: its first 18 bytes, which tell most paths from the bounds (past `github.com/`). */
const KEYS = 3;

/**
 * Finds the partition of a module path given as bytes: the number of bounds at or below it, by binary
 * search. Every index entry is placed this way when its batch is written, so the search compares numbers:
 * the path's first bytes packed six to a double (zero-padded: no path byte is 0, so the order is the
 * bytes' order), and the bytes themselves only when those tie. A search on bytes alone compared the
 * `github.com/` most paths start with at every step.
 */
export class PartitionIndex {
  readonly #bounds: DataView[];
  readonly #keys: Float64Array;
  readonly #pathKeys = new Float64Array(KEYS);

  constructor(bounds: readonly string[]) {
    this.#bounds = bounds.map((bound) => viewOf(Buffer.from(bound, 'latin1')));
    this.#keys = new Float64Array(KEYS * bounds.length);
    this.#bounds.forEach((bound, index) => packKeys(bound, 0, bound.byteLength, this.#keys, KEYS * index));
  }

  /** The partition of the path in `bytes[start, end)`. Paths are ASCII, so byte order is the order of the strings. */
  partitionOf(bytes: DataView, start: number, end: number): number {
    const keys = this.#keys;
    const pathKeys = this.#pathKeys;
    packKeys(bytes, start, end, pathKeys, 0);
    let low = 0;
    let high = this.#bounds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = KEYS * middle;
      let sign = keys[at]! - pathKeys[0]!;
      if (sign === 0) sign = keys[at + 1]! - pathKeys[1]!;
      if (sign === 0) sign = keys[at + 2]! - pathKeys[2]!;
      if (sign === 0) sign = compareBytes(this.#bounds[middle]!, bytes, start, end);
      if (sign <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * Packs `bytes[start, end)`'s first KEYS × KEY_BYTES bytes into `keys[at …]`, zero-padded: a big-endian
 * 32-bit and 16-bit read per key when the path is long enough, as most are.
 */
function packKeys(bytes: DataView, start: number, end: number, keys: Float64Array, at: number): void {
  if (end - start >= KEYS * KEY_BYTES) {
    for (let key = 0, from = start; key < KEYS; key++, from += KEY_BYTES) keys[at + key] = bytes.getUint32(from) * 0x10000 + bytes.getUint16(from + 4);
    return;
  }
  for (let key = 0; key < KEYS; key++) {
    let value = 0;
    for (let index = start + key * KEY_BYTES; index < start + (key + 1) * KEY_BYTES; index++) value = value * 256 + (index < end ? bytes.getUint8(index) : 0);
    keys[at + key] = value;
  }
}

/** The partition of a module path given as a string. */
export function partitionOfPath(bounds: readonly string[], path: string): number {
  const bytes = viewOf(Buffer.from(path, 'latin1'));
  return new PartitionIndex(bounds).partitionOf(bytes, 0, bytes.byteLength);
}

/** Sign of `bound` against `bytes[start, end)` in byte order (a loop: paths are short, a native call costs more). */
function compareBytes(bound: DataView, bytes: DataView, start: number, end: number): number {
  const length = Math.min(bound.byteLength, end - start);
  for (let index = 0; index < length; index++) {
    const difference = bound.getUint8(index) - bytes.getUint8(start + index);
    if (difference !== 0) return difference;
  }
  return bound.byteLength - (end - start);
}
