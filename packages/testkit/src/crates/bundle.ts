import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The real crates.io index history kept in `fixtures/` (copied from a real crates.io index) (branches `master`, `snapshot-2020-03-25`). */
export const cratesIndexBundle = fileURLToPath(
  new URL('../../fixtures/crates-index-2020.bundle', import.meta.url),
);

/** The shared real Cargo.lock cases, one folder each with `Cargo.lock` and `case.json`. */
export const cratesCasesDir = fileURLToPath(new URL('../../fixtures/crates-cases', import.meta.url));

/** Clones one branch of the bundle into `dir` as a bare, single-branch, full-depth repository. */
export async function bareCloneFromBundle(branch: string, dir: string, bundle = cratesIndexBundle): Promise<string> {
  await run('git', ['clone', '--quiet', '--bare', '--single-branch', '--branch', branch, bundle, dir]);
  return dir;
}
