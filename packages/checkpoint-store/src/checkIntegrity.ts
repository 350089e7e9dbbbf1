import type Database from 'better-sqlite3';
import { CheckpointError } from './CheckpointError.js';
import { corruptionHint } from './toCheckpointError.js';

/**
 * Runs `PRAGMA quick_check`: walks every B-tree page (structure, cell bounds, free list, page accounting)
 * without cross-checking indexes, which this schema does not have. It reads the whole file once: measured
 * about 0.3 s per million records (see the README). Throws ERR_CHECKPOINT_CORRUPT listing the first problems.
 */
export function checkIntegrity(db: Database.Database, dir: string, path: string): void {
  const problems = db.prepare('PRAGMA quick_check(5)').pluck().all() as string[];
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new CheckpointError(
    'ERR_CHECKPOINT_CORRUPT',
    `Checkpoint database ${path} failed its integrity check: ${problems.join('; ')}`,
    { details: { path }, hint: corruptionHint(dir, path) },
  );
}
