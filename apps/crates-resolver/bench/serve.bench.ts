// `crates-resolver serve` under load: the bundle's real cases resolved against a warm cache by 16
// concurrent clients, against one client in the same run (the baseline). Prints requests/s, p50/p99
// latency and the server's peak RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cratesCasesDir, serveBundleOverHttp } from '@registry-miners/testkit';

const SECONDS_PER_RUN = Number(process.env.SERVE_BENCH_SECONDS ?? 15);
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
  ['--conditions=source', '--import', 'tsx', 'src/bin.ts', 'serve', '--port', '0', '--cache-dir', join(work, 'cache'),
    '--index-url', remotes.currentUrl, '--archive-url', remotes.archiveUrl],
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

async function load(clients: number): Promise<{ requests: number; perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS_PER_RUN * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = client; performance.now() < deadline; i += clients) latencies.push(await resolveOnce(cases[i % cases.length]!));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

try {
  const coldStart = performance.now();
  for (const item of cases) await resolveOnce(item); // clones current + snapshot, then every answer checked once
  console.log(`warm-up (clones over smart HTTP + one pass over ${cases.length} cases): ${((performance.now() - coldStart) / 1000).toFixed(1)} s`);
  const single = await load(1);
  const concurrent = await load(16);
  const rows = [
    ['clients', 'requests', 'req/s', 'p50 ms', 'p99 ms'],
    ['1 (baseline)', single.requests, single.perSecond.toFixed(1), single.p50.toFixed(0), single.p99.toFixed(0)],
    ['16', concurrent.requests, concurrent.perSecond.toFixed(1), concurrent.p50.toFixed(0), concurrent.p99.toFixed(0)],
  ];
  for (const row of rows) console.log(row.map((cell) => String(cell).padStart(13)).join(''));
  console.log(`throughput 16 clients / 1 client: ${(concurrent.perSecond / single.perSecond).toFixed(2)}x`);
  console.log(`server peak RSS: ${(await peakRssMb(server.pid!)).toFixed(0)} MB`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('close', resolve));
  await remotes.close();
  await rm(work, { recursive: true, force: true });
}
