import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { buildIndexRepo, type BuiltIndexRepo } from '@registry-miners/testkit';
import { createGitCliClone, type CloneFunction } from '../src/index.js';

const run = promisify(execFile);

export async function git(args: string[], cwd?: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...env } });
  return stdout.trim();
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `cim-${prefix}-`));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** The remotes a suite's managers clone from, and the current remote's tip. */
export interface SuiteRemotes {
  urls: { currentUrl: string; archiveUrl: string };
  currentTip: string;
}

/**
 * A current remote and an archive remote with `snapshotDates`, built before the tests of the
 * enclosing `describe` block and removed after them.
 */
export function remotesForSuite(prefix: string, snapshotDates: readonly string[]): () => SuiteRemotes {
  let dir: { path: string; cleanup: () => Promise<void> } | undefined;
  let remotes: SuiteRemotes | undefined;
  beforeAll(async () => {
    dir = await tempDir(prefix);
    const current = await makeCurrentRemote(dir.path);
    const archive = await makeArchiveRemote(dir.path, snapshotDates);
    remotes = { urls: { currentUrl: current.url, archiveUrl: archive.url }, currentTip: current.tip };
  });
  afterAll(() => dir?.cleanup());
  return () => remotes!;
}

/** A small current-index remote (`master`), a few commits, the last one at `tipTime`. */
export async function makeCurrentRemote(dir: string, tipTime = '2020-04-03T12:00:00Z'): Promise<BuiltIndexRepo> {
  return buildIndexRepo(join(dir, 'current.git'), [
    { time: '2020-04-01T00:00:00Z', files: { serde: ['1.0.0'] } },
    { time: '2020-04-02T08:00:00Z', files: { serde: ['1.0.0', '1.0.1'] } },
    { time: tipTime, files: { rand: ['0.7.0'] } },
  ]);
}

/**
 * An archive remote with one `snapshot-<date>` branch per date (each a few commits ending that
 * day) plus noise refs that are not snapshots.
 */
export async function makeArchiveRemote(dir: string, dates: readonly string[]): Promise<{ path: string; url: string }> {
  const path = join(dir, 'archive.git');
  await git(['init', '--quiet', '--bare', '--initial-branch=main', path]);
  for (const date of dates) {
    const built = await buildIndexRepo(join(dir, `build-${date}.git`), [
      { time: `${date}T01:00:00Z`, files: { serde: ['1.0.0'] } },
      { time: `${date}T02:00:00Z`, files: { [`crate-${date}`]: ['0.1.0'] } },
    ], { branch: `snapshot-${date}` });
    await git(['fetch', '--quiet', built.path, `+refs/heads/snapshot-${date}:refs/heads/snapshot-${date}`], path);
    await rm(built.path, { recursive: true, force: true });
  }
  const anyTip = await git(['rev-parse', `refs/heads/snapshot-${dates[0]}`], path);
  for (const noise of ['refs/heads/main', 'refs/heads/snapshot-latest', 'refs/heads/snapshot-2020-13-01', 'refs/heads/old/snapshot-2019-01-01', 'refs/tags/snapshot-2018-01-01', 'refs/heads/snapshot-2020-01-01-fixup']) {
    await git(['update-ref', noise, anyTip], path);
  }
  return { path, url: pathToFileURL(path).href };
}

/** Adds a commit at `time` on `branch` of the bare repository `path`; returns its id. */
export async function addCommit(path: string, branch: string, time: string, file = 'ra/nd/rand'): Promise<string> {
  const env = { GIT_AUTHOR_DATE: time, GIT_COMMITTER_DATE: time, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const parent = await git(['rev-parse', `refs/heads/${branch}`], path);
  const blob = (await new Promise<string>((resolve, reject) => {
    const child = execFile('git', ['hash-object', '-w', '--stdin'], { cwd: path }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
    child.stdin!.end(`{"name":"rand","vers":"${time}"}\n`);
  }));
  const index = join(path, `tmp-index-${process.pid}`);
  const indexEnv = { ...env, GIT_INDEX_FILE: index };
  await git(['read-tree', parent], path, indexEnv);
  await git(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], path, indexEnv);
  const tree = await git(['write-tree'], path, indexEnv);
  await rm(index, { force: true });
  const commit = await git(['commit-tree', tree, '-p', parent, '-m', `Updating crate \`rand#${time}\``], path, env);
  await git(['update-ref', `refs/heads/${branch}`, commit], path);
  return commit;
}

/** The entries of a cache directory other than the lock's files. */
export async function cacheEntries(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !name.startsWith('index-manager-lock.')).sort();
}

/** A gate a test opens by hand. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A clone function that waits for `until` (or the signal) before running the git CLI clone. */
export function delayedClone(until: (request: Parameters<CloneFunction>[0]) => Promise<void>): CloneFunction {
  const clone = createGitCliClone();
  return async (request) => {
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(request.signal.reason);
      request.signal.addEventListener('abort', onAbort, { once: true });
      until(request).then(() => {
        request.signal.removeEventListener('abort', onAbort);
        resolve();
      }, reject);
    });
    await clone(request);
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
