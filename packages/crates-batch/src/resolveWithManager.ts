import type { LockPackage } from '@registry-miners/cargolock-parser';
import { chooseSnapshots, repositoryName } from '@registry-miners/crates-index-manager';
import type { IndexManager, RepositoryHandle, RepositoryKey } from '@registry-miners/crates-index-manager';
import { findRegistryResolution } from '@registry-miners/crates-resolution';
import type { FindRegistryResolutionOptions, Resolution } from '@registry-miners/crates-resolution';

export interface ManagedResolution {
  resolution: Resolution;
  /** Names of the repositories searched, newest first (`current`, `snapshot-YYYY-MM-DD`). */
  repositoryNames: string[];
}

/**
 * Searches the repositories the reference service would pick for `published`, then, only if the search
 * reaches the squashed root of the oldest of them, each older snapshot in turn: the boundary of a
 * squash is an artefact of the archive, not of the lockfile. `available` lists the archive's snapshot dates.
 */
export async function resolveWithManager(
  manager: IndexManager,
  available: readonly string[],
  packages: readonly LockPackage[],
  published: Date | undefined,
  options: Pick<FindRegistryResolutionOptions, 'anchor' | 'onEvent' | 'signal' | 'cache'> = {},
): Promise<ManagedResolution> {
  // Without a publish time (an anchor bounds the search), start from the newest history there is.
  const keys = searchOrder(available, published ?? new Date());
  const handles: RepositoryHandle[] = [];
  const acquire = async (index: number) => {
    const key = keys[index];
    if (key === undefined) return undefined;
    const [handle] = await manager.getRepositories([key], {
      ...(key.kind === 'current' && published !== undefined ? { contains: published } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    handles.push(handle!);
    // Read at the pinned head (a refresh may move the branch meanwhile); nodegit is loaded only if the saved objects miss.
    return { repository: handle!.repository, head: handle!.head };
  };
  try {
    const resolution = await findRegistryResolution(acquire, packages, published ?? new Date(), options);
    return { resolution, repositoryNames: keys.slice(0, handles.length).map(repositoryName) };
  } finally {
    for (const handle of handles) handle.close();
  }
}

/** The chosen repositories (newest first) followed by every older snapshot, newest first. */
export function searchOrder(available: readonly string[], published: Date): RepositoryKey[] {
  const chosen = chooseSnapshots(available, published);
  const dates = chosen.flatMap((key) => (key.kind === 'snapshot' ? [key.date] : []));
  const oldest = dates.length > 0 ? dates.reduce((a, b) => (a < b ? a : b)) : undefined;
  const older = [...available]
    .filter((date) => oldest === undefined || date < oldest)
    .sort()
    .reverse()
    .map((date): RepositoryKey => ({ kind: 'snapshot', date }));
  return [...chosen, ...older];
}
