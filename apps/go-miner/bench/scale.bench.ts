/**
 * Scale: the whole job (crawl, IDs, lookups, export) against the fake registry at 0 ms latency.
 * Default size 4.5M entries / 250k modules (a tenth of the real index); GO_MINER_BENCH_SCALE=full runs
 * the real size (long). The job runs twice in the same run: this design, then the previous one (the
 * baseline commit's go-miner, see baselineMiner.ts; GO_MINER_BENCH_BASELINE=none skips it). Figures of
 * the miner process itself: wall time, CPU user+sys per phase (--summary-file), bytes written to disk
 * (/proc/self/io write_bytes), peak RSS. Both outputs are checked against the ground truth.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnFakeGoRegistry, SyntheticGoDataset, writeGoGroundTruthCsv } from '@registry-miners/testkit';
import { BASELINE_COMMIT, baselineEntry } from './baselineMiner.js';
import { megabytes, runMiner, seconds, sha256File, table } from './support.js';
import type { MinerRun } from './support.js';

const FULL = { entries: 45_000_000, modules: 2_500_000 };
const full = process.env.GO_MINER_BENCH_SCALE === 'full';
const size = full ? FULL : { entries: Number(process.env.GO_MINER_BENCH_ENTRIES ?? 4_500_000), modules: Number(process.env.GO_MINER_BENCH_MODULES ?? 250_000) };
const factor = FULL.entries / size.entries;

console.log(`scale: ${size.entries.toLocaleString('en-US')} entries / ${size.modules.toLocaleString('en-US')} modules${full ? ' (full size)' : ` (1/${factor} of the full size; GO_MINER_BENCH_SCALE=full for 45M / 2.5M)`}`);
const registry = await spawnFakeGoRegistry({ ...size, seed: 1 });
const dir = await mkdtemp(join(tmpdir(), 'go-miner-bench-scale-'));

interface Figures {
  run: MinerRun & { summary: NonNullable<MinerRun['summary']> };
  cpuMs: number;
  csvMatches: boolean;
}

/** One whole job in a fresh state directory; `entry` selects the baseline design's CLI. */
async function measure(name: string, truthHash: string, entry?: string): Promise<Figures> {
  const out = join(dir, `${name}.csv`);
  const run = await runMiner(['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--state-dir', join(dir, `${name}-state`), '--out', out], join(dir, `${name}-summary.json`), {
    echo: process.env.GO_MINER_BENCH_ECHO === '1',
    ...(entry === undefined ? {} : { entry }),
  });
  if (run.code !== 0 || !run.summary) throw new Error(`go-miner (${name}) failed (${run.code}):\n${run.stderrTail}`);
  const csvMatches = (await sha256File(out)) === truthHash;
  await rm(join(dir, `${name}-state`), { recursive: true, force: true });
  await rm(out, { force: true });
  const { resources } = run.summary;
  return { run: run as Figures['run'], cpuMs: resources.cpuUserMs + resources.cpuSystemMs, csvMatches };
}

try {
  const truthFile = join(dir, 'truth.csv');
  await writeGoGroundTruthCsv(new SyntheticGoDataset({ ...size, seed: 1 }), truthFile);
  const truthHash = await sha256File(truthFile);
  const current = await measure('current', truthHash);
  const entry = process.env.GO_MINER_BENCH_BASELINE === 'none' ? undefined : baselineEntry();
  const baseline = entry === undefined ? undefined : await measure('baseline', truthHash, entry);

  const header = ['', 'this design (partitioned runs)', ...(baseline ? [`previous design (${BASELINE_COMMIT.slice(0, 7)}), same run`, 'ratio'] : []), 'target (full size)'];
  const rows = [header];
  const row = (label: string, pick: (f: Figures) => number | undefined, format: (v: number) => string, target: string): void => {
    const a = pick(current);
    const b = baseline ? pick(baseline) : undefined;
    const ratio = a !== undefined && b !== undefined && a > 0 ? `${(b / a).toFixed(1)}× less` : '-';
    rows.push([label, a === undefined ? '-' : format(a), ...(baseline ? [b === undefined ? '-' : format(b), ratio] : []), target]);
  };
  const phase = (name: 'crawl' | 'ids' | 'lookup' | 'export') => (f: Figures) => f.run.summary.phaseResources[name]?.cpuMs;
  row('wall time', (f) => f.run.wallMs, seconds, '-');
  row('CPU user+sys', (f) => f.cpuMs, seconds, '< 600 s');
  row('  crawl (incl. the merge)', phase('crawl'), seconds, '< 120 s');
  row('  IDs', phase('ids'), seconds, '-');
  row('  lookups', phase('lookup'), seconds, '-');
  row('  export', phase('export'), seconds, '≤ 20 s');
  row('bytes written to disk', (f) => f.run.writeBytes, megabytes, '< 5 GB');
  row('peak RSS', (f) => f.run.summary.resources.maxRssBytes, megabytes, '< 500 MB');
  console.log(table(rows));
  for (const [name, f] of [['this design', current], ['previous design', baseline]] as const) {
    if (!f) continue;
    const { summary } = f.run;
    console.log(
      `${name}: entries ${summary.crawl!.entries.toLocaleString('en-US')} in ${summary.crawl!.pages} pages (${summary.crawl!.commits} commits); ` +
        `modules ${summary.modules.toLocaleString('en-US')}; proxy requests ${summary.http.proxy!.requests.toLocaleString('en-US')}; ` +
        `CSV equals the ground truth: ${f.csvMatches ? 'yes' : 'NO'}`,
    );
  }
  if (!full) console.log(`(1/${factor} of the full size: CPU and bytes grow about linearly with the entries; GO_MINER_BENCH_SCALE=full measures the real size)`);
  if (!current.csvMatches || (baseline && !baseline.csvMatches)) process.exitCode = 1;
} finally {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
}
