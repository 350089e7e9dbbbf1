/**
 * Parallel crawl: `go-miner crawl` against the fake index answering each page after 120 ms, with one
 * cursor (`--shards 1`) and with the default shards, in the same run, for this design and the previous
 * one (baselineMiner.ts). The figure is the crawl phase's own duration (from --summary-file, without
 * the process start). Target: the default shards ≥ 8× one cursor at 400k entries.
 * Options (env): GO_MINER_BENCH_CRAWL_ENTRIES (400000), GO_MINER_BENCH_CRAWL_LATENCY_MS (120).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnFakeGoRegistry } from '@registry-miners/testkit';
import { BASELINE_COMMIT, baselineEntry } from './baselineMiner.js';
import { runMiner, seconds, table } from './support.js';

const entries = Number(process.env.GO_MINER_BENCH_CRAWL_ENTRIES ?? 400_000);
const latencyMs = Number(process.env.GO_MINER_BENCH_CRAWL_LATENCY_MS ?? 120);
console.log(`parallel crawl: ${entries.toLocaleString('en-US')} entries, ${latencyMs} ms per index page`);
const registry = await spawnFakeGoRegistry({ entries, modules: Math.round(entries / 10), seed: 1, indexLatencyMs: latencyMs });
const dir = await mkdtemp(join(tmpdir(), 'go-miner-bench-crawl-'));

/** The crawl phase's duration and CPU, in a fresh state directory. */
async function crawl(name: string, shards: string[], entry?: string): Promise<{ ms: number; cpuMs: number }> {
  const state = join(dir, name);
  const run = await runMiner(['crawl', '--index-url', registry.indexUrl, '--state-dir', state, ...shards], join(dir, `${name}.json`), entry === undefined ? {} : { entry });
  if (run.code !== 0 || !run.summary?.crawl) throw new Error(`go-miner crawl (${name}) failed (${run.code}):\n${run.stderrTail}`);
  await rm(state, { recursive: true, force: true });
  return { ms: run.summary.crawl.durationMs, cpuMs: run.summary.phaseResources.crawl?.cpuMs ?? 0 };
}

try {
  const rows = [['design', 'one cursor', 'default shards (16)', 'speedup', 'crawl CPU (16 shards)', 'target']];
  const designs: Array<[string, string | undefined]> = [['this design (sorted runs)', undefined]];
  const entry = process.env.GO_MINER_BENCH_BASELINE === 'none' ? undefined : baselineEntry();
  if (entry !== undefined) designs.push([`previous design (${BASELINE_COMMIT.slice(0, 7)})`, entry]);
  for (const [label, designEntry] of designs) {
    const one = await crawl(`${label}-1`.replace(/\W+/g, '-'), ['--shards', '1'], designEntry);
    const many = await crawl(`${label}-16`.replace(/\W+/g, '-'), [], designEntry);
    const speedup = one.ms / many.ms;
    rows.push([label, seconds(one.ms), seconds(many.ms), `${speedup.toFixed(1)}×`, seconds(many.cpuMs), `≥ 8× ${speedup >= 8 ? 'PASS' : 'FAIL'}`]);
  }
  console.log(table(rows));
} finally {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
}
