// Parse time of generated Cargo.lock files at 10k, 20k and 40k packages, against the parser of the
// baseline commit (before the source map was made linear), loaded from git into a scratch folder
// beside this package and measured in the same run, and against smol-toml alone (the floor).
//
//   pnpm --filter @registry-miners/cargolock-parser bench
//   BENCH_BASELINE_REV=<commit> to compare with another commit; BENCH_BASELINE_MAX=<n> packages
//   at most for the baseline (default 20000: the quadratic parser needs minutes at 40k).
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'smol-toml';
import { formatCargoLock, syntheticLockPackages } from '@registry-miners/testkit';
import { parseCargoLock } from '../src/index.js';

const run = promisify(execFile);
const SIZES = [10_000, 20_000, 40_000];
const BASELINE_REV = process.env['BENCH_BASELINE_REV'] ?? '6b86c066fbd55623c72a6e3f3689e819bc007722';
const BASELINE_MAX = Number(process.env['BENCH_BASELINE_MAX'] ?? 20_000);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

type Parse = (text: string) => { packages: unknown[] };

/** The baseline commit's `src/`, written under this package so its imports (smol-toml) resolve. */
async function loadBaseline(): Promise<{ parse: Parse; cleanup: () => Promise<void> } | undefined> {
  const dir = join(packageDir, `.bench-baseline-${process.pid}`);
  try {
    const { stdout: root } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: packageDir });
    const prefix = packageDir.slice(root.trim().length + 1);
    const { stdout: list } = await run('git', ['ls-tree', '--name-only', BASELINE_REV, `${prefix}src/`], { cwd: root.trim() });
    await mkdir(dir, { recursive: true });
    for (const path of list.trim().split('\n')) {
      const { stdout } = await run('git', ['show', `${BASELINE_REV}:${path}`], { cwd: root.trim(), maxBuffer: 1 << 24 });
      await writeFile(join(dir, path.slice(path.lastIndexOf('/') + 1)), stdout);
    }
    const module = (await import(join(dir, 'index.ts'))) as { parseCargoLock: Parse };
    return { parse: module.parseCargoLock, cleanup: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    console.log(`baseline ${BASELINE_REV.slice(0, 12)} not available (${(error as Error).message.split('\n')[0]}): no ratios`);
    return undefined;
  }
}

/** Best of `runs` wall times, in ms, checking the result each time. */
function best(runs: number, body: () => number, expected: number): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const count = body();
    fastest = Math.min(fastest, performance.now() - start);
    if (count !== expected) throw new Error(`parsed ${count} packages, expected ${expected}`);
  }
  return fastest;
}

const baseline = await loadBaseline();
console.log(`Cargo.lock parse time (best of 3; baseline: commit ${BASELINE_REV.slice(0, 12)}, one run, up to ${BASELINE_MAX} packages)`);
console.log('packages   bytes      smol-toml   parser     baseline    ratio');
try {
  for (const size of SIZES) {
    const text = formatCargoLock(syntheticLockPackages(size));
    const toml = best(3, () => (parse(text)['package'] as unknown[]).length, size);
    const ours = best(3, () => parseCargoLock(text).packages.length, size);
    const old = baseline && size <= BASELINE_MAX ? best(1, () => baseline.parse(text).packages.length, size) : undefined;
    console.log(
      [
        String(size).padEnd(10),
        `${(text.length / 1e6).toFixed(1)} MB`.padEnd(10),
        `${toml.toFixed(0)} ms`.padEnd(11),
        `${ours.toFixed(0)} ms`.padEnd(10),
        (old === undefined ? 'skipped' : `${old.toFixed(0)} ms`).padEnd(11),
        old === undefined ? '' : `${(old / ours).toFixed(1)}×`,
      ].join(' '),
    );
  }
} finally {
  await baseline?.cleanup();
}
