import type { LookupRecord } from './LookupRecord.js';

/** Where an index entry sits in first-appearance order: `[micros since the epoch as a decimal string, ordinal]`. */
export type IndexPosition = [micros: string, ordinal: number];

/** The newest version of a module seen in the index. */
export interface NewestVersion {
  version: string;
  /** The index timestamp, verbatim. */
  timestamp: string;
  micros: string;
  ordinal: number;
}

/** One record of the `modules` collection, keyed by module path. */
export interface ModuleRecord {
  /** Position of the module's first entry in the index: the ID order. */
  first: IndexPosition;
  newest: NewestVersion;
  /** Present while the module waits in the `pending` collection for a (re-)lookup. */
  pending?: true;
  /** The last definitive lookup (or the last failure when there is no definitive one). */
  lookup?: LookupRecord;
  /** The last failed attempt, kept beside an older definitive `lookup` that still stands. */
  retry?: { reason: string; code?: string; at: number };
}
