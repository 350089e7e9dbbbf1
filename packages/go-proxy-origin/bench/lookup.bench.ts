/**
 * Origin lookups against the testkit's fake proxy (child process, 50 ms per answer, the default
 * fault profile: 5xx, 429, resets, "fetch timed out"): one lookup at a time (baseline, a sample)
 * vs 64 concurrent lookups (all modules), checked against the dataset's ground truth.
 *
 *   pnpm bench                       # 5,000 modules
 *   pnpm bench -- --modules 20000
 */
import { parseArgs } from 'node:util';
import { HttpPool } from '@registry-miners/http-pool';
import { defaultGoFaults, goGroundTruth, type GoGroundTruthRow, spawnFakeGoRegistry, SyntheticGoDataset } from '@registry-miners/testkit';
import { goProxyClassifier, lookupOrigin, type OriginLookup } from '@registry-miners/go-proxy-origin';

const { values } = parseArgs({
  options: {
    modules: { type: 'string', default: '5000' },
    'latency-ms': { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
    sample: { type: 'string', default: '200' },
  },
});
const MODULES = Number(values.modules);
const ENTRIES = MODULES * 5;
const LATENCY_MS = Number(values['latency-ms']);
const CONCURRENCY = Number(values.concurrency);
const SAMPLE = Math.min(MODULES, Number(values.sample));

async function run(rows: readonly GoGroundTruthRow[], proxyUrl: string, concurrency: number): Promise<{ ms: number; results: OriginLookup[]; requests: number }> {
  const pool = new HttpPool({ concurrency, maxRetries: 6, retryBaseDelayMs: 50, classify: goProxyClassifier });
  const results: OriginLookup[] = new Array(rows.length);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < rows.length) {
        const index = next++;
        const row = rows[index]!;
        results[index] = await lookupOrigin(pool, proxyUrl, row.path, row.newestVersion);
      }
    }),
  );
  const ms = performance.now() - start;
  const { requests } = pool.stats();
  await pool.close();
  return { ms, results, requests };
}

function mismatches(rows: readonly GoGroundTruthRow[], results: readonly OriginLookup[]): number {
  let count = 0;
  rows.forEach((row, index) => {
    const result = results[index]!;
    const url = result.status === 'found' ? result.origin.url : null;
    if (result.status !== row.status || url !== row.url) count++;
  });
  return count;
}

const dataset = new SyntheticGoDataset({ entries: ENTRIES, modules: MODULES });
const rows = [...goGroundTruth(dataset)];
const registry = await spawnFakeGoRegistry({ entries: ENTRIES, modules: MODULES, proxyLatencyMs: LATENCY_MS, faults: defaultGoFaults });
try {
  console.log(`origin lookup bench: ${rows.length.toLocaleString('en')} modules, ${LATENCY_MS} ms per answer, default fault profile`);
  const baseline = await run(rows.slice(0, SAMPLE), registry.proxyUrl, 1);
  const parallel = await run(rows, registry.proxyUrl, CONCURRENCY);
  const stats = await registry.stats();
  const rate = (n: number, ms: number): string => (n / (ms / 1000)).toFixed(1);
  console.log(`1 at a time (${SAMPLE} modules):   ${rate(SAMPLE, baseline.ms)} lookups/s, ${(baseline.requests / SAMPLE).toFixed(2)} requests per module, ${mismatches(rows.slice(0, SAMPLE), baseline.results)} mismatches`);
  console.log(`${CONCURRENCY} concurrent (${rows.length} modules): ${rate(rows.length, parallel.ms)} lookups/s, ${(parallel.requests / rows.length).toFixed(2)} requests per module (retries included), ${mismatches(rows, parallel.results)} mismatches, ${(parallel.ms / 1000).toFixed(1)} s`);
  const statuses = parallel.results.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {});
  console.log(`outcomes: ${JSON.stringify(statuses)}; injected faults: ${JSON.stringify(stats.faults)}; requests without Disable-Module-Fetch: ${stats.disableModuleFetchMissing}`);
  console.log(`speedup: ${(Number(rate(rows.length, parallel.ms)) / Number(rate(SAMPLE, baseline.ms))).toFixed(1)}x`);
  if (mismatches(rows, parallel.results) > 0) process.exitCode = 1;
} finally {
  await registry.close();
}
