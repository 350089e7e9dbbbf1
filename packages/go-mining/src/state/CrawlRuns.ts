import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GoMinerError } from '../errors/GoMinerError.js';

/**
 * The runs of a crawl (cursor `crawl.runs`), committed with the shard plan after every batch.
 * A batch of index pages is written once as a run file, a record per entry, grouped by key range (the
 * crawl's partitions, fixed by its first batch: see RunPartitions); the `modules`
 * collection is only written when the crawl completes, by one merge of every run, partition after
 * partition in key order (and of the existing records, for a refresh). Files in the runs directory that
 * this list does not name were written by a process killed before its commit: they are removed, their
 * pages are read again.
 */
export interface CrawlRuns {
  /** Run files committed so far, oldest first (names inside {@link runsDirectory}). */
  runs: string[];
  /** Number of the next run file. */
  next: number;
  /**
   * Lower bounds of the key-range partitions of every run (ascending; partition 0 is everything below the
   * first), chosen from the first batch's module paths; `null` before the first run.
   */
  bounds: string[] | null;
  /** The state held modules before this crawl began (a refresh): the merge combines with them. */
  hadModules: boolean;
  /** The merge into `modules` is done up to this module path (inclusive); `null` before it starts. */
  mergedAfter: string | null;
  /** Modules the merge created, and known modules whose newest version it moved, so far. */
  newModules: number;
  changedModules: number;
}

export function emptyRuns(hadModules: boolean): CrawlRuns {
  return { runs: [], next: 0, bounds: null, hadModules, mergedAfter: null, newModules: 0, changedModules: 0 };
}

/**
 * The partition bounds of the runs; `null` before the first run. Throws for runs of an older go-miner
 * (text runs without partitions): they cannot be merged with these.
 */
export function runBounds(stateDir: string, runs: CrawlRuns): string[] | null {
  if (Array.isArray(runs.bounds)) return runs.bounds;
  if (runs.runs.length === 0) return null;
  throw new GoMinerError('ERR_STATE_CORRUPT', `The crawl under way in ${stateDir} was begun by an older go-miner (its runs have no partitions).`, {
    hint: 'Finish it with the go-miner version that began it, or move the state directory aside and start over with a fresh --state-dir.',
  });
}

/** Where the run files of a state directory live. */
export function runsDirectory(stateDir: string): string {
  return join(stateDir, 'crawl-runs');
}

export function runFileName(number: number): string {
  return `run-${String(number).padStart(8, '0')}.bin`;
}

/** Removes run files (and temp files) that `keep` does not name: left by a process killed before its commit. */
export function removeUncommittedRuns(stateDir: string, keep: readonly string[]): void {
  const dir = runsDirectory(stateDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no runs yet
  }
  const kept = new Set(keep);
  for (const name of names) if (!kept.has(name)) rmSync(join(dir, name), { force: true });
}
