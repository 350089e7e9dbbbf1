import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '@registry-miners/utils';
import { isSnapshotDate } from './RepositoryKey.js';

/**
 * The archive's snapshot list as last listed, kept in the cache directory so that a resolution
 * with a warm cache still works when the archive cannot be reached (the list only changes when the
 * index is squashed, every few months).
 */
export interface RememberedSnapshots {
  /** The archive the list came from: a list remembered for another archive is never used. */
  archiveUrl: string;
  /** When the list was read from the archive. */
  listedAt: Date;
  /** Snapshot dates, ascending. */
  dates: string[];
}

/** File name in the cache directory. */
export const REMEMBERED_SNAPSHOTS_FILE = 'available-snapshots.json';

export async function rememberSnapshots(cacheDir: string, list: RememberedSnapshots): Promise<void> {
  await writeFileAtomically(join(cacheDir, REMEMBERED_SNAPSHOTS_FILE), `${JSON.stringify({ ...list, listedAt: list.listedAt.toISOString() })}\n`);
}

/** The list remembered for `archiveUrl`, or undefined when there is none (or it is unreadable). */
export async function recallSnapshots(cacheDir: string, archiveUrl: string): Promise<RememberedSnapshots | undefined> {
  try {
    const value = JSON.parse(await readFile(join(cacheDir, REMEMBERED_SNAPSHOTS_FILE), 'utf8')) as Record<string, unknown>;
    const { dates, listedAt } = value;
    if (value['archiveUrl'] !== archiveUrl || typeof listedAt !== 'string' || Number.isNaN(Date.parse(listedAt))) return undefined;
    if (!Array.isArray(dates) || !dates.every((date) => typeof date === 'string' && isSnapshotDate(date))) return undefined;
    return { archiveUrl, listedAt: new Date(listedAt), dates: [...(dates as string[])].sort() };
  } catch {
    return undefined;
  }
}
