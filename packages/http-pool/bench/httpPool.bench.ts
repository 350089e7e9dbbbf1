/**
 * HttpPool against Node's global fetch, on a local server (a child process, so client and server
 * don't share an event loop) answering like the Go proxy's `.info` endpoint.
 *
 *   pnpm bench   (node --conditions=source --import tsx bench/httpPool.bench.ts)
 *
 * Targets: at 0 ms latency the pool does ≥ 1.5× fetch's requests/s; at 40 ms latency it reaches
 * ≥ 90 % of the theoretical concurrency / latency = 1600 requests/s. Prints PASS/FAIL, exits 0.
 */
import os from 'node:os';
import { Agent } from 'undici';
import { HttpPool } from '@registry-miners/http-pool';
import { startGoInfoServer } from './startGoInfoServer.js';

const CONCURRENCY = 64;
const FAST_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const SLOW_LATENCY_MS = 40;
const SLOW_REQUESTS = CONCURRENCY * 40;
const WARMUP_REQUESTS = 2_000;

interface Figures {
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
}

type Get = (url: string) => Promise<number>;

/** `concurrency` workers, each awaiting `get` in a loop until `total` requests are done. */
async function drive(get: Get, urlFor: (i: number) => string, total: number): Promise<Figures> {
  let next = 0;
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) bytes += await get(urlFor(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (bytes === 0) throw new Error('no bytes received');
  return { requestsPerSecond: total / seconds, cpuMicrosPerRequest: (cpu.user + cpu.system) / total };
}

async function main(): Promise<void> {
  const { child, origin: base } = await startGoInfoServer();
  const urlAt = (latency: number) => (i: number) => `${base}/lat/${latency}/golang.org/x/mod${i % 97}/@v/v0.14.${i % 13}.info`;

  const pool = new HttpPool({ concurrency: CONCURRENCY, connectionsPerOrigin: CONCURRENCY });
  const viaPool: Get = async (url) => (await pool.get(url)).body.length;
  const viaFetch: Get = async (url) => {
    const res = await fetch(url);
    return (await res.arrayBuffer()).byteLength;
  };
  // Reference only: bare undici.request on an Agent, no retries, limits or counters.
  const agent = new Agent({ connections: CONCURRENCY });
  const viaUndici: Get = async (url) => {
    const { origin, pathname } = new URL(url);
    const res = await agent.request({ origin, path: pathname, method: 'GET' });
    return (await res.body.arrayBuffer()).byteLength;
  };
  const lateness = (): Promise<number> =>
    new Promise((resolve) => {
      child.once('message', (message) => resolve((message as { latenessMs: number }).latenessMs));
      child.send('lateness');
    });

  console.log(`http-pool benchmark: node ${process.version}, ${os.cpus().length} CPUs, server in a child process, ${CONCURRENCY} concurrent requests`);
  // Alternate the order to spread any drift (other load on the machine) over both; warm each
  // client up right before its run (JIT, and idle keep-alive connections expire after 4 s).
  await drive(viaFetch, urlAt(0), WARMUP_REQUESTS);
  const fetchFast1 = await drive(viaFetch, urlAt(0), FAST_REQUESTS / 2);
  await drive(viaPool, urlAt(0), WARMUP_REQUESTS);
  const poolFast1 = await drive(viaPool, urlAt(0), FAST_REQUESTS / 2);
  const poolFast2 = await drive(viaPool, urlAt(0), FAST_REQUESTS / 2);
  await drive(viaFetch, urlAt(0), WARMUP_REQUESTS / 4);
  const fetchFast2 = await drive(viaFetch, urlAt(0), FAST_REQUESTS / 2);
  const fetchFast = mean(fetchFast1, fetchFast2);
  const poolFast = mean(poolFast1, poolFast2);
  await drive(viaUndici, urlAt(0), WARMUP_REQUESTS);
  const undiciFast = await drive(viaUndici, urlAt(0), FAST_REQUESTS / 2);

  // Warm each client up right before its run: idle keep-alive connections expire after 4 s.
  await drive(viaFetch, urlAt(SLOW_LATENCY_MS), CONCURRENCY * 4);
  const fetchSlow = await drive(viaFetch, urlAt(SLOW_LATENCY_MS), SLOW_REQUESTS);
  await drive(viaUndici, urlAt(SLOW_LATENCY_MS), CONCURRENCY * 4);
  const undiciSlow = await drive(viaUndici, urlAt(SLOW_LATENCY_MS), SLOW_REQUESTS);
  await drive(viaPool, urlAt(SLOW_LATENCY_MS), CONCURRENCY * 4);
  await lateness();
  const poolSlow = await drive(viaPool, urlAt(SLOW_LATENCY_MS), SLOW_REQUESTS);
  const latenessMs = await lateness();
  const stats = pool.stats();
  await pool.close();
  await agent.close();
  child.disconnect();

  const ceiling = (CONCURRENCY * 1000) / SLOW_LATENCY_MS;
  const ratio = poolFast.requestsPerSecond / fetchFast.requestsPerSecond;
  const fraction = poolSlow.requestsPerSecond / ceiling;
  const rows = [
    ['latency', 'requests', 'HttpPool req/s', 'fetch req/s', 'pool/fetch', 'pool CPU µs/req', 'fetch CPU µs/req', 'undici.request req/s (ref.)'],
    ['0 ms', String(FAST_REQUESTS), fmt(poolFast.requestsPerSecond), fmt(fetchFast.requestsPerSecond), `${ratio.toFixed(2)}×`, fmt(poolFast.cpuMicrosPerRequest), fmt(fetchFast.cpuMicrosPerRequest), fmt(undiciFast.requestsPerSecond)],
    [`${SLOW_LATENCY_MS} ms`, String(SLOW_REQUESTS), fmt(poolSlow.requestsPerSecond), fmt(fetchSlow.requestsPerSecond), `${(poolSlow.requestsPerSecond / fetchSlow.requestsPerSecond).toFixed(2)}×`, fmt(poolSlow.cpuMicrosPerRequest), fmt(fetchSlow.cpuMicrosPerRequest), fmt(undiciSlow.requestsPerSecond)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
  console.log('');
  console.log(`0 ms:  pool/fetch = ${ratio.toFixed(2)}× (target ≥ 1.50×)  ${ratio >= 1.5 ? 'PASS' : 'FAIL'}`);
  console.log(`${SLOW_LATENCY_MS} ms: pool reaches ${(fraction * 100).toFixed(1)} % of ${fmt(ceiling)} req/s = ${CONCURRENCY} / ${SLOW_LATENCY_MS} ms (target ≥ 90 %)  ${fraction >= 0.9 ? 'PASS' : 'FAIL'}`);
  const effectiveCeiling = (CONCURRENCY * 1000) / (SLOW_LATENCY_MS + latenessMs);
  console.log(
    `        (the server's ${SLOW_LATENCY_MS} ms timers fired ${latenessMs.toFixed(1)} ms late on average during the pool's run: ` +
      `${fmt(effectiveCeiling)} req/s was reachable at best, of which the pool got ${((poolSlow.requestsPerSecond / effectiveCeiling) * 100).toFixed(1)} %)`,
  );
  console.log(`pool latency over all its runs: p50 ${stats.latencyMs.p50} ms, p90 ${stats.latencyMs.p90} ms, p99 ${stats.latencyMs.p99} ms, max ${stats.latencyMs.max} ms; retries ${stats.retries}, failures ${stats.failures}`);
}

function mean(a: Figures, b: Figures): Figures {
  // Requests/s of the two halves together: total requests over total time.
  const requestsPerSecond = 2 / (1 / a.requestsPerSecond + 1 / b.requestsPerSecond);
  return { requestsPerSecond, cpuMicrosPerRequest: (a.cpuMicrosPerRequest + b.cpuMicrosPerRequest) / 2 };
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

await main();
