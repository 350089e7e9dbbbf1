/**
 * Key-range partitions of a crawl's runs. Every run file groups its records by partition, so the final
 * merge reduces one partition at a time (all runs' records of that key range, in a hash map) and only
 * sorts the distinct module paths of that range: no run is ever sorted, no k-way merge compares keys.
 *
 * The bounds are quantiles of a sample of the first batch's module paths, fixed for the whole crawl
 * (persisted in the runs cursor): any bounds give the same result, good ones give partitions of similar
 * size, so the merge holds about (modules / partitions) records at once.
 */

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

/**
 * The partition of the path in `bytes[start, end)`: the number of bounds at or below it (binary search,
 * bounds as latin1 bytes). Paths are ASCII, so byte order is the order of the strings.
 */
export function partitionOf(bounds: readonly Buffer[], bytes: Buffer, start: number, end: number): number {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareBytes(bounds[middle]!, bytes, start, end) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The partition of a module path given as a string. */
export function partitionOfPath(bounds: readonly string[], path: string): number {
  const bytes = Buffer.from(path, 'latin1');
  return partitionOf(
    bounds.map((bound) => Buffer.from(bound, 'latin1')),
    bytes,
    0,
    bytes.length,
  );
}

/** Sign of `bound` against `bytes[start, end)` in byte order (a loop: paths are short, a native call costs more). */
function compareBytes(bound: Buffer, bytes: Buffer, start: number, end: number): number {
  const length = Math.min(bound.length, end - start);
  for (let index = 0; index < length; index++) {
    const difference = bound[index]! - bytes[start + index]!;
    if (difference !== 0) return difference;
  }
  return bound.length - (end - start);
}
