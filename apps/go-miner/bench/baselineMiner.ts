import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { APP_DIR } from './support.js';

/**
 * The design these benchmarks compare against, in the same run: go-miner as of this commit (the last
 * session's design: each crawl batch written as a sorted text run, the runs merged by a k-way merge of
 * text lines; the whole job inside the app). Override with GO_MINER_BENCH_BASELINE=<commit>.
 */
export const BASELINE_COMMIT = process.env.GO_MINER_BENCH_BASELINE ?? 'dbb7a91f4f0e99da2cc85c5f21eff7858f91552d';

/**
 * Extracts the baseline's `apps/go-miner/src` (and package.json) from git into `.bench-tmp/` (ignored by git) and returns its
 * entry point, to run with the same node flags and the workspace's packages; `undefined` when the
 * commit is not in this clone.
 */
export function baselineEntry(): string | undefined {
  const dir = join(APP_DIR, '.bench-tmp', `baseline-${BASELINE_COMMIT.slice(0, 12)}`);
  const entry = join(dir, 'src', 'bin.ts');
  if (existsSync(entry)) return entry;
  try {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['-C', APP_DIR, 'archive', BASELINE_COMMIT, '--', 'src', 'package.json'], { maxBuffer: 64 << 20 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    // Its imports resolve to the workspace's packages through pnpm's store of every installed package
    // (the app itself no longer depends on all of them).
    symlinkSync(join(APP_DIR, '..', '..', 'node_modules', '.pnpm', 'node_modules'), join(dir, 'node_modules'), 'dir');
    return entry;
  } catch (error) {
    console.log(`baseline ${BASELINE_COMMIT} unavailable (${(error as Error).message.split('\n')[0]}): figures of this design only`);
    return undefined;
  }
}
