import type { IndexManager } from '@registry-miners/crates-index-manager';
import type { SnapshotListCache } from '@registry-miners/crates-batch';

export interface Readiness {
  ready: boolean;
  /** `ready`, `missing` (not cloned yet) or `stale` (not updated for longer than allowed). */
  currentIndex: 'ready' | 'missing' | 'stale';
  currentIndexUpdated: string | undefined;
  snapshotList: 'known' | 'unknown';
}

/**
 * Ready to answer without a long wait: the current index is cloned and was updated within
 * `maxAgeMs`, and the archive's snapshot list is known.
 */
export async function readiness(manager: IndexManager, snapshots: SnapshotListCache, maxAgeMs: number, now = Date.now()): Promise<Readiness> {
  const current = (await manager.status()).find((entry) => entry.key.kind === 'current' && entry.state !== 'cloning');
  const updated = current?.lastUpdate;
  const currentIndex = updated === undefined ? 'missing' : now - updated.getTime() > maxAgeMs ? 'stale' : 'ready';
  const snapshotList = snapshots.knownSince === undefined ? 'unknown' : 'known';
  return { ready: currentIndex === 'ready' && snapshotList === 'known', currentIndex, currentIndexUpdated: updated?.toISOString(), snapshotList };
}
