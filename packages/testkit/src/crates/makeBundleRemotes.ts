import { expectedTypeError } from '@registry-miners/utils';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cratesIndexBundle } from './bundle.js';
import { git } from './git.js';

/** The bundle branch that stands for the current index (`rust-lang/crates.io-index`, `master`). */
export const CURRENT_INDEX_BRANCH = 'master';
/** The bundle branch that stands for the archive (`rust-lang/crates.io-index-archive`). */
export const ARCHIVE_SNAPSHOT_BRANCH = 'snapshot-2020-03-25';

/** One bare git repository usable as a remote. */
export interface BundleRemote {
  /** Absolute path of the bare repository. */
  path: string;
  /** `file://` URL of `path`, for `git clone`/`git fetch`. */
  url: string;
  /** The one branch it holds (`refs/heads/<branch>`, also its HEAD). */
  branch: string;
  /** Commit id at the branch tip. */
  tip: string;
}

/** Local stand-ins for the two crates.io index repositories, made from the bundle. */
export interface BundleRemotes {
  /** The directory holding `current.git` and `archive.git` (serve it with `serveGitHttp(dir)`). */
  dir: string;
  /** `current.git`: branch `master`, like `https://github.com/rust-lang/crates.io-index.git`. */
  current: BundleRemote;
  /** `archive.git`: branch `snapshot-2020-03-25`, like `https://github.com/rust-lang/crates.io-index-archive.git`. */
  archive: BundleRemote;
}

export interface MakeBundleRemotesOptions {
  /**
   * The git bundle to read.
   * @default cratesIndexBundle (fixtures/crates-index-2020.bundle)
   */
  bundle?: string;
  /**
   * Where the bundle's branches are unpacked once and kept between test runs; `dir` gets cheap
   * hard-linked clones of them.
   * @default join(os.tmpdir(), 'registry-miners-testkit')
   * @example makeBundleRemotes(dir, { cacheDir: '/var/cache/registry-miners' })
   */
  cacheDir?: string;
}

const REPOS = { current: CURRENT_INDEX_BRANCH, archive: ARCHIVE_SNAPSHOT_BRANCH } as const;
type RepoKey = keyof typeof REPOS;

/** Work in flight, so concurrent calls share it; finished results are found on disk again. */
const unpacking = new Map<string, Promise<string>>();
const making = new Map<string, Promise<BundleRemotes>>();

/**
 * Makes `dir/current.git` (branch `master`) and `dir/archive.git` (branch `snapshot-2020-03-25`)
 * from the crates index bundle: bare, single-branch repositories to use as remotes over file:// or,
 * with {@link serveGitHttp}, over smart HTTP. Calling it again for the same `dir` reuses them.
 *
 * Unpacking the bundle takes seconds, so it happens once per bundle version (size + mtime) into a
 * cache directory, built aside and renamed into place so parallel test processes never see half of
 * it; each `dir` then gets hard-linked clones (milliseconds) that tests may change freely.
 *
 * @example
 * const remotes = await makeBundleRemotes(await mkdtemp(join(tmpdir(), 'remotes-')));
 * await execFile('git', ['clone', '--bare', remotes.current.url, 'current']);
 */
export function makeBundleRemotes(dir: string, options: MakeBundleRemotesOptions = {}): Promise<BundleRemotes> {
  if (typeof dir !== 'string' || dir === '') {
    throw expectedTypeError('dir', 'a non-empty string', dir);
  }
  const target = resolve(dir);
  return joinInFlight(making, target, () => build(target, options));
}

async function build(dir: string, options: MakeBundleRemotesOptions): Promise<BundleRemotes> {
  await mkdir(dir, { recursive: true });
  const remotes: Partial<Record<RepoKey, BundleRemote>> = {};
  let cache: string | undefined;
  for (const key of Object.keys(REPOS) as RepoKey[]) {
    const path = join(dir, `${key}.git`);
    if (!(await isRepo(path))) {
      cache ??= await unpackedBundle(options);
      await cloneAside(join(cache, `${key}.git`), path);
    }
    const branch = REPOS[key];
    const tip = (await git(['rev-parse', `refs/heads/${branch}`], { cwd: path })).trim();
    remotes[key] = { path, url: pathToFileURL(path).href, branch, tip };
  }
  return { dir, current: remotes.current!, archive: remotes.archive! };
}

/** The cache directory holding `current.git` and `archive.git` for this bundle, unpacking it if needed. */
function unpackedBundle(options: MakeBundleRemotesOptions): Promise<string> {
  const bundle = resolve(options.bundle ?? cratesIndexBundle);
  const cacheRoot = resolve(options.cacheDir ?? join(tmpdir(), 'registry-miners-testkit'));
  const memo = `${bundle}\0${cacheRoot}`;
  return joinInFlight(unpacking, memo, () => unpack(bundle, cacheRoot));
}

async function unpack(bundle: string, cacheRoot: string): Promise<string> {
  const info = await stat(bundle);
  const id = createHash('sha256').update(bundle).digest('hex').slice(0, 12);
  const final = join(cacheRoot, `crates-bundle-${id}-${info.size}-${Math.trunc(info.mtimeMs)}`);
  if (await isComplete(final)) return final;

  await mkdir(cacheRoot, { recursive: true });
  const work = await mkdtemp(join(cacheRoot, '.building-'));
  try {
    // One clone of the whole bundle, then hard-linked single-branch clones of it.
    const full = join(work, 'full.git');
    await git(['clone', '--quiet', '--bare', bundle, full]);
    for (const [key, branch] of Object.entries(REPOS)) {
      const repo = join(work, `${key}.git`);
      await git(['clone', '--quiet', '--bare', '--local', '--single-branch', '--branch', branch, full, repo]);
      await git(['remote', 'remove', 'origin'], { cwd: repo });
    }
    await rm(full, { recursive: true, force: true });
    await writeFile(join(work, 'complete.json'), `${JSON.stringify({ bundle, size: info.size, mtimeMs: info.mtimeMs })}\n`);
    try {
      await rename(work, final);
    } catch (error) {
      // Another process finished first: use its copy.
      if (!(await isComplete(final))) throw error;
    }
    return final;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Clones `source` to `path` (hard links), building aside and renaming so `path` is whole or absent. */
async function cloneAside(source: string, path: string): Promise<void> {
  const aside = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await git(['clone', '--quiet', '--bare', '--local', source, aside]);
    await git(['remote', 'remove', 'origin'], { cwd: aside });
    try {
      await rename(aside, path);
    } catch (error) {
      if (!(await isRepo(path))) throw error;
    }
  } finally {
    await rm(aside, { recursive: true, force: true });
  }
}

async function isRepo(path: string): Promise<boolean> {
  return stat(join(path, 'HEAD')).then(
    () => true,
    () => false,
  );
}

async function isComplete(cache: string): Promise<boolean> {
  return readFile(join(cache, 'complete.json'), 'utf8').then(
    () => true,
    () => false,
  );
}

/** The work in flight under `key`, or `start()`'s, shared by every caller until it settles. */
function joinInFlight<T>(inFlight: Map<string, Promise<T>>, key: string, start: () => Promise<T>): Promise<T> {
  let result = inFlight.get(key);
  if (!result) {
    result = start().finally(() => inFlight.delete(key));
    inFlight.set(key, result);
  }
  return result;
}
