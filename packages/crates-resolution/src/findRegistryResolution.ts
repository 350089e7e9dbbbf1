import type { Repository } from 'nodegit';
import { GitObjectStore } from './GitObjectStore.js';
import type { LockPackage } from './LockPackage.js';
import { groupPackages } from './PackageGroups.js';
import type { PathGroup } from './PackageGroups.js';
import { RegistryHistory } from './RegistryHistory.js';
import type { RepositorySource } from './RepositorySource.js';
import { PathResolver } from './PathResolver.js';
import { PresenceChecker } from './PresenceChecker.js';
import { RepositorySearch } from './RepositorySearch.js';
import type { Baseline, RepositoryOutcome } from './RepositorySearch.js';
import type { Resolution } from './Resolution.js';
import { ResolutionError } from './ResolutionError.js';
import type { SearchEvent } from './SearchEvent.js';

export interface FindRegistryResolutionOptions {
  /**
   * The crate version being rebuilt, when known: the search's upper bound becomes the first index
   * commit holding it (searched from the head of the first repository, continuing into older
   * repositories while it is present at their boundary) instead of `publishTime`. Use it because
   * crates.io's `created_at` can precede the commit that added the version to the index.
   * @default undefined (the upper bound is `publishTime`)
   * @example { name: 'serde', version: '1.0.106' }
   */
  anchor?: LockPackage | undefined;
  /**
   * Receives progress events (repositories entered, commits counted, the outcome per repository),
   * e.g. to print them with `--verbose`. Called synchronously; must not throw.
   * @default undefined
   * @example (event) => console.error(JSON.stringify(event))
   */
  onEvent?: ((event: SearchEvent) => void) | undefined;
  /**
   * Cancels the search: it rejects with a ResolutionError `ERR_ABORTED` at the next step.
   * @default undefined
   * @example AbortSignal.timeout(30_000)
   */
  signal?: AbortSignal | undefined;
}

/** One repository opened for the search (its history and object reader are shared by the anchor and lockfile searches). */
interface OpenedRepository {
  index: number;
  repository: Repository;
  store: GitObjectStore;
  /** Histories by time bound ('' = from HEAD): the anchor and lockfile searches of one call share the HEAD one. */
  histories: Map<string, Promise<RegistryHistory>>;
}

function historyOf(repository: OpenedRepository, until: number | undefined): Promise<RegistryHistory> {
  const key = until === undefined ? '' : String(until);
  let history = repository.histories.get(key);
  if (history === undefined) {
    history = RegistryHistory.open(repository.repository, { until });
    repository.histories.set(key, history);
  }
  return history;
}

/** Where the search starts: a repository, a history index in it, and an optional time bound. */
interface Start {
  repository: number;
  from: number;
  until: number | undefined;
}

interface AcrossOutcome {
  repository: OpenedRepository;
  history: RegistryHistory;
  outcome: RepositoryOutcome;
  /** The baseline of the first repository searched (the upper bound). */
  upper: Baseline;
}

/**
 * Finds the earliest commit of the crates.io index history at which a Cargo.lock's crates.io
 * packages could have been resolved, with the reference's semantics (google/oss-rebuild
 * `FindRegistryResolution`): the upper bound is the first commit at or before `publishTime` (or the
 * anchor's first commit); the answer is the commit just before the count of present packages drops
 * below its value at the upper bound, found by a one-commit-per-day scan then a commit-exact step,
 * continuing into older repositories when a repository never drops.
 *
 * @param repositories crates.io index repositories, newest → oldest (array or lazy function).
 * @param packages the lockfile's crates.io packages (see `cratesIoPackages` of `@registry-miners/cargolock-parser`).
 * @param publishTime when the lockfile was used (the crate's publish time).
 * @throws {ResolutionError} see {@link ResolutionError} codes; `TypeError` for invalid arguments.
 *
 * @example
 * const current = await NodeGit.Repository.openBare('/var/cache/crates/current');
 * const packages = cratesIoPackages(await readCargoLock('Cargo.lock'));
 * const { commit, time, found, total, missing } = await findRegistryResolution([current], packages, new Date('2020-04-20T08:17:54Z'));
 */
export async function findRegistryResolution(
  repositories: RepositorySource,
  packages: readonly LockPackage[],
  publishTime: Date,
  options: FindRegistryResolutionOptions = {},
): Promise<Resolution> {
  validate(repositories, packages, publishTime, options);
  const { anchor, onEvent, signal } = options;
  if (packages.length === 0) {
    throw new ResolutionError('ERR_NO_PACKAGES', 'no crates.io packages to resolve', {
      hint: 'the lockfile has no packages from crates.io (path, git and other-registry packages are not searched)',
    });
  }
  const repos = new RepositoryList(repositories);

  let start: Start = { repository: 0, from: 0, until: Math.floor(publishTime.getTime() / 1000) };
  if (anchor !== undefined) {
    const found = await searchAcross(repos, groupPackages([anchor]), 1, { repository: 0, from: 0, until: undefined }, 'anchor', options);
    if (found === undefined) {
      const head = await repos.get(0);
      throw new ResolutionError('ERR_ANCHOR_NOT_FOUND', `${anchor.name}@${anchor.version} is not in the index at the head of ${head?.store.path}`, {
        repository: head?.store.path,
        hint: 'update the current index (the version may be newer than the clone), or check the crate name and version',
      });
    }
    const { repository, history, outcome } = found;
    onEvent?.({
      type: 'anchor',
      repositoryIndex: repository.index,
      commit: history.id(outcome.answer),
      time: new Date(history.time(outcome.answer) * 1000),
    });
    start = { repository: repository.index, from: outcome.answer, until: undefined };
  }

  const result = await searchAcross(repos, groupPackages(packages), packages.length, start, 'lockfile', options);
  if (result === undefined) {
    const first = await repos.get(start.repository);
    throw new ResolutionError(
      'ERR_NONE_FOUND_AT_PUBLISH',
      `none of the ${packages.length} packages is in ${first?.store.path} at the search's upper bound`,
      {
        repository: first?.store.path,
        hint: 'check the publish time (too early?) and that the packages come from crates.io',
      },
    );
  }
  const { repository, history, outcome, upper } = result;
  return {
    commit: history.id(outcome.answer),
    time: new Date(history.time(outcome.answer) * 1000),
    found: upper.found,
    total: packages.length,
    missing: packages.filter((_, index) => upper.present[index] === 0).map(({ name, version }) => ({ name, version })),
    repositoryIndex: repository.index,
  };
}

/**
 * The reference's rules across repositories, newest first: the first repository with history at
 * or before the bound sets the upper bound ("no matches" there ends the search: resolves
 * `undefined`); an older repository without matches is skipped; when the newer repository reached
 * its root without a drop and the older one's baseline is strictly lower, the newer root is the
 * answer; otherwise the search continues into the older one; a drop inside a repository ends it.
 */
async function searchAcross(
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
          repository: repository.store.path,
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

/** Opens repositories from the source on first use, once each. */
class RepositoryList {
  readonly #source: RepositorySource;
  readonly #opened = new Map<number, Promise<OpenedRepository | undefined>>();

  constructor(source: RepositorySource) {
    this.#source = source;
  }

  get(index: number, signal?: AbortSignal): Promise<OpenedRepository | undefined> {
    if (signal?.aborted) {
      return Promise.reject(new ResolutionError('ERR_ABORTED', 'the registry search was aborted', { cause: signal.reason }));
    }
    let opened = this.#opened.get(index);
    if (opened === undefined) {
      opened = this.#open(index);
      this.#opened.set(index, opened);
    }
    return opened;
  }

  async #open(index: number): Promise<OpenedRepository | undefined> {
    const source = this.#source;
    const repository = typeof source === 'function' ? await source(index) : source[index];
    if (repository === undefined || repository === null) return undefined;
    if (typeof (repository as Partial<Repository>).odb !== 'function') {
      throw new TypeError(`findRegistryResolution: repository #${index} is not a nodegit Repository, received ${describe(repository)}`);
    }
    const store = new GitObjectStore(repository);
    if (repository.isShallow()) {
      throw new ResolutionError('ERR_SHALLOW_REPOSITORY', `${store.path} is a shallow clone: its history is cut short`, {
        repository: store.path,
        hint: 'clone the index with full depth (git clone --bare without --depth)',
      });
    }
    return { index, repository, store, histories: new Map() };
  }
}

function validate(repositories: unknown, packages: unknown, publishTime: unknown, options: unknown): void {
  if (typeof repositories !== 'function' && !Array.isArray(repositories)) {
    throw new TypeError(`findRegistryResolution: repositories must be an array or a function, received ${describe(repositories)}`);
  }
  if (!Array.isArray(packages)) {
    throw new TypeError(`findRegistryResolution: packages must be an array of { name, version }, received ${describe(packages)}`);
  }
  packages.forEach((pkg: unknown, index) => checkPackage(pkg, `packages[${index}]`));
  if (!(publishTime instanceof Date) || Number.isNaN(publishTime.getTime())) {
    throw new TypeError(`findRegistryResolution: publishTime must be a valid Date, received ${describe(publishTime)}`);
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`findRegistryResolution: options must be an object, received ${describe(options)}`);
  }
  const { anchor, onEvent, signal } = options as FindRegistryResolutionOptions;
  if (anchor !== undefined) checkPackage(anchor, 'options.anchor');
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw new TypeError(`findRegistryResolution: options.onEvent must be a function, received ${describe(onEvent)}`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`findRegistryResolution: options.signal must be an AbortSignal, received ${describe(signal)}`);
  }
}

function checkPackage(pkg: unknown, label: string): void {
  const { name, version } = (pkg ?? {}) as Partial<LockPackage>;
  if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') {
    throw new TypeError(`findRegistryResolution: ${label} must be { name, version } with non-empty strings, received ${describe(pkg)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `a function`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
