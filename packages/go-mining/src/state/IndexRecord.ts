/**
 * What the index says about one module: one record of the `modules` collection, keyed by module path.
 * A compact tuple (it is rewritten whenever a crawl batch sees a newer version of the module):
 * first appearance and newest version, each as (micros since the epoch, ordinal), the index's own order.
 * Micros are JSON numbers: exact below 2^53 (the year 2255).
 */
export type IndexRecord = [
  firstMicros: number,
  firstOrdinal: number,
  newestVersion: string,
  /** The index timestamp of the newest version, verbatim. */
  newestTimestamp: string,
  newestMicros: number,
  newestOrdinal: number,
  /** The ID generation the module was first seen in: it gets its ID when that generation's crawl is complete. */
  generation: number,
];

export function newestVersionOf(record: IndexRecord): string {
  return record[2];
}

export function newestTimestampOf(record: IndexRecord): string {
  return record[3];
}

/** Orders index entries by (micros, ordinal). */
export function comparePosition(aMicros: number, aOrdinal: number, bMicros: number, bOrdinal: number): number {
  return aMicros - bMicros || aOrdinal - bOrdinal;
}
