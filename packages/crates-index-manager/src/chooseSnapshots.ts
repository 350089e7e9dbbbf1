import { expectedTypeError } from '@registry-miners/utils';
import { isSnapshotDate, type RepositoryKey } from './RepositoryKey.js';

/** Options of {@link chooseSnapshots}. */
export interface ChooseSnapshotsOptions {
  /**
   * The snapshot squashed before the publication day is included when it is fewer than this many
   * days before it (the lockfile's packages may have been published before that squash).
   * @default 14
   * @example chooseSnapshots(available, published, { windowDays: 30 })
   */
  windowDays?: number;
}

const DAY_MS = 86_400_000;

/**
 * The repositories to search for the registry state at `published`, newest first.
 *
 * A snapshot `snapshot-D` holds the index history from the previous squash up to the squash on day
 * `D` (UTC); the current index holds the history since the newest squash. With `d` the UTC day of
 * `published`:
 * 1. `after`: the first snapshot dated on or after `d` (it holds `published`, unless `d` is its
 *    squash day and the squash came first).
 * 2. `before`: the last snapshot dated before `d`, kept when `d - before < windowDays` days.
 * 3. The source holding the history *after* the newest kept snapshot is added in front when
 *    `published` may fall after that snapshot's squash, i.e. its date is `d` or earlier: the next
 *    snapshot if there is one, else the current index. With no snapshot kept: the current index.
 *
 * This is the reference service's choice, except where `after` is dated `d` and a newer snapshot
 * exists: the reference adds the current index (which starts months later), we add that newer
 * snapshot. Dates compare in UTC (the reference used the publish time's own offset).
 *
 * @param available snapshot dates `YYYY-MM-DD` (from {@link listAvailableSnapshots}), any order.
 * @example
 * chooseSnapshots(['2020-01-10', '2020-03-25'], new Date('2020-04-01T00:00:00Z'));
 * // → [{ kind: 'current' }, { kind: 'snapshot', date: '2020-03-25' }]
 */
export function chooseSnapshots(
  available: readonly string[],
  published: Date,
  options: ChooseSnapshotsOptions = {},
): RepositoryKey[] {
  if (!Array.isArray(available) || available.some((date) => typeof date !== 'string' || !isSnapshotDate(date))) {
    throw expectedTypeError('available', 'an array of YYYY-MM-DD dates', available);
  }
  if (!(published instanceof Date) || Number.isNaN(published.getTime())) {
    throw expectedTypeError('published', 'a valid Date', published);
  }
  const windowDays = options.windowDays ?? 14;
  if (typeof windowDays !== 'number' || !Number.isFinite(windowDays) || windowDays < 0) {
    throw expectedTypeError('windowDays', 'a number >= 0', options.windowDays);
  }
  const dates = [...new Set(available)].sort();
  const day = published.toISOString().slice(0, 10);
  const afterIndex = dates.findIndex((date) => date >= day);
  const beforeIndex = (afterIndex === -1 ? dates.length : afterIndex) - 1;

  const kept: number[] = [];
  if (afterIndex !== -1) kept.push(afterIndex);
  const before = dates[beforeIndex];
  if (before !== undefined && (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${before}T00:00:00Z`)) / DAY_MS < windowDays) {
    kept.push(beforeIndex);
  }

  const keys: RepositoryKey[] = kept.map((index) => ({ kind: 'snapshot', date: dates[index]! }));
  const newest = kept[0];
  if (newest === undefined || dates[newest]! <= day) {
    const next = newest === undefined ? undefined : dates[newest + 1];
    keys.unshift(next === undefined ? { kind: 'current' } : { kind: 'snapshot', date: next });
  }
  return keys;
}
