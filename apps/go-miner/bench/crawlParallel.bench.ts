/**
 * Parallel crawl: `go-miner crawl` against the fake index answering each page 120 ms after its request
 * (rendered on arrival, whatever else is in flight, as a real index's latency would be), with one
 * cursor (`--shards 1`) and with the default shards, in the same run, for this design and the previous
 * one (baselineMiner.ts). The figure is the crawl phase's own duration (from --summary-file, without
 * the process start). Targets: the default shards ≥ 8× one cursor at 400k entries (both designs), and
 * ≥ 12× at 2M entries (this design; GO_MINER_BENCH_CRAWL_LARGE=0 skips it, about 3 minutes).
 * Options (env): GO_MINER_BENCH_CRAWL_ENTRIES (400000), GO_MINER_BENCH_CRAWL_LATENCY_MS (120),
 * GO_MINER_BENCH_CRAWL_LARGE_ENTRIES (2000000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '@registry-miners/go-mining';
import { spawnFakeGoRegistry } from '@registry-miners/testkit';
import { BASELINE_COMMIT, baselineMiner } from './baselineMiner.js';
import type { BaselineMiner } from './baselineMiner.js';
import { runMiner, seconds, table } from './support.js';

const entries = Number(process.env.GO_MINER_BENCH_CRAWL_ENTRIES ?? 400_000);
const largeEntries = process.env.GO_MINER_BENCH_CRAWL_LARGE === '0' ? undefined : Number(process.env.GO_MINER_BENCH_CRAWL_LARGE_ENTRIES ?? 2_000_000);
const latencyMs = Number(process.env.GO_MINER_BENCH_CRAWL_LATENCY_MS ?? 120);
const dir = await mkdtemp(join(tmpdir(), 'go-miner-bench-crawl-'));

/** The crawl phase's duration and CPU, in a fresh state directory. */
async function crawl(indexUrl: string, name: string, shards: string[], miner?: BaselineMiner): Promise<{ ms: number; cpuMs: number }> {
  const state = join(dir, name);
  const run = await runMiner(['crawl', '--index-url', indexUrl, '--state-dir', state, ...shards], join(dir, `${name}.json`), miner === undefined ? {} : { miner });
  if (run.code !== 0 || !run.summary?.crawl) throw new Error(`go-miner crawl (${name}) failed (${run.code}):\n${run.stderrTail}`);
  await rm(state, { recursive: true, force: true });
  return { ms: run.summary.crawl.durationMs, cpuMs: run.summary.phaseResources.crawl?.cpuMs ?? 0 };
}

/** One cursor against the default shards, for each design, against a fresh fake index of `size` entries. */
async function compare(size: number, designs: Array<[string, BaselineMiner | undefined]>, target: number, rows: string[][]): Promise<void> {
  console.log(`parallel crawl: ${size.toLocaleString('en-US')} entries, ${latencyMs} ms per index page`);
  const registry = await spawnFakeGoRegistry({ entries: size, modules: Math.round(size / 10), seed: 1, indexLatencyMs: latencyMs });
  try {
    for (const [label, miner] of designs) {
      const name = `${label}-${size}`.replace(/\W+/g, '-');
      const one = await crawl(registry.indexUrl, `${name}-1`, ['--shards', '1'], miner);
      const many = await crawl(registry.indexUrl, `${name}-16`, [], miner);
      const speedup = one.ms / many.ms;
      rows.push([label, size.toLocaleString('en-US'), seconds(one.ms), seconds(many.ms), `${speedup.toFixed(1)}×`, seconds(many.cpuMs), `≥ ${target}× ${speedup >= target ? 'PASS' : 'FAIL'}`]);
    }
  } finally {
    await registry.close();
  }
}

try {
  const rows = [['design', 'entries', 'one cursor', `each design's default shards (${DEFAULTS.shards} here)`, 'speedup', 'crawl CPU (default shards)', 'target']];
  const current: [string, BaselineMiner | undefined] = ['this design', undefined];
  const designs: Array<[string, BaselineMiner | undefined]> = [current];
  const miner = process.env.GO_MINER_BENCH_BASELINE === 'none' ? undefined : baselineMiner();
  if (miner !== undefined) designs.push([`previous design (${BASELINE_COMMIT.slice(0, 7)})`, miner]);
  await compare(entries, designs, 8, rows);
  if (largeEntries !== undefined) await compare(largeEntries, [current], 12, rows);
  console.log(table(rows));
} finally {
  await rm(dir, { recursive: true, force: true });
}
