/**
 * Scale: the whole job (crawl, IDs, lookups, export) against the fake registry at 0 ms latency.
 * Default size 4.5M entries / 250k modules (a tenth of the real index), with figures extrapolated
 * linearly to 45M / 2.5M and labelled so; GO_MINER_BENCH_SCALE=full runs the real size (long).
 * Figures of the miner process itself (it reports process.resourceUsage() in --summary-file):
 * wall time, CPU user+sys, peak RSS. The output is also checked against the ground truth.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnFakeGoRegistry, SyntheticGoDataset, writeGoGroundTruthCsv } from '@registry-miners/testkit';
import { megabytes, runMiner, seconds, sha256File, table } from './support.js';

const FULL = { entries: 45_000_000, modules: 2_500_000 };
const full = process.env.GO_MINER_BENCH_SCALE === 'full';
const size = full ? FULL : { entries: Number(process.env.GO_MINER_BENCH_ENTRIES ?? 4_500_000), modules: Number(process.env.GO_MINER_BENCH_MODULES ?? 250_000) };
const factor = FULL.entries / size.entries;

console.log(`scale: ${size.entries.toLocaleString('en-US')} entries / ${size.modules.toLocaleString('en-US')} modules${full ? ' (full size)' : ` (1/${factor} of the full size; GO_MINER_BENCH_SCALE=full for 45M / 2.5M)`}`);
const registry = await spawnFakeGoRegistry({ ...size, seed: 1 });
const dir = await mkdtemp(join(tmpdir(), 'go-miner-bench-scale-'));
try {
  const out = join(dir, 'go-modules.csv');
  const run = await runMiner(['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--state-dir', join(dir, 'state'), '--out', out], join(dir, 'summary.json'), {
    echo: process.env.GO_MINER_BENCH_ECHO === '1',
  });
  if (run.code !== 0 || !run.summary) throw new Error(`go-miner failed (${run.code}):\n${run.stderrTail}`);
  const { summary } = run;
  const cpuMs = summary.resources.cpuUserMs + summary.resources.cpuSystemMs;
  const truthFile = join(dir, 'truth.csv');
  await writeGoGroundTruthCsv(new SyntheticGoDataset({ ...size, seed: 1 }), truthFile);
  const match = (await sha256File(out)) === (await sha256File(truthFile));

  const rows = [['', 'measured', ...(full ? [] : ['extrapolated ×' + factor + ' (linear)']), 'target']];
  const x = (value: number, format: (v: number) => string): string[] => [format(value), ...(full ? [] : [format(value * factor)])];
  rows.push(['wall time', ...x(run.wallMs, seconds), '-']);
  rows.push(['  crawl', ...x(summary.crawl!.durationMs, seconds), '-']);
  rows.push(['  lookups', ...x(summary.lookup!.durationMs, seconds), '-']);
  rows.push(['  export', ...x(summary.export!.durationMs, seconds), '-']);
  rows.push(['CPU user+sys', ...x(cpuMs, seconds), '< 600 s']);
  for (const [phase, figures] of Object.entries(summary.phaseResources)) rows.push([`  ${phase}`, ...x(figures.cpuMs, seconds), '-']);
  rows.push(['peak RSS', megabytes(summary.resources.maxRssBytes), ...(full ? [] : ['(not linear: bounded by design)']), '< 500 MB']);
  console.log(table(rows));
  console.log(
    `entries ${summary.crawl!.entries.toLocaleString('en-US')} in ${summary.crawl!.pages} pages (${summary.crawl!.commits} commits); ` +
      `modules ${summary.modules.toLocaleString('en-US')}; proxy requests ${summary.http.proxy!.requests.toLocaleString('en-US')}; ` +
      `CPU user ${seconds(summary.resources.cpuUserMs)} + sys ${seconds(summary.resources.cpuSystemMs)}`,
  );
  console.log(`CSV equals the ground truth: ${match ? 'yes' : 'NO'}`);
  if (!match) process.exitCode = 1;
} finally {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
}
