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
import { BASELINE_COMMIT, baselineMiner } from './baselineMiner.js';
import type { BaselineMiner } from './baselineMiner.js';
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

const separate = process.env.GO_MINER_BENCH_PHASES === 'separate';

/**
 * One whole job in a fresh state directory; `miner` runs the baseline design's CLI instead. With
 * GO_MINER_BENCH_PHASES=separate, as three runs (`crawl`, `lookup`, `export`) whose figures are printed
 * as each ends (for the long full-size run) and added up. The CSV is kept for the comparison.
 */
async function measure(name: string, miner?: BaselineMiner): Promise<Figures & { out: string }> {
  const out = join(dir, `${name}.csv`);
  const state = ['--state-dir', join(dir, `${name}-state`)];
  const steps = separate
    ? [['crawl', '--index-url', registry.indexUrl, ...state], ['lookup', '--proxy-url', registry.proxyUrl, ...state], ['export', ...state, '--out', out]]
    : [['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, ...state, '--out', out]];
  const runs: Figures['run'][] = [];
  for (const args of steps) {
    const run = await runMiner(args, join(dir, `${name}-summary.json`), {
      echo: process.env.GO_MINER_BENCH_ECHO === '1',
      ...(miner === undefined ? {} : { miner }),
    });
    if (run.code !== 0 || !run.summary) throw new Error(`go-miner (${name} ${args[0]}) failed (${run.code}):\n${run.stderrTail}`);
    const { resources, phaseResources } = run.summary;
    if (separate) {
      const phases = Object.entries(phaseResources).map(([phase, figures]) => `${phase} ${seconds(figures.cpuMs)}`).join(', ');
      console.log(
        `${name} ${args[0]}: wall ${seconds(run.wallMs)}, CPU ${seconds(resources.cpuUserMs + resources.cpuSystemMs)} (${phases}), ` +
          `written ${run.writeBytes === undefined ? '?' : megabytes(run.writeBytes)}, peak RSS ${megabytes(resources.maxRssBytes)}`,
      );
    }
    runs.push(run as Figures['run']);
  }
  await rm(join(dir, `${name}-state`), { recursive: true, force: true });
  const last = runs[runs.length - 1]!;
  const summary = {
    ...last.summary,
    crawl: runs[0]!.summary.crawl,
    http: { ...runs[0]!.summary.http, ...runs[Math.min(1, runs.length - 1)]!.summary.http },
    phaseResources: Object.assign({}, ...runs.map((run) => run.summary.phaseResources)) as typeof last.summary.phaseResources,
    resources: {
      ...last.summary.resources,
      cpuUserMs: runs.reduce((sum, run) => sum + run.summary.resources.cpuUserMs, 0),
      cpuSystemMs: runs.reduce((sum, run) => sum + run.summary.resources.cpuSystemMs, 0),
      maxRssBytes: Math.max(...runs.map((run) => run.summary.resources.maxRssBytes)),
    },
  };
  const writeBytes = runs.every((run) => run.writeBytes !== undefined) ? runs.reduce((sum, run) => sum + run.writeBytes!, 0) : undefined;
  const run = { ...last, wallMs: runs.reduce((sum, r) => sum + r.wallMs, 0), writeBytes, summary };
  return { run, cpuMs: summary.resources.cpuUserMs + summary.resources.cpuSystemMs, csvMatches: false, out };
}

try {
  const current = await measure('current');
  const miner = process.env.GO_MINER_BENCH_BASELINE === 'none' ? undefined : baselineMiner();
  const baseline = miner === undefined ? undefined : await measure('baseline', miner);
  // The ground truth last: at full size it takes a while, and the figures above are printed by then.
  const truthFile = join(dir, 'truth.csv');
  await writeGoGroundTruthCsv(new SyntheticGoDataset({ ...size, seed: 1 }), truthFile);
  const truthHash = await sha256File(truthFile);
  for (const figures of [current, baseline]) {
    if (!figures) continue;
    figures.csvMatches = (await sha256File(figures.out)) === truthHash;
    await rm(figures.out, { force: true });
  }

  const header = ['', 'this design', ...(baseline ? [`previous design (${BASELINE_COMMIT.slice(0, 7)}), same run`, 'ratio'] : []), 'target (full size)'];
  const rows = [header];
  const row = (label: string, pick: (f: Figures) => number | undefined, format: (v: number) => string, target: string): void => {
    const a = pick(current);
    const b = baseline ? pick(baseline) : undefined;
    const ratio = a === undefined || b === undefined || a <= 0 || b <= 0 ? '-' : b >= a ? `${(b / a).toFixed(1)}× less` : `${(a / b).toFixed(1)}× more`;
    rows.push([label, a === undefined ? '-' : format(a), ...(baseline ? [b === undefined ? '-' : format(b), ratio] : []), target]);
  };
  const phase = (name: 'crawl' | 'ids' | 'lookup' | 'export') => (f: Figures) => f.run.summary.phaseResources[name]?.cpuMs;
  const microsPerRequest = (f: Figures): number | undefined => {
    const cpuMs = phase('lookup')(f);
    const requests = f.run.summary.http.proxy?.requests;
    return cpuMs === undefined || !requests ? undefined : (1000 * cpuMs) / requests;
  };
  row('wall time', (f) => f.run.wallMs, seconds, '-');
  row('CPU user+sys', (f) => f.cpuMs, seconds, '< 600 s');
  row('  crawl (incl. the merge)', phase('crawl'), seconds, '< 120 s');
  row('  IDs', phase('ids'), seconds, '-');
  row('  lookups', phase('lookup'), seconds, '-');
  row('  lookups: CPU per proxy request', (f) => microsPerRequest(f), (v) => `${v.toFixed(0)} µs`, '≤ 60 µs');
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
