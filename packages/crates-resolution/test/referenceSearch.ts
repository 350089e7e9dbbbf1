import NodeGit from 'nodegit';
import type { Commit, Repository, Revwalk, Tree } from 'nodegit';
import { entryPath } from '../src/entryPath.js';
import { messageOf } from '../src/messageOf.js';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import type { Resolution } from '../src/Resolution.js';
import { ResolutionError } from '../src/ResolutionError.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const GIT_ENOTFOUND = -3;
const GIT_ITEROVER = -31;

interface SearchResult {
  resolution: Commit;
  resolvable: number;
  prior: Commit | undefined;
  /** Presence flag per package at the first (upper bound) commit. */
  present: Uint8Array;
}

class NoMatches extends Error {}

/**
 * A straightforward port of the reference search (google/oss-rebuild `FindRegistryResolution` /
 * `FindRegistryResolutionAtPackage`) to nodegit, kept as the baseline of the benchmark and as an
 * oracle for tests: every examined commit looks up every package's path in the commit's tree, a
 * file is re-read only when its blob id changed since the last commit examined (per path), one
 * commit per 24 h is examined going back, then every commit from the last good day.
 *
 * Differences from the Go code, all on purpose: object read errors are raised (`ERR_READ`) instead
 * of counting the package absent (a missing path is still "absent"); no error when the upper bound
 * lacks some packages (they are reported in `missing`, computed like {@link findRegistryResolution});
 * errors use {@link ResolutionError} codes. Test code (an oracle and the benchmark's baseline), never shipped.
 */
export async function referenceFindRegistryResolution(
  indices: readonly Repository[],
  packages: readonly LockPackage[],
  publishTime: Date,
  options: { anchor?: LockPackage | undefined } = {},
): Promise<Resolution> {
  if (packages.length === 0) throw new ResolutionError('ERR_NO_PACKAGES', 'no crates to resolve');
  if (indices.length === 0) throw new ResolutionError('ERR_NO_REPOSITORIES', 'no registry indices to search');
  if (options.anchor === undefined) return search(indices, packages, undefined, publishTime);
  const head = await NodeGit.Reference.nameToId(indices[0]!, 'HEAD');
  let target: Resolution;
  try {
    target = await search(indices.slice(0, 1), [options.anchor], head.tostrS(), undefined);
  } catch (error) {
    if (error instanceof ResolutionError && error.code === 'ERR_NONE_FOUND_AT_PUBLISH') {
      throw new ResolutionError('ERR_ANCHOR_NOT_FOUND', 'target package version not found', { cause: error });
    }
    throw error;
  }
  return search(indices, packages, target.commit, undefined);
}

async function search(
  indices: readonly Repository[],
  packages: readonly LockPackage[],
  upperCommit: string | undefined,
  upperTime: Date | undefined,
): Promise<Resolution> {
  let last: SearchResult | undefined;
  let best: { result: SearchResult; index: number } | undefined;
  let upper: SearchResult | undefined;
  for (let i = 0; i < indices.length; i += 1) {
    let result: SearchResult;
    try {
      result = await findCommitWithVersions(indices[i]!, packages, i === 0 ? upperCommit : undefined, upperTime);
    } catch (error) {
      if (i > 0 && error instanceof NoMatches) continue;
      if (error instanceof NoMatches) {
        throw new ResolutionError('ERR_NONE_FOUND_AT_PUBLISH', 'no packages found at search upper bound', { cause: error });
      }
      throw error;
    }
    upper ??= result;
    if (last !== undefined && last.prior === undefined && result.resolvable < last.resolvable) break;
    best = { result, index: i };
    if (result.prior !== undefined) break;
    last = result;
  }
  const { result, index } = best!;
  return {
    commit: result.resolution.sha(),
    time: new Date(result.resolution.time() * 1000),
    found: upper!.present.reduce((sum, flag) => sum + flag, 0),
    total: packages.length,
    missing: packages.filter((_, p) => upper!.present[p] === 0).map(({ name, version }) => ({ name, version })),
    repositoryIndex: index,
  };
}

async function findCommitWithVersions(
  repo: Repository,
  packages: readonly LockPackage[],
  upperCommit: string | undefined,
  upperTime: Date | undefined,
): Promise<SearchResult> {
  const blobHashes = new Map<string, string>();
  const present = new Map<string, Map<string, boolean>>();
  const packagesByPath = new Map<string, { pkg: LockPackage; index: number }[]>();
  packages.forEach((pkg, index) => {
    const path = entryPath(pkg.name);
    const list = packagesByPath.get(path) ?? [];
    list.push({ pkg, index });
    packagesByPath.set(path, list);
  });
  const presentAt = new Uint8Array(packages.length);

  const matchesFor = async (commit: Commit): Promise<number> => {
    const tree: Tree = await commit.getTree();
    let found = 0;
    for (const [path, pathPackages] of packagesByPath) {
      let entry;
      try {
        entry = await tree.getEntry(path);
      } catch (error) {
        if ((error as { errno?: number }).errno === GIT_ENOTFOUND) continue;
        throw readError(repo, `${path} at ${commit.sha()}`, error);
      }
      if (!entry.isBlob()) continue;
      const sha = entry.sha();
      if (sha !== blobHashes.get(path)) {
        let content: Buffer;
        try {
          content = (await repo.getBlob(entry.id())).content();
        } catch (error) {
          throw readError(repo, `blob ${sha} (${path})`, error);
        }
        blobHashes.set(path, sha);
        const versions = new Map<string, boolean>();
        for (const { pkg } of pathPackages) versions.set(pkg.version, content.includes(`"vers":"${pkg.version}"`));
        present.set(path, versions);
      }
      for (const { pkg, index } of pathPackages) {
        if (present.get(path)?.get(pkg.version)) {
          found += 1;
          presentAt[index] = 1;
        } else {
          presentAt[index] = 0;
        }
      }
    }
    return found;
  };
  const resetPresence = (): void => {
    presentAt.fill(0);
  };

  // Log from the upper commit (or HEAD), skipping commits after the upper time.
  const from = upperCommit !== undefined ? NodeGit.Oid.fromString(upperCommit) : await NodeGit.Reference.nameToId(repo, 'HEAD');
  const log = logFrom(repo, from, upperTime);
  const first = await log.next();
  if (first === undefined) {
    throw new ResolutionError('ERR_PUBLISHED_BEFORE_HISTORY', 'no commits found before search upper bound');
  }
  resetPresence();
  const maxFound = await matchesFor(first);
  const baselinePresence = presentAt.slice();
  if (maxFound === 0) throw new NoMatches('no packages found at search upper bound');

  let upperBoundCommit = first;
  let nextCheckTime = first.time() * 1000 - DAY_MS;
  for (let c = await log.next(); c !== undefined; c = await log.next()) {
    if (c.time() * 1000 < nextCheckTime) {
      if ((await matchesFor(c)) < maxFound) break;
      upperBoundCommit = c;
      nextCheckTime = c.time() * 1000 - DAY_MS;
    }
  }
  const fine = logFrom(repo, upperBoundCommit.id(), undefined);
  let lastCommit: Commit | undefined;
  for (let commit = await fine.next(); commit !== undefined; commit = await fine.next()) {
    if ((await matchesFor(commit)) < maxFound) {
      return { resolution: lastCommit!, resolvable: maxFound, prior: commit, present: baselinePresence };
    }
    lastCommit = commit;
  }
  return { resolution: lastCommit!, resolvable: maxFound, prior: undefined, present: baselinePresence };
}

/** A lazy commit iterator like go-git's `Log` (all parents; commits after `until` skipped). */
function logFrom(repo: Repository, from: NodeGit.Oid, until: Date | undefined): { next(): Promise<Commit | undefined> } {
  const walk: Revwalk = repo.createRevWalk();
  walk.push(from);
  const untilSeconds = until === undefined ? undefined : until.getTime() / 1000;
  return {
    async next() {
      for (;;) {
        let oid;
        try {
          oid = await walk.next();
        } catch (error) {
          if ((error as { errno?: number }).errno === GIT_ITEROVER) return undefined;
          throw readError(repo, 'the commit history', error);
        }
        const commit = await repo.getCommit(oid);
        if (untilSeconds !== undefined && commit.time() > untilSeconds) continue;
        return commit;
      }
    },
  };
}

function readError(repo: Repository, what: string, error: unknown): ResolutionError {
  return new ResolutionError('ERR_READ', `${repo.path()}: cannot read ${what}: ${messageOf(error)}`, { cause: error });
}
