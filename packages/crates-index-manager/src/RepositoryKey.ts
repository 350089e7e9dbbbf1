import { display } from '@registry-miners/utils';
import { IndexManagerError } from './IndexManagerError.js';

/**
 * Names one registry repository: the current crates.io index, or one archived snapshot branch
 * (`snapshot-YYYY-MM-DD` of the archive repository, named after the day the index was squashed).
 *
 * @example
 * ```ts
 * const keys: RepositoryKey[] = [{ kind: 'current' }, { kind: 'snapshot', date: '2020-03-25' }];
 * ```
 */
export type RepositoryKey = { kind: 'current' } | { kind: 'snapshot'; date: string };

const SNAPSHOT_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written `YYYY-MM-DD` (`2020-02-30` is not one). */
export function isSnapshotDate(date: string): boolean {
  const match = SNAPSHOT_DATE.exec(date);
  if (!match) return false;
  const day = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(date);
}

/**
 * The key's name, used for its directory in the cache and its branch in the archive:
 * `current` or `snapshot-YYYY-MM-DD`. Throws `ERR_INDEX_BAD_KEY` for a malformed key.
 */
export function repositoryName(key: RepositoryKey): string {
  const candidate = key as { kind?: unknown; date?: unknown } | null | undefined;
  if (candidate?.kind === 'current') return 'current';
  if (candidate?.kind === 'snapshot' && typeof candidate.date === 'string' && isSnapshotDate(candidate.date)) {
    return `snapshot-${candidate.date}`;
  }
  throw new IndexManagerError('ERR_INDEX_BAD_KEY', `Invalid repository key: ${display(key)}`, {
    hint: "Use { kind: 'current' } or { kind: 'snapshot', date: 'YYYY-MM-DD' } with a real calendar date.",
  });
}

/** The key for a cache directory or branch name (`current`, `snapshot-YYYY-MM-DD`), else undefined. */
export function parseRepositoryName(name: string): RepositoryKey | undefined {
  if (name === 'current') return { kind: 'current' };
  const date = name.startsWith('snapshot-') ? name.slice('snapshot-'.length) : undefined;
  return date !== undefined && isSnapshotDate(date) ? { kind: 'snapshot', date } : undefined;
}
