import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { APP_DIR } from '../test/support/cli.js';

/**
 * The design these benchmarks compare against, in the same run: the whole workspace (app and packages)
 * as of this commit, the start of the round that brought the current design (the crawl's runs of
 * 100 bytes a record, lookups journaled, the default young generation). Override with
 * GO_MINER_BENCH_BASELINE=<commit>.
 */
export const BASELINE_COMMIT = process.env.GO_MINER_BENCH_BASELINE ?? '0416c154bef33a8d585cd9330a8ec7af710ef686';

/** How to run the baseline's go-miner: node with these arguments, in this directory. */
export interface BaselineMiner {
  appDir: string;
  nodeArgs: string[];
}

/**
 * Extracts the baseline commit's workspace from git into `.bench-tmp/` (ignored by git), installs it
 * from the local pnpm store (offline), and returns how to run its CLI as its own `start` script does;
 * `undefined` when that cannot be done (the commit is not in this clone, or the store lacks a package).
 */
export function baselineMiner(): BaselineMiner | undefined {
  const root = join(APP_DIR, '.bench-tmp', `workspace-${BASELINE_COMMIT.slice(0, 12)}`);
  const appDir = join(root, 'apps', 'go-miner');
  try {
    if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root, { recursive: true });
      const repository = execFileSync('git', ['-C', APP_DIR, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
      const archive = execFileSync('git', ['-C', repository, 'archive', BASELINE_COMMIT], { maxBuffer: 1 << 30 });
      execFileSync('tar', ['-x', '-C', root], { input: archive });
      execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: root, stdio: 'ignore' });
    }
    const start = (JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    return { appDir, nodeArgs: start.split(/\s+/).slice(1) };
  } catch (error) {
    console.log(`baseline ${BASELINE_COMMIT.slice(0, 12)} unavailable (${(error as Error).message.split('\n')[0]}): figures of this design only`);
    return undefined;
  }
}
