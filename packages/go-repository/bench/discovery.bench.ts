/**
 * Discovery over 10,000 vanity modules on 500 hosts (20 per host) at 100 ms per answer, from a local
 * fake (`startFakeGoGetHosts`). Prints wall time, requests, and the most requests in flight to one
 * host as the server saw them, for:
 * - baseline (same run): a bare loop of `undici.request`, 64 in flight, no per-host cap, no cache;
 * - GoGetDiscovery with the go-miner's settings (pool of 64, 2 per host), every path its own prefix;
 * - the same when each host answers with its root prefix (one request for the first path, one for
 *   the prefix's own page that confirms it, then the host's other 19 paths come from the cache).
 *
 * Run: pnpm --filter @registry-miners/go-repository bench
 */
import { HttpPool } from '@registry-miners/http-pool';
import { goGetPage, startFakeGoGetHosts } from '@registry-miners/testkit';
import { request } from 'undici';
import { GoGetDiscovery } from '../src/index.js';

const HOSTS = 500;
const PER_HOST = 20;
const LATENCY_MS = 100;
const CONCURRENCY = 64;

// In key order, as the go-miner streams them: the paths of one host are adjacent.
const paths = Array.from({ length: HOSTS * PER_HOST }, (_, k) => `go.host${String(Math.floor(k / PER_HOST)).padStart(3, '0')}.example/mod${String(k % PER_HOST).padStart(2, '0')}`).sort();
const hostOf = (path: string): string => path.split('/')[0]!;

interface Figures {
  wallMs: number;
  requests: number;
  maxInFlightPerHost: number;
  found: number;
}

async function measure(rootPrefix: boolean, run: (baseUrl: string) => Promise<number>): Promise<Figures> {
  const hosts = await startFakeGoGetHosts({
    latencyMs: LATENCY_MS,
    answer: (path) => {
      const prefix = rootPrefix ? hostOf(path) : path;
      return { status: 200, body: goGetPage(['go-import', `${prefix} git https://git.example/${prefix}`]) };
    },
  });
  try {
    const started = performance.now();
    const found = await run(hosts.url);
    const wallMs = performance.now() - started;
    const stats = hosts.stats();
    return { wallMs, requests: stats.requests, maxInFlightPerHost: stats.maxInFlightPerHost, found };
  } finally {
    await hosts.close();
  }
}

async function baseline(baseUrl: string): Promise<number> {
  let next = 0;
  let found = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const response = await request(`${baseUrl}/${path}?go-get=1`);
      if ((await response.body.text()).includes('go-import')) found++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return found;
}

async function discovery(baseUrl: string): Promise<number> {
  const pool = new HttpPool({ concurrency: CONCURRENCY, connectionsPerOrigin: CONCURRENCY, maxRetries: 2 });
  try {
    const discover = new GoGetDiscovery({ pool, baseUrl });
    const outcomes = await Promise.all(paths.map((path) => discover.discover(path)));
    return outcomes.filter((outcome) => outcome.status === 'found').length;
  } finally {
    await pool.close();
  }
}

function line(name: string, figures: Figures, base?: Figures): string {
  const ratio = base ? ` (${(figures.wallMs / base.wallMs).toFixed(2)}× baseline wall time)` : '';
  return (
    `${name.padEnd(44)} ${(figures.wallMs / 1000).toFixed(2)} s${ratio}, ${figures.requests} requests, ` +
    `${figures.found} found, at most ${figures.maxInFlightPerHost} in flight to one host`
  );
}

const floor = (HOSTS * PER_HOST * LATENCY_MS) / CONCURRENCY / 1000;
console.log(`discovery bench: ${HOSTS * PER_HOST} vanity modules on ${HOSTS} hosts, ${LATENCY_MS} ms per answer, ${CONCURRENCY} requests in flight overall`);
console.log(`floor for one request per path at ${CONCURRENCY} in flight: ${floor.toFixed(2)} s`);
const base = await measure(false, baseline);
console.log(line('baseline: undici loop, no per-host cap', base));
const ours = await measure(false, discovery);
console.log(line('GoGetDiscovery, one prefix per path', ours, base));
const shared = await measure(true, discovery);
console.log(line('GoGetDiscovery, hosts answer their root prefix', shared, base));
if (ours.maxInFlightPerHost > 2 || shared.maxInFlightPerHost > 2) {
  console.error('FAIL: more than 2 requests in flight to one host');
  process.exitCode = 1;
}
