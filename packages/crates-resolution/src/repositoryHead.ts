import type { LazyRepository } from './LazyRepository.js';
import type { ResolutionCache } from './ResolutionCache.js';

/**
 * The commit at HEAD of a repository and its committer time, e.g. to tell a clone older than a
 * publish time. Read from the cache's saved history of that head when there is one, so asking
 * costs no nodegit load when the search will not need it either.
 */
export async function repositoryHead(repository: LazyRepository, cache: ResolutionCache): Promise<{ commit: string; time: Date }> {
  const commit = await repository.headCommit();
  const chain = cache.chain(repository, commit);
  await chain.ensure(0);
  return { commit, time: new Date(chain.time(0) * 1000) };
}
