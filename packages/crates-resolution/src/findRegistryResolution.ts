import { expectedTypeError } from '@registry-miners/utils';
import type { FindRegistryResolutionOptions } from './FindRegistryResolutionOptions.js';
import { groupPackages } from './groupPackages.js';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import { ResolutionCache } from './ResolutionCache.js';
import { RepositoryList } from './RepositoryList.js';
import type { RepositorySource } from './RepositorySource.js';
import type { Resolution } from './Resolution.js';
import { ResolutionError } from './ResolutionError.js';
import { searchAcrossRepositories } from './searchAcrossRepositories.js';
import type { Start } from './searchAcrossRepositories.js';

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
  const { anchor, onEvent } = options;
  if (packages.length === 0) {
    throw new ResolutionError('ERR_NO_PACKAGES', 'no crates.io packages to resolve', {
      hint: 'the lockfile has no packages from crates.io (path, git and other-registry packages are not searched)',
    });
  }
  const repos = new RepositoryList(repositories, options.cache);

  let start: Start = { repository: 0, from: 0, until: Math.floor(publishTime.getTime() / 1000) };
  if (anchor !== undefined) {
    const found = await searchAcrossRepositories(repos, groupPackages([anchor]), 1, { repository: 0, from: 0, until: undefined }, 'anchor', options);
    if (found === undefined) {
      const head = await repos.get(0);
      throw new ResolutionError('ERR_ANCHOR_NOT_FOUND', `${anchor.name}@${anchor.version} is not in the index at the head of ${head?.store.path}`, {
        details: { repository: head?.store.path },
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

  const result = await searchAcrossRepositories(repos, groupPackages(packages), packages.length, start, 'lockfile', options);
  if (result === undefined) {
    const first = await repos.get(start.repository);
    throw new ResolutionError(
      'ERR_NONE_FOUND_AT_PUBLISH',
      `none of the ${packages.length} packages is in ${first?.store.path} at the search's upper bound`,
      {
        details: { repository: first?.store.path },
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

function validate(repositories: unknown, packages: unknown, publishTime: unknown, options: unknown): void {
  if (typeof repositories !== 'function' && !Array.isArray(repositories)) {
    throw expectedTypeError('repositories', 'an array or a function', repositories);
  }
  if (!Array.isArray(packages)) {
    throw expectedTypeError('packages', 'an array of { name, version }', packages);
  }
  packages.forEach((pkg: unknown, index) => checkPackage(pkg, `packages[${index}]`));
  if (!(publishTime instanceof Date) || Number.isNaN(publishTime.getTime())) {
    throw expectedTypeError('publishTime', 'a valid Date', publishTime);
  }
  if (options === null || typeof options !== 'object') {
    throw expectedTypeError('options', 'an object', options);
  }
  const { anchor, onEvent, signal, cache } = options as FindRegistryResolutionOptions;
  if (anchor !== undefined) checkPackage(anchor, 'options.anchor');
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw expectedTypeError('options.onEvent', 'a function', onEvent);
  }
  if (cache !== undefined && !(cache instanceof ResolutionCache)) {
    throw expectedTypeError('options.cache', 'a ResolutionCache', cache);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw expectedTypeError('options.signal', 'an AbortSignal', signal);
  }
}

function checkPackage(pkg: unknown, label: string): void {
  const { name, version } = (pkg ?? {}) as Partial<LockPackage>;
  if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') {
    throw expectedTypeError(label, '{ name, version } with non-empty strings', pkg);
  }
}
