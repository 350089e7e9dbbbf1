import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import NodeGit from 'nodegit';
import type { Repository } from 'nodegit';
import { buildIndexRepo } from '@registry-miners/testkit';
import type { BuildIndexRepoOptions, BuiltIndexRepo, IndexCommit } from '@registry-miners/testkit';
import type { ResolutionError, SearchEvent } from '../src/index.js';

export const run = promisify(execFile);

/** A temporary directory for one test file; `cleanup` removes it. */
export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `crates-resolution-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A temporary directory for the tests of one file: created before them, removed after them. */
export function tempDirForFile(prefix: string): () => string {
  let temp: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    temp = await makeTempDir(prefix);
  });
  afterAll(() => temp?.cleanup());
  return () => temp!.dir;
}

let counter = 0;

/** Builds a synthetic crates.io index repository (testkit) under `dir` and opens it with nodegit. */
export async function indexRepo(
  dir: string,
  commits: readonly IndexCommit[],
  options: BuildIndexRepoOptions = {},
): Promise<{ built: BuiltIndexRepo; repo: Repository }> {
  counter += 1;
  const built = await buildIndexRepo(join(dir, `index-${counter}.git`), commits, options);
  return { built, repo: await NodeGit.Repository.openBare(built.path) };
}

/** Id of the built commit at `time` (ISO string as given to the builder). */
export function commitAt(built: BuiltIndexRepo, time: string): string {
  const commit = built.commits.find((c) => c.time.getTime() === new Date(time).getTime());
  if (commit === undefined) throw new Error(`no commit at ${time}`);
  return commit.id;
}

/** Collects search events. */
export function recorder(): { events: SearchEvent[]; onEvent: (event: SearchEvent) => void } {
  const events: SearchEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/** Awaits a rejection and returns the ResolutionError (fails the test on anything else). */
export async function rejection(promise: Promise<unknown>): Promise<ResolutionError> {
  try {
    await promise;
  } catch (error) {
    if ((error as Error).name === 'ResolutionError') return error as ResolutionError;
    throw error;
  }
  throw new Error('expected a rejection');
}
