/**
 * Under faults: 5% 5xx, 2% connection resets, 429 bursts (with Retry-After), 1% "fetch timed out",
 * on the index and the proxy. The CSV must equal the ground truth exactly; the time is compared with
 * a fault-free run of the same dataset, measured in the same run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goGroundTruthCsv, spawnFakeGoRegistry, SyntheticGoDataset } from '@registry-miners/testkit';
import type { GoFaultOptions } from '@registry-miners/testkit';
import { runMiner, seconds, table } from './support.js';

const size = { entries: Number(process.env.GO_MINER_BENCH_FAULT_ENTRIES ?? 200_000), modules: Number(process.env.GO_MINER_BENCH_FAULT_MODULES ?? 20_000), seed: 1 };
const faults: GoFaultOptions = {
  serverErrorRate: 0.05,
  resetRate: 0.02,
  fetchTimedOutRate: 0.01,
  tooManyRequestsRate: 0.005,
  retryAfterSeconds: 1,
  rateLimitBurst: { everyRequests: 5000, durationMs: 300 },
};
console.log(`faults: ${size.entries} entries / ${size.modules} modules; ${JSON.stringify(faults)}`);
const truth = goGroundTruthCsv(new SyntheticGoDataset(size));
const dir = await mkdtemp(join(tmpdir(), 'go-miner-bench-faults-'));
try {
  const rows = [['run', 'time', 'proxy requests', 'retries', 'failed lookups', 'CSV equals ground truth']];
  for (const withFaults of [false, true]) {
    const registry = await spawnFakeGoRegistry({ ...size, latencyMs: 1, ...(withFaults ? { faults } : {}) });
    try {
      const name = withFaults ? 'faults' : 'clean';
      const out = join(dir, `${name}.csv`);
      const run = await runMiner(
        ['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--state-dir', join(dir, `state-${name}`), '--out', out, '--shards', '4'],
        join(dir, `${name}.json`),
      );
      if (run.code !== 0 || !run.summary) throw new Error(`go-miner failed (${run.code}):\n${run.stderrTail}`);
      const stats = await registry.stats();
      const http = run.summary.http;
      rows.push([
        withFaults ? `with faults (${Object.entries(stats.faults).map(([kind, n]) => `${kind} ${n}`).join(', ')})` : 'no faults (baseline)',
        seconds(run.wallMs),
        String(http.proxy!.requests),
        String((http.index?.retries ?? 0) + http.proxy!.retries),
        String(run.summary.lookupCounts.failed),
        (await readFile(out, 'utf8')) === truth ? 'yes' : 'NO',
      ]);
    } finally {
      await registry.close();
    }
  }
  console.log(table(rows));
  if (rows.some((row) => row[5] === 'NO')) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
