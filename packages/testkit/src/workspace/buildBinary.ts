import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The workspace root (testkit lives in packages/testkit/src/workspace). */
const WORKSPACE = fileURLToPath(new URL('../../../..', import.meta.url));

export interface BuiltBinary {
  /** The compiled entry point, e.g. apps/go-miner/dist/bin.js. */
  path: string;
  /** Someone may execute it (any of the x bits set). */
  executable: boolean;
  /** Its first line (`#!/usr/bin/env node` for a binary). */
  firstLine: string;
  /** What it printed when executed directly (not through `node`) with `--version`. */
  version: string;
}

/**
 * Builds a workspace app as `pnpm build` does (turbo: the app and the packages it depends on; a cached build
 * is reused), then runs its `dist/bin.js` the way a user's shell would, as a program of its own.
 */
export async function buildBinary(packageName: string, appDir: string): Promise<BuiltBinary> {
  await run('pnpm', ['exec', 'turbo', 'run', 'build', `--filter=${packageName}`, '--output-logs=errors-only'], { cwd: WORKSPACE });
  const path = join(appDir, 'dist', 'bin.js');
  const mode = (await stat(path)).mode;
  const firstLine = (await readFile(path, 'utf8')).split('\n', 1)[0]!;
  const executable = (mode & 0o111) !== 0;
  const version = executable ? (await run(path, ['--version'], { cwd: appDir })).stdout.trim() : '';
  return { path, executable, firstLine, version };
}

/**
 * Builds an app and lists what keeps its `dist/bin.js` from being the program the README promises
 * (a shebang, the x bit, `--version` printing the manifest's version); empty when nothing does.
 */
export async function builtBinaryProblems(packageName: string, appDir: string): Promise<string[]> {
  const { version: expected } = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8')) as { version: string };
  const built = await buildBinary(packageName, appDir);
  const problems: string[] = [];
  if (!/^#!\/usr\/bin\/env (-S )?node\b/.test(built.firstLine)) problems.push(`first line is not a node shebang: ${built.firstLine}`);
  if (!built.executable) problems.push(`${built.path} is not executable`);
  else if (built.version !== expected) problems.push(`--version printed ${built.version}, the manifest says ${expected}`);
  return problems;
}
