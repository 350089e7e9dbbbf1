import type { FindRegistryResolutionOptions } from './FindRegistryResolutionOptions.js';
import type { PathGroup } from './groupPackages.js';
import { PathResolver } from './PathResolver.js';
import { PresenceChecker } from './PresenceChecker.js';
import type { CommitHistory } from './CommitHistory.js';
import { historyOf } from './RepositoryList.js';
import type { OpenedRepository, RepositoryList } from './RepositoryList.js';
import { RepositorySearch } from './RepositorySearch.js';
import type { Baseline, RepositoryOutcome } from './RepositorySearch.js';
import { ResolutionError } from './ResolutionError.js';

/** Where the search starts: a repository, a history index in it, and an optional time bound. */
export interface Start {
  repository: number;
  from: number;
  until: number | undefined;
}

export interface AcrossOutcome {
  repository: OpenedRepository;
  history: CommitHistory;
  outcome: RepositoryOutcome;
  /** The baseline of the first repository searched (the upper bound). */
  upper: Baseline;
}

/**
 * The reference's rules across repositories, newest first: the first repository with history at
 * or before the bound sets the upper bound ("no matches" there ends the search: resolves
 * `undefined`); an older repository without matches is skipped; when the newer repository reached
 * its root without a drop and the older one's baseline is strictly lower, the newer root is the
 * answer; otherwise the search continues into the older one; a drop inside a repository ends it.
 */
export async function searchAcrossRepositories(
  repos: RepositoryList,
  groups: readonly PathGroup[],
  total: number,
  start: Start,
  purpose: 'anchor' | 'lockfile',
  options: FindRegistryResolutionOptions,
): Promise<AcrossOutcome | undefined> {
  const { onEvent, signal } = options;
  let best: AcrossOutcome | undefined;
  let upper: Baseline | undefined;
  let last: RepositoryOutcome | undefined;
  const resolver = new PathResolver(groups);
  const presence = new PresenceChecker(groups);
  for (let index = start.repository; ; index += 1) {
    const repository = await repos.get(index, signal);
    if (repository === undefined) {
      if (index === start.repository) {
        throw new ResolutionError('ERR_NO_REPOSITORIES', 'no registry repository to search', {
          hint: 'pass at least the current crates.io index',
        });
      }
      break;
    }
    onEvent?.({ type: 'repository', repositoryIndex: index, path: repository.store.path, search: purpose });
    const history = await historyOf(repository, start.until);
    const search = new RepositorySearch({ repositoryIndex: index, history, store: repository.store, groups, resolver, presence, total, onEvent, signal });
    const bound = { from: index === start.repository ? start.from : 0, until: start.until };
    const baseline = await search.baseline(bound);
    if (baseline === undefined) {
      if (upper === undefined && (await repos.get(index + 1, signal)) !== undefined) {
        // Improvement over the reference (which fails here): a repository whose history starts
        // after the bound cannot hold the answer; the first older one that reaches it becomes the first.
        onEvent?.({ type: 'skip', repositoryIndex: index, reason: 'no-history-before-bound' });
        continue;
      }
      const first = new Date(history.time(history.length - 1) * 1000).toISOString();
      throw new ResolutionError(
        'ERR_PUBLISHED_BEFORE_HISTORY',
        `${repository.store.path} has no commit at or before ${new Date((start.until ?? 0) * 1000).toISOString()} (its history starts at ${first})`,
        {
          details: { repository: repository.store.path },
          hint: 'add the archive snapshot that covers the publish time (crates.io-index-archive, branch snapshot-YYYY-MM-DD)',
        },
      );
    }
    if (baseline.found === 0) {
      if (upper === undefined) return undefined;
      onEvent?.({ type: 'skip', repositoryIndex: index, reason: 'no-matches' });
      continue;
    }
    upper ??= baseline;
    if (last !== undefined && !last.dropFound && baseline.found < last.baseline.found) {
      onEvent?.({ type: 'skip', repositoryIndex: index, reason: 'older-baseline-lower' });
      break;
    }
    const outcome = await search.finish(start.until);
    best = { repository, history, outcome, upper };
    if (outcome.dropFound) break;
    last = outcome;
  }
  return best;
}

