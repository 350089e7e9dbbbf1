// Wall time of whole `crates-resolver resolve` runs of the built binary (dist/bin.js), hyperfine
// style: each command run several times in a row, median and spread reported, CPU (user+sys) beside.
//   - a failing input (empty, invalid lockfile): target ≤ 300 ms. Baseline in the same run: the
//     same command with nodegit loaded at start-up, as every command did before it was loaded lazily,
//     and bare `node` (the floor).
//   - the largest shared case (403 packages, two local clones): target ≤ 500 ms; and the same in the
//     managed cache (no --repo: the manager's clones of local remotes, warm), as users run it.
//   - 20,000 real crates.io packages (the first version of 20,000 crates of the bundle's index):
//     target well under 10 s.
//
//   - with BENCH_BASELINE_BIN=<an older build's dist/bin.js> (e.g. main's, from a `git worktree`), the
//     failing inputs and the largest case are also timed with it, in the same run: old beside new.
//   The cache directory is the bench's own; its warm-up run leaves the walked histories there.
//
//   pnpm build && pnpm --filter crates-resolver bench:cli      (BENCH_RUNS=n, default 10; 3 for 20k)
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bareCloneFromBundle, cratesCasesDir, firstVersionsLockfile, makeBundleRemotes } from '@registry-miners/testkit';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(appDir, 'dist', 'bin.js');
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 10));
if (!existsSync(bin)) {
  console.error(`error: ${bin} does not exist\nhint: run \`pnpm build\` at the workspace root first (the benchmark times the built binary)`);
  process.exit(1);
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** One run; CPU from /usr/bin/time when installed (the child's own user+sys), else NaN. */
function once(args: string[], expectCode: number): Promise<Sample> {
  const timed = existsSync('/usr/bin/time');
  const command = timed ? '/usr/bin/time' : process.execPath;
  const argv = timed ? ['-f', 'cpu %U %S', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, argv, { cwd: appDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (code !== expectCode) return reject(new Error(`${args.join(' ')} exited ${code}, expected ${expectCode}:\n${stderr}`));
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN });
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function bench(label: string, args: string[], expectCode: number, count = runs): Promise<number> {
  await once(args, expectCode); // warm the file cache
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) samples.push(await once(args, expectCode));
  const walls = samples.map((sample) => sample.wallMs);
  const wall = median(walls);
  console.log(
    `  ${label.padEnd(52)} median ${fmt(wall)}  min ${fmt(Math.min(...walls))}  max ${fmt(Math.max(...walls))}  cpu ${fmt(median(samples.map((s) => s.cpuMs)))}  (${count} runs)`,
  );
  return wall;
}

function fmt(ms: number): string {
  return Number.isNaN(ms) ? '   n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s`.padStart(7) : `${ms.toFixed(0)} ms`.padStart(7);
}

const work = await mkdtemp(join(tmpdir(), 'crates-resolver-cli-bench-'));
try {
  const [master, snapshot, remotes] = await Promise.all([
    bareCloneFromBundle('master', join(work, 'master')),
    bareCloneFromBundle('snapshot-2020-03-25', join(work, 'snapshot')),
    makeBundleRemotes(join(work, 'remotes')),
  ]);
  // The managed cache of each binary is its own: its warm-up run clones into it.
  const managed = (name: string) => ['--cache-dir', join(work, `managed-${name}`), '--index-url', remotes.current.url, '--archive-url', remotes.archive.url];
  const repos = ['--repo', master, '--repo', snapshot, '--cache-dir', join(work, 'cache')];
  const baselineBin = process.env['BENCH_BASELINE_BIN'];
  const empty = join(work, 'empty.lock');
  const invalid = join(work, 'invalid.lock');
  await writeFile(empty, '');
  await writeFile(invalid, '[[package]\nname = "x"\n');
  const published = ['--published', '2020-04-20T00:00:00Z'];
  const largest = 'nushell-lock-2020-03-21-published-2020-03-27';
  const largestCase = JSON.parse(await readFile(join(cratesCasesDir, largest, 'case.json'), 'utf8')) as { published: string };
  const big = join(work, 'big.lock');
  await writeFile(big, await firstVersionsLockfile(master, 20_000));
  const { stdout: headTime } = await run('git', ['log', '-1', '--format=%cI', 'HEAD'], { cwd: master });

  console.log(`crates-resolver CLI wall time (node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  const floor = await bench('node -e "" (floor)', ['-e', ''], 0);
  const emptyMs = await bench('resolve <empty lockfile>', [bin, 'resolve', empty, ...published, ...repos], 2);
  const invalidMs = await bench('resolve <invalid lockfile>', [bin, 'resolve', invalid, ...published, ...repos], 2);
  const eager = await bench('baseline: resolve <empty>, nodegit loaded at start', ['--import', 'nodegit', bin, 'resolve', empty, ...published, ...repos], 2);
  const largestArgs = ['resolve', join(cratesCasesDir, largest, 'Cargo.lock'), '--published', largestCase.published, ...repos];
  const largestMs = await bench(`resolve ${largest} (403 packages)`, [bin, ...largestArgs], 0);
  const managedArgs = ['resolve', join(cratesCasesDir, largest, 'Cargo.lock'), '--published', largestCase.published];
  const managedMs = await bench('the same, managed cache (no --repo)', [bin, ...managedArgs, ...managed('new')], 0);
  if (baselineBin !== undefined) {
    const oldEmpty = await bench('old build: resolve <empty lockfile>', [baselineBin, 'resolve', empty, ...published, ...repos], 2);
    const oldInvalid = await bench('old build: resolve <invalid lockfile>', [baselineBin, 'resolve', invalid, ...published, ...repos], 2);
    const oldLargest = await bench(`old build: resolve ${largest}`, [baselineBin, ...largestArgs], 0);
    const oldManaged = await bench('old build: the same, managed cache', [baselineBin, ...managedArgs, ...managed('old')], 0);
    console.log(
      `old → new: empty ${fmt(oldEmpty).trim()} → ${fmt(emptyMs).trim()}, invalid ${fmt(oldInvalid).trim()} → ${fmt(invalidMs).trim()}, ` +
        `largest ${fmt(oldLargest).trim()} → ${fmt(largestMs).trim()}, managed ${fmt(oldManaged).trim()} → ${fmt(managedMs).trim()}`,
    );
  }
  const bigMs = await bench('resolve 20,000 real packages', [bin, 'resolve', big, '--published', headTime.trim(), ...repos], 0, Math.min(runs, 3));

  const verdict = (ms: number, target: number) => `${fmt(ms).trim()} ${ms <= target ? '✔' : '✘'} (target ≤ ${target} ms)`;
  console.log(`failing input: empty ${verdict(emptyMs, 300)}, invalid ${verdict(invalidMs, 300)}; ` +
    `with nodegit at start-up ${fmt(eager).trim()} → ${(eager / emptyMs).toFixed(2)}× slower; node alone ${fmt(floor).trim()}`);
  console.log(`largest shared case: ${verdict(largestMs, 500)}, managed cache ${verdict(managedMs, 500)}; 20,000 packages: ${verdict(bigMs, 10_000)}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
