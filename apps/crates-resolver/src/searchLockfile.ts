import type { LockPackage } from '@registry-miners/cargolock-parser';
import { findRegistryResolution, repositoryHead, ResolutionCache } from '@registry-miners/crates-resolution';
import type { Resolution } from '@registry-miners/crates-resolution';
import { formatSearchEvent } from './formatSearchEvent.js';
import { searchCacheDirectory, openIndexManager } from './managerOptions.js';
import type { ManagerArgs } from './managerOptions.js';
import { openLocalRepositories } from './openLocalRepositories.js';
import type { Reporter } from './Reporter.js';

export interface SearchLockfileRequest {
  packages: LockPackage[];
  /** Undefined only with an anchor, which then bounds the search alone. */
  published: Date | undefined;
  anchor: LockPackage | undefined;
  /** `--repo` clones, newest first; undefined for the managed cache. */
  repo: string[] | undefined;
  managerArgs: ManagerArgs;
  reporter: Reporter;
}

/**
 * The search behind `resolve`, once the input is known to be good: in the given `--repo` clones, or
 * in the managed cache. What it reads from git (commit histories, trees, version lists) is kept in
 * the cache directory (`search-cache/`), so the next run reads it back instead of reading the
 * repositories again; a `--repo` search that finds all it needs there does not load nodegit.
 */
export async function searchLockfile(request: SearchLockfileRequest): Promise<{ resolution: Resolution; repositoryNames: string[] }> {
  const { reporter } = request;
  const cache = new ResolutionCache({ directory: searchCacheDirectory(request.managerArgs) });
  try {
    return await search(request, cache);
  } finally {
    try {
      cache.save();
    } catch (error) {
      // Only a speed-up for the next run: never a reason to fail this one.
      reporter.detail(`could not keep what the search read for the next run: ${(error as Error).message}`);
    }
  }
}

async function search(request: SearchLockfileRequest, cache: ResolutionCache): Promise<{ resolution: Resolution; repositoryNames: string[] }> {
  const { packages, published, anchor, repo, reporter } = request;
  const options = {
    anchor,
    cache,
    onEvent: reporter.verbose ? (event: Parameters<typeof formatSearchEvent>[0]) => reporter.detail(formatSearchEvent(event)) : undefined,
  };
  if (repo !== undefined) {
    const repositories = openLocalRepositories(repo);
    const headTime = published && (await repositoryHead(repositories[0]!, cache).catch(() => undefined))?.time;
    // An empty or damaged clone has no head time: the search itself reports it.
    const staleHead = published && headTime && headTime < published ? headTime : undefined;
    const stale = (found: string) =>
      `--repo ${repo[0]} ends at ${staleHead!.toISOString()}, before the publish time ${published!.toISOString()}: versions published in between count as missing${found}; update the clone (git fetch) for an exact answer`;
    try {
      const resolution = await findRegistryResolution(repositories, packages, published ?? new Date(), options);
      if (staleHead) reporter.warn(stale(` (found ${resolution.found}/${resolution.total})`));
      return { resolution, repositoryNames: repo };
    } catch (error) {
      if (staleHead) reporter.warn(stale(''));
      throw error;
    }
  }
  // Loaded only here; nodegit comes only with a clone, a fetch, or a read the saved objects cannot answer.
  const { resolveWithManager } = await import('@registry-miners/crates-batch/managed');
  const manager = await openIndexManager({ ...request.managerArgs }, {}, reporter);
  try {
    // The list changes only when the index is squashed: one listing per update interval, not per run.
    const available = await manager.listAvailableSnapshots({ maxAgeMs: request.managerArgs.updateIntervalMs });
    return await resolveWithManager(manager, available, packages, published, options);
  } finally {
    await manager.close();
  }
}
