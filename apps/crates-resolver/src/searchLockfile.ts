import type { LockPackage } from '@registry-miners/cargolock-parser';
import { resolveWithManager } from '@registry-miners/crates-batch';
import { findRegistryResolution, ResolutionCache } from '@registry-miners/crates-resolution';
import type { Resolution } from '@registry-miners/crates-resolution';
import { formatSearchEvent } from './formatSearchEvent.js';
import { historyDirectory, openIndexManager } from './managerOptions.js';
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
 * The search behind `resolve` (the part that needs nodegit, loaded by the command only once its
 * input is known to be good): in the given `--repo` clones, or in the managed cache. The commit
 * histories it walks are kept in the cache directory (`histories/`), so the next run reads them
 * back instead of walking the repositories again.
 */
export async function searchLockfile(request: SearchLockfileRequest): Promise<{ resolution: Resolution; repositoryNames: string[] }> {
  const { reporter } = request;
  // One search: only the histories are worth keeping (for the next run); trees and version lists are read once anyway.
  const cache = new ResolutionCache({ maxBytes: 0, directory: historyDirectory(request.managerArgs) });
  try {
    return await search(request, cache);
  } finally {
    try {
      cache.save();
    } catch (error) {
      // Only a speed-up for the next run: never a reason to fail this one.
      reporter.detail(`could not keep the commit histories for the next run: ${(error as Error).message}`);
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
    const repositories = await openLocalRepositories(repo);
    const staleHead = published && repositories[0]!.headTime < published ? repositories[0]!.headTime : undefined;
    const stale = (found: string) =>
      `--repo ${repo[0]} ends at ${staleHead!.toISOString()}, before the publish time ${published!.toISOString()}: versions published in between count as missing${found}; update the clone (git fetch) for an exact answer`;
    try {
      const resolution = await findRegistryResolution(repositories.map((opened) => opened.repository), packages, published ?? new Date(), options);
      if (staleHead) reporter.warn(stale(` (found ${resolution.found}/${resolution.total})`));
      return { resolution, repositoryNames: repo };
    } catch (error) {
      if (staleHead) reporter.warn(stale(''));
      throw error;
    }
  }
  const manager = await openIndexManager({ ...request.managerArgs }, {}, reporter);
  try {
    const available = await manager.listAvailableSnapshots();
    return await resolveWithManager(manager, available, packages, published, options);
  } finally {
    await manager.close();
  }
}
