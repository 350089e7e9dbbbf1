/**
 * CPU per request on the lookup path: what one `.info` request costs this process, for
 *   1. bare `undici` `Pool.request` on a keep-alive pool (the floor: no retries, limits or counters),
 *   2. HttpPool as it was before the lean path (the sources of BASELINE_COMMIT, extracted from git
 *      into .bench-tmp and run side by side in this same process),
 *   3. HttpPool now,
 * and 2 and 3 again with one AbortSignal shared by every request, as go-miner passes its job's.
 * The server runs in a child process, so only the client's CPU is counted. Each client runs ROUNDS
 * times, interleaved (the order rotates every round), each run after a warm-up; the figure is the
 * median of its runs, since other load on the machine inflates single runs.
 *
 *   pnpm --filter @registry-miners/http-pool bench
 *   (node --conditions=source --import tsx bench/requestCpu.bench.ts)
 *
 * Target (issue 11): ≤ 60 µs of CPU per proxy request. Prints PASS/FAIL; exits 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { HttpPool } from '@registry-miners/http-pool';
import { startGoInfoServer } from './startGoInfoServer.js';

/** main when this branch started: the HttpPool of issue 11's "~180 µs". */
const BASELINE_COMMIT = process.env.BENCH_BASELINE_COMMIT ?? '6b86c06';
const CONCURRENCY = 64;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = 2_000;
const TARGET_US = 60;

type Get = (path: string) => Promise<number>;
interface Client {
  name: string;
  get: Get;
  close(): Promise<void>;
}

/** `CONCURRENCY` workers awaiting `get` in a loop; returns CPU µs and wall ms per request. */
async function drive(get: Get, total: number): Promise<{ cpuUs: number; requestsPerSecond: number }> {
  let next = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        bytes += await get(`/golang.org/x/mod${i % 97}/@v/v0.14.${i % 13}.info`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (bytes === 0) throw new Error('no bytes received');
  return { cpuUs: (used.user + used.system) / total, requestsPerSecond: total / seconds };
}

/** The http-pool sources of `commit`, extracted beside this package so that they resolve its dependencies. */
async function baselinePool(commit: string): Promise<typeof HttpPool | undefined> {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  const dir = `${packageDir}.bench-tmp/baseline-${commit}`;
  let listing: string;
  try {
    // Paths relative to the package (ls-tree prints them so from inside it).
    listing = execFileSync('git', ['ls-tree', '-r', '--name-only', commit, '--', 'src'], { cwd: packageDir, encoding: 'utf8' });
  } catch {
    console.log(`(baseline ${commit} not available: not a git clone with that commit; BENCH_BASELINE_COMMIT names another)`);
    return undefined;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}/src`, { recursive: true });
  const files = listing.split('\n').filter(Boolean);
  if (files.length === 0) {
    console.log(`(baseline ${commit} has no src/ here)`);
    return undefined;
  }
  for (const file of files) writeFileSync(`${dir}/${file}`, execFileSync('git', ['show', `${commit}:./${file}`], { cwd: packageDir }));
  const module = (await import(`${dir}/src/index.ts`)) as { HttpPool: typeof HttpPool };
  return module.HttpPool;
}

/** A client through `Pool`, each request with `signal` when given. */
function poolClient(name: string, Pool: typeof HttpPool, origin: string, signal?: AbortSignal): Client {
  const pool = new Pool({ concurrency: CONCURRENCY, connectionsPerOrigin: CONCURRENCY });
  const options = signal === undefined ? {} : { signal };
  return { name, get: async (path) => (await pool.get(origin + path, options)).body.length, close: () => pool.close() };
}

async function main(): Promise<void> {
  const { child, origin } = await startGoInfoServer();

  const undiciPool = new Pool(origin, { connections: CONCURRENCY });
  const bare: Client = {
    name: 'undici Pool.request (floor)',
    get: async (path) => {
      const res = await undiciPool.request({ path, method: 'GET' });
      return (await res.body.arrayBuffer()).byteLength;
    },
    close: () => undiciPool.close(),
  };
  const signal = new AbortController().signal;
  const now = poolClient('HttpPool now', HttpPool, origin);
  const nowSignal = poolClient('HttpPool now, shared signal', HttpPool, origin, signal);
  const Before = await baselinePool(BASELINE_COMMIT);
  const before = Before && poolClient(`HttpPool at ${BASELINE_COMMIT} (before)`, Before, origin);
  const beforeSignal = Before && poolClient(`HttpPool at ${BASELINE_COMMIT}, shared signal`, Before, origin, signal);
  const clients = [bare, ...(before && beforeSignal ? [before, beforeSignal] : []), now, nowSignal];

  console.log(`http-pool CPU per request: node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, server in a child process, ${CONCURRENCY} concurrent, ${REQUESTS} requests per run`);
  const figures = new Map<Client, Array<{ cpuUs: number; requestsPerSecond: number }>>();
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round, to spread any drift in the machine's load over every client.
    for (const client of [...clients.slice(round % clients.length), ...clients.slice(0, round % clients.length)]) {
      await drive(client.get, WARMUP);
      const run = await drive(client.get, REQUESTS);
      figures.set(client, [...(figures.get(client) ?? []), run]);
    }
  }
  for (const client of clients) await client.close();
  child.disconnect();

  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const mean = (client: Client): { cpuUs: number; requestsPerSecond: number } => {
    const runs = figures.get(client)!;
    return { cpuUs: median(runs.map((run) => run.cpuUs)), requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)) };
  };
  const floor = mean(bare).cpuUs;
  console.log('');
  const rows = [['client', 'CPU µs/req of each run', 'median', '× undici', 'req/s']];
  for (const client of clients) {
    const runs = figures.get(client)!;
    const { cpuUs, requestsPerSecond } = mean(client);
    rows.push([client.name, runs.map((run) => run.cpuUs.toFixed(1)).join(', '), cpuUs.toFixed(1), `${(cpuUs / floor).toFixed(2)}×`, Math.round(requestsPerSecond).toLocaleString('en-US')]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  console.log('');
  const current = Math.max(mean(now).cpuUs, mean(nowSignal).cpuUs);
  if (before && beforeSignal) {
    console.log(`HttpPool now / before: ${(mean(now).cpuUs / mean(before).cpuUs).toFixed(2)}× the CPU per request; with a shared signal ${(mean(nowSignal).cpuUs / mean(beforeSignal).cpuUs).toFixed(2)}×`);
  }
  console.log(`HttpPool now: ${current.toFixed(1)} µs per request at most (target ≤ ${TARGET_US} µs)  ${current <= TARGET_US ? 'PASS' : 'FAIL'}`);
}

await main();
