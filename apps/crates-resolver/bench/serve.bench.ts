// `crates-resolver serve` under load: the bundle's real cases resolved against a warm cache by 16
// concurrent clients, against one client in the same run (the baseline); then a flood of
// SERVE_BENCH_FLOOD (1000) concurrent requests, which the service must refuse quickly (503) rather
// than queue. Prints requests/s, p50/p99 latency and the server's peak and final RSS.
// BENCH_BUILT=1 runs the compiled server (`pnpm build` first), as deployed, instead of the sources under tsx.
// SERVE_BENCH_SOAK_MINUTES=60 then keeps the 16 clients going that long, printing each minute's
// figures and the RSS, to show memory held under sustained load rather than growing.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cratesCasesDir, serveBundleOverHttp } from '@registry-miners/testkit';

const SECONDS_PER_RUN = Number(process.env.SERVE_BENCH_SECONDS ?? 15);
const FLOOD = Number(process.env.SERVE_BENCH_FLOOD ?? 1000);
const SOAK_MINUTES = Number(process.env.SERVE_BENCH_SOAK_MINUTES ?? 0);
const appDir = fileURLToPath(new URL('..', import.meta.url));

interface Case {
  name: string;
  body: string;
  commit: string;
}

const work = await mkdtemp(join(tmpdir(), 'crates-resolver-bench-'));
const remotes = await serveBundleOverHttp(join(work, 'remotes'));
const cases: Case[] = [];
for (const name of (await readdir(cratesCasesDir)).filter((entry) => !entry.endsWith('.md')).sort()) {
  const { published, expected } = JSON.parse(await readFile(join(cratesCasesDir, name, 'case.json'), 'utf8'));
  const lockfile = (await readFile(join(cratesCasesDir, name, 'Cargo.lock'))).toString('base64');
  cases.push({ name, commit: expected.commit, body: new URLSearchParams({ lockfile_base64: lockfile, published_time: published }).toString() });
}

const server = spawn(
  process.execPath,
  [...(process.env.BENCH_BUILT ? ['dist/bin.js'] : ['--conditions=source', '--import', 'tsx', 'src/bin.ts']), 'serve', '--port', '0', '--cache-dir', join(work, 'cache'),
    '--index-url', remotes.currentUrl, '--archive-url', remotes.archiveUrl, ...(process.env.SERVE_BENCH_ARGS?.split(' ').filter(Boolean) ?? [])],
  { cwd: appDir, stdio: ['ignore', 'pipe', 'ignore'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const match = /listening on (\S+)/.exec(out);
    if (match) resolve(match[1]!);
  });
  server.on('close', (code) => reject(new Error(`serve exited ${code}`)));
});

async function resolveOnce(item: Case): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/resolve`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: item.body,
  });
  const answer = (await response.json()) as { commit_hash?: string; error?: string };
  if (response.status !== 200 || answer.commit_hash !== item.commit) {
    throw new Error(`${item.name}: HTTP ${response.status} ${JSON.stringify(answer)} (expected ${item.commit})`);
  }
  return performance.now() - started;
}

/** CPU seconds the server process (all its threads) has used. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
}

const slowest = new Map<string, number>();

async function load(clients: number, seconds = SECONDS_PER_RUN): Promise<{ requests: number; perSecond: number; p50: number; p99: number; cpuMs: number }> {
  const latencies: number[] = [];
  slowest.clear();
  const cpuBefore = await cpuSeconds(server.pid!);
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = client; performance.now() < deadline; i += clients) {
        const item = cases[i % cases.length]!;
        const ms = await resolveOnce(item);
        latencies.push(ms);
        slowest.set(item.name, Math.max(slowest.get(item.name) ?? 0, ms));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const cpuMs = ((await cpuSeconds(server.pid!)) - cpuBefore) * 1000 / latencies.length;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), cpuMs };
}

async function rssMb(pid: number, field: 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
}

/** Every request at once (keep-alive off: one connection each); counts the statuses. */
async function flood(count: number): Promise<{ statuses: Map<number, number>; seconds: number }> {
  const started = performance.now();
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const item = cases[i % cases.length]!;
      const response = await fetch(`${url}/resolve`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
        body: item.body,
      }).catch(() => undefined);
      const status = response?.status ?? 0;
      await response?.arrayBuffer();
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }),
  );
  return { statuses, seconds: (performance.now() - started) / 1000 };
}

try {
  const coldStart = performance.now();
  for (const item of cases) await resolveOnce(item); // clones current + snapshot, then every answer checked once
  console.log(`warm-up (clones over smart HTTP + one pass over ${cases.length} cases): ${((performance.now() - coldStart) / 1000).toFixed(1)} s`);
  console.log(`after warm-up: RSS ${(await rssMb(server.pid!, 'VmRSS')).toFixed(0)} MB, peak ${(await rssMb(server.pid!, 'VmHWM')).toFixed(0)} MB`);
  const single = await load(1);
  const concurrent = await load(16);
  const rows = [
    ['clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req'],
    ['1 (baseline)', single.requests, single.perSecond.toFixed(1), single.p50.toFixed(0), single.p99.toFixed(0), single.cpuMs.toFixed(1)],
    ['16', concurrent.requests, concurrent.perSecond.toFixed(1), concurrent.p50.toFixed(0), concurrent.p99.toFixed(0), concurrent.cpuMs.toFixed(1)],
  ];
  for (const row of rows) console.log(row.map((cell) => String(cell).padStart(13)).join(''));
  console.log(`slowest answer per case at 16 clients: ${[...slowest].map(([name, ms]) => `${name.split('-')[0]} ${ms.toFixed(0)}`).join(', ')} ms`);
  console.log(`throughput 16 clients / 1 client: ${(concurrent.perSecond / single.perSecond).toFixed(2)}x`);
  // What two otherwise idle cores would serve at this CPU cost (the machine is shared while benchmarks run).
  console.log(`capacity of ${availableParallelism()} idle cores at 16 clients' CPU cost: ${((availableParallelism() * 1000) / concurrent.cpuMs).toFixed(0)} req/s; load average during the run: ${loadavg()[0]!.toFixed(1)}`);
  // Anonymous memory (heaps, native allocations) apart from mapped files (code, pack-file windows).
  const [anon, file] = [await rssMb(server.pid!, 'RssAnon'), await rssMb(server.pid!, 'RssFile')];
  console.log(`server peak RSS under load: ${(await rssMb(server.pid!, 'VmHWM')).toFixed(0)} MB (now: ${anon.toFixed(0)} MB anonymous, ${file.toFixed(0)} MB mapped files)`);
  if (SOAK_MINUTES > 0) {
    console.log(`soak: 16 clients for ${SOAK_MINUTES} min`);
    let lowest = Infinity;
    let highest = 0;
    for (let minute = 1; minute <= SOAK_MINUTES; minute++) {
      const { requests, perSecond, p99 } = await load(16, 60);
      const rss = await rssMb(server.pid!, 'VmRSS');
      [lowest, highest] = [Math.min(lowest, perSecond), Math.max(highest, perSecond)];
      console.log(`  minute ${String(minute).padStart(3)}: ${requests} requests, ${perSecond.toFixed(1)} req/s, p99 ${p99.toFixed(0)} ms, RSS ${rss.toFixed(0)} MB, peak ${(await rssMb(server.pid!, 'VmHWM')).toFixed(0)} MB`);
    }
    console.log(`soak done: ${lowest.toFixed(1)}–${highest.toFixed(1)} req/s per minute; peak RSS over the whole run ${(await rssMb(server.pid!, 'VmHWM')).toFixed(0)} MB`);
  }
  if (FLOOD > 0) {
    const { statuses, seconds } = await flood(FLOOD);
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${count} × ${status === 0 ? 'connection error' : status}`);
    console.log(`flood of ${FLOOD} concurrent requests: ${summary.join(', ')} in ${seconds.toFixed(1)} s`);
    console.log(`server peak RSS: ${(await rssMb(server.pid!, 'VmHWM')).toFixed(0)} MB; RSS after the flood: ${(await rssMb(server.pid!, 'VmRSS')).toFixed(0)} MB`);
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('close', resolve));
  await remotes.close();
  await rm(work, { recursive: true, force: true });
}
