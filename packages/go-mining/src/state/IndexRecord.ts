/**
 * What the index says about one module: one record of the `modules` collection, keyed by module path.
 * Stored as a compact tuple (it is rewritten whenever a crawl sees a newer version of the module, and
 * there are millions): first appearance and newest version, each as (micros since the epoch, ordinal),
 * the index's own order. Micros are JSON numbers: exact below 2^53 (the year 2255).
 *
 * Code outside this file reads and writes records through the named functions below, never by position.
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

/** A module's first appearance and newest version in the index, by name. */
export interface IndexFacts {
  firstMicros: number;
  firstOrdinal: number;
  newestVersion: string;
  /** The index timestamp of the newest version, verbatim. */
  newestTimestamp: string;
  newestMicros: number;
  newestOrdinal: number;
}

/** The record of a module first seen in ID generation `generation`. */
export function indexRecord(facts: IndexFacts, generation: number): IndexRecord {
  return [facts.firstMicros, facts.firstOrdinal, facts.newestVersion, facts.newestTimestamp, facts.newestMicros, facts.newestOrdinal, generation];
}

export function firstMicrosOf(record: IndexRecord): number {
  return record[0];
}

export function firstOrdinalOf(record: IndexRecord): number {
  return record[1];
}

export function newestVersionOf(record: IndexRecord): string {
  return record[2];
}

export function newestTimestampOf(record: IndexRecord): string {
  return record[3];
}

/** The ID generation the module was first seen in. */
export function generationOf(record: IndexRecord): number {
  return record[6];
}

/**
 * Folds what a later crawl saw (`seen`) into a stored record, in place: the earlier first appearance
 * and the newer newest version win. Says which of them moved.
 */
export function foldIndexRecord(record: IndexRecord, seen: IndexRecord): { firstMoved: boolean; newestMoved: boolean } {
  const firstMoved = comparePosition(seen[0], seen[1], record[0], record[1]) < 0;
  if (firstMoved) [record[0], record[1]] = [seen[0], seen[1]];
  const newestMoved = comparePosition(seen[4], seen[5], record[4], record[5]) > 0;
  if (newestMoved) [record[2], record[3], record[4], record[5]] = [seen[2], seen[3], seen[4], seen[5]];
  return { firstMoved, newestMoved };
}

/** Orders index entries by (micros, ordinal). */
export function comparePosition(aMicros: number, aOrdinal: number, bMicros: number, bOrdinal: number): number {
  return aMicros - bMicros || aOrdinal - bOrdinal;
}
