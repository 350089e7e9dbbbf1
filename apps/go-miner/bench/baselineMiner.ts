import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_DIR } from './support.js';

/**
 * The design these benchmarks compare against, in the same run: go-miner as of this commit (each crawl
 * batch read, merged and rewritten in the store; IDs through the journal). Override with
 * GO_MINER_BENCH_BASELINE=<commit>.
 */
export const BASELINE_COMMIT = process.env.GO_MINER_BENCH_BASELINE ?? '6b86c066fbd55623c72a6e3f3689e819bc007722';

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
    return entry;
  } catch (error) {
    console.log(`baseline ${BASELINE_COMMIT} unavailable (${(error as Error).message.split('\n')[0]}): figures of this design only`);
    return undefined;
  }
}
