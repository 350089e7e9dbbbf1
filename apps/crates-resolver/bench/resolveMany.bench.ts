// `crates-resolver resolve-many` on the bundle's eight real cases × 50 (400 inputs) in one warm
// process, against the same inputs run one `crates-resolver resolve --json` process each (a sample
// of two per case: the per-input cost is flat), in the same run on the same warm cache.
// BENCH_BUILT=1 runs the compiled CLI (`pnpm build` first) instead of the sources under tsx.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cratesCasesDir, makeBundleRemotes } from '@registry-miners/testkit';

const run = promisify(execFile);
const REPEAT = Number(process.env.RESOLVE_MANY_BENCH_REPEAT ?? 50);
const SAMPLE_PER_CASE = 2;
const appDir = fileURLToPath(new URL('..', import.meta.url));
const cli = process.env.BENCH_BUILT ? ['dist/bin.js'] : ['--conditions=source', '--import', 'tsx', 'src/bin.ts'];

const work = await mkdtemp(join(tmpdir(), 'crates-resolver-many-bench-'));
try {
  const remotes = await makeBundleRemotes(join(work, 'remotes'));
  const managerArgs = ['--cache-dir', join(work, 'cache'), '--index-url', remotes.current.url, '--archive-url', remotes.archive.url];
  const cases: { name: string; lockfile: string; published: string; commit: string }[] = [];
  for (const name of (await readdir(cratesCasesDir)).filter((entry) => !entry.endsWith('.md')).sort()) {
    const { published, expected } = JSON.parse(await readFile(join(cratesCasesDir, name, 'case.json'), 'utf8'));
    cases.push({ name, lockfile: join(cratesCasesDir, name, 'Cargo.lock'), published, commit: expected.commit });
  }
  const resolveOnce = async (item: (typeof cases)[number]): Promise<void> => {
    const { stdout } = await run(process.execPath, [...cli, 'resolve', item.lockfile, '--published', item.published, '--json', ...managerArgs], { cwd: appDir });
    if (JSON.parse(stdout).commit !== item.commit) throw new Error(`${item.name}: wrong answer ${stdout}`);
  };

  let started = performance.now();
  await resolveOnce(cases.find((item) => item.name.startsWith('bat-'))!); // clones both repositories
  console.log(`warm-up (both clones + one resolve): ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  for (let round = 0; round < SAMPLE_PER_CASE; round++) for (const item of cases) await resolveOnce(item);
  const perProcess = (cases.length * SAMPLE_PER_CASE) / ((performance.now() - started) / 1000);

  const input = join(work, 'inputs.jsonl');
  const output = join(work, 'results.jsonl');
  const lines = Array.from({ length: REPEAT * cases.length }, (_, i) => {
    const item = cases[i % cases.length]!;
    return JSON.stringify({ id: `${item.name}#${i}`, lockfile: item.lockfile, published: item.published });
  });
  await writeFile(input, `${lines.join('\n')}\n`);
  started = performance.now();
  await run(process.execPath, [...cli, 'resolve-many', input, '--output', output, ...managerArgs], { cwd: appDir, maxBuffer: 64 * 1024 * 1024 });
  const batchSeconds = (performance.now() - started) / 1000;
  const results = (await readFile(output, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; commit?: string });
  const wrong = results.filter((result) => result.commit !== cases.find((item) => result.id.startsWith(`${item.name}#`))!.commit);
  if (results.length !== lines.length || wrong.length > 0) throw new Error(`resolve-many: ${results.length} results, ${wrong.length} wrong`);
  const batch = lines.length / batchSeconds;

  console.log(`one process per input (${cases.length * SAMPLE_PER_CASE} inputs, baseline): ${perProcess.toFixed(2)} inputs/s`);
  console.log(`resolve-many, ${lines.length} inputs in one process: ${batchSeconds.toFixed(1)} s = ${batch.toFixed(1)} inputs/s, every answer checked`);
  console.log(`resolve-many / one process per input: ${(batch / perProcess).toFixed(1)}x; load average: ${loadavg()[0]!.toFixed(1)}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
