/**
 * Lookup throughput at 40 ms per proxy request: modules/s with the default concurrency (64), and with
 * 128 for comparison. The ceiling is concurrency / (latency × requests per module): each lookup is one
 * `.info` request, plus `@latest` when the newest version is gone or has no Origin.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnFakeGoRegistry } from '@registry-miners/testkit';
import { DEFAULTS } from '@registry-miners/go-mining';
import { runMiner, seconds, table } from './support.js';

const LATENCY_MS = 40;
const ENTRIES = Number(process.env.GO_MINER_BENCH_LOOKUP_ENTRIES ?? 300_000);
const MODULES = Number(process.env.GO_MINER_BENCH_LOOKUP_MODULES ?? 30_000);

const registry = await spawnFakeGoRegistry({ entries: ENTRIES, modules: MODULES, seed: 1, indexLatencyMs: 0, proxyLatencyMs: LATENCY_MS });
const dir = await mkdtemp(join(tmpdir(), 'go-miner-bench-lookup-'));
console.log(`lookup throughput: ${MODULES} modules, proxy latency ${LATENCY_MS} ms per request (fake registry in a child process)`);
try {
  const rows = [['concurrency', 'modules', 'requests', 'time', 'modules/s', 'requests/s', 'ceiling modules/s', 'of ceiling']];
  for (const concurrency of [DEFAULTS.concurrency, 2 * DEFAULTS.concurrency]) {
    const state = join(dir, `state-${concurrency}`);
    const crawl = await runMiner(['crawl', '--index-url', registry.indexUrl, '--state-dir', state], join(dir, `crawl-${concurrency}.json`));
    if (crawl.code !== 0) throw new Error(`crawl failed:\n${crawl.stderrTail}`);
    const run = await runMiner(['lookup', '--proxy-url', registry.proxyUrl, '--state-dir', state, '--concurrency', String(concurrency)], join(dir, `lookup-${concurrency}.json`));
    if (run.code !== 0 || !run.summary?.lookup) throw new Error(`lookup failed:\n${run.stderrTail}`);
    const looked = Object.values(run.summary.lookup.byStatus).reduce((a, b) => a + b, 0);
    const requests = run.summary.http.proxy!.requests;
    const perModule = requests / looked;
    const rate = (looked * 1000) / run.summary.lookup.durationMs;
    const ceiling = concurrency / (LATENCY_MS / 1000) / perModule;
    rows.push([
      `${concurrency}${concurrency === DEFAULTS.concurrency ? ' (default)' : ''}`,
      String(looked),
      String(requests),
      seconds(run.summary.lookup.durationMs),
      rate.toFixed(0),
      ((requests * 1000) / run.summary.lookup.durationMs).toFixed(0),
      ceiling.toFixed(0),
      `${((rate / ceiling) * 100).toFixed(0)}%`,
    ]);
  }
  console.log(table(rows));
  console.log(`target: >= 1000 modules/s with the defaults; limit = concurrency / (latency × requests per module)`);
} finally {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
}
