#!/usr/bin/env node
/**
 * Checks the workspace's import graph against the rules in `.dependency-cruiser.cjs` (apps above
 * packages, no app layer importing a higher one, no circle, no production code importing testkit),
 * with dependency-cruiser. Runs first in `pnpm test`; exits non-zero and lists every violation with
 * the rule's advice when one is found.
 *
 *   node scripts/checkImportGraph.mjs [root]    # root: the workspace to check (default: this one)
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(process.argv[2] ?? workspace);
const config = join(workspace, '.dependency-cruiser.cjs');
// The package's own bin, run by this Node: no shell, the same on every platform.
const main = fileURLToPath(import.meta.resolve('dependency-cruiser'));
const bin = join(main.slice(0, main.lastIndexOf(join('dependency-cruiser', 'src'))), 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

const result = spawnSync(process.execPath, [bin, '--config', config, '--output-type', 'err-long', 'packages', 'apps'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
