/**
 * Throughput of the fake Go registry, each server in its own process (as benchmarks of the go-miner
 * should run it), against a baseline measured in the same run: a trivial node:http server that
 * answers every request with a fixed body of the same size.
 *
 *   node --conditions=source --import tsx bench/goFakeRegistry.bench.ts [--pages 1500] [--lookups 20000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { spawnFakeGoRegistry, SyntheticGoDataset } from '../src/index.js';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '1500' },
    lookups: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
  },
});
const PAGES = Number(values.pages);
const LOOKUPS = Number(values.lookups);
const CONCURRENCY = Number(values.concurrency);

const BIG = { entries: 45_000_000, modules: 2_500_000 };
const PROXY = { entries: 4_500_000, modules: 250_000 };

function escapeCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** A node:http server in a child process answering every request with `size` bytes. */
async function startTrivialServer(size: number, contentType: string): Promise<{ url: string; child: ChildProcess }> {
  const source = `
    const http = require('node:http');
    const body = Buffer.alloc(${size}, 97);
    const server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => {
      res.writeHead(200, { 'content-type': '${contentType}', 'content-length': String(body.length) });
      res.end(body);
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  `;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await once(child, 'message')) as [{ port: number }];
  return { url: `http://127.0.0.1:${message.port}`, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Sequential pages, the way a single crawler cursor reads them. */
async function crawlPages(urlFor: (since: string | undefined) => string, pages: number, nextSince: (body: string) => string | undefined) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let bytes = 0;
  let since: string | undefined;
  for (let p = 0; p < pages; p++) {
    const res = await fetch(urlFor(since));
    const body = await res.text();
    bytes += body.length;
    since = nextSince(body);
  }
  const seconds = (performance.now() - started) / 1000;
  return { pagesPerSecond: pages / seconds, megabytesPerSecond: bytes / 1e6 / seconds, clientCpuMs: cpuMs(cpu) };
}

async function lookups(urls: readonly string[], concurrency: number) {
  const started = performance.now();
  let next = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const res = await fetch(urls[next++] as string, { headers: { 'disable-module-fetch': 'true' } });
      await res.arrayBuffer();
      if (res.status === 200) ok += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requestsPerSecond: urls.length / ((performance.now() - started) / 1000), ok };
}

function lastTimestamp(body: string): string | undefined {
  const at = body.lastIndexOf('"Timestamp":"');
  return at < 0 ? undefined : body.slice(at + 13, body.indexOf('"', at + 13));
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// 1. Page rendering alone, in this process (no HTTP).
{
  const dataset = new SyntheticGoDataset(BIG);
  const pages = Math.min(PAGES, 500);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let start = 20_000_000;
  for (let p = 0; p < pages; p++) start = dataset.renderPage(start, 2000, false).next;
  const seconds = (performance.now() - started) / 1000;
  console.log(`render only (45M dataset): ${fmt(pages / seconds)} pages/s wall, ${fmt((cpuMs(cpu) / pages), 2)} ms CPU per 2000-entry page`);
}

// 2. Index pages over HTTP, sequential cursor, fake (45M entries) vs trivial server with the same page size.
{
  const registry = await spawnFakeGoRegistry({ ...BIG, prepare: false });
  const fake = await crawlPages(
    (since) => `${registry.indexUrl}?limit=2000${since === undefined ? '' : `&since=${encodeURIComponent(since)}`}`,
    PAGES,
    lastTimestamp,
  );
  await registry.close();
  const pageBytes = new SyntheticGoDataset(BIG).renderPage(0, 2000, false).body.length;
  const trivial = await startTrivialServer(pageBytes, 'application/json');
  const base = await crawlPages(() => `${trivial.url}/index`, PAGES, () => undefined);
  await stopChild(trivial.child);
  console.log(
    `index over HTTP, 1 cursor: fake ${fmt(fake.pagesPerSecond)} pages/s (${fmt(fake.pagesPerSecond * 2000)} entries/s, ${fmt(fake.megabytesPerSecond, 1)} MB/s); ` +
      `trivial server ${fmt(base.pagesPerSecond)} pages/s; ratio ${fmt(fake.pagesPerSecond / base.pagesPerSecond, 2)}; ` +
      `45M entries at this rate: ${fmt(22_500 / fake.pagesPerSecond)} s`,
  );
}

// 3. .info lookups over HTTP at a fixed concurrency, fake vs trivial.
{
  const registry = await spawnFakeGoRegistry({ ...PROXY });
  const dataset = new SyntheticGoDataset(PROXY);
  const modules = [...dataset.modulesInOrder()];
  const urls: string[] = [];
  for (let k = 0; k < LOOKUPS; k++) {
    const m = modules[(k * 7919) % modules.length] as number;
    const version = dataset.versionOfEntry(dataset.newestEntryOf(m));
    urls.push(`${registry.proxyUrl}/${escapeCase(dataset.modulePath(m))}/@v/${escapeCase(version)}.info`);
  }
  const fake = await lookups(urls, CONCURRENCY);
  const stats = await registry.stats();
  await registry.close();
  const trivial = await startTrivialServer(260, 'application/json');
  const base = await lookups(urls.map((u) => u.replace(/^http:\/\/[^/]+/, trivial.url)), CONCURRENCY);
  await stopChild(trivial.child);
  console.log(
    `.info over HTTP, concurrency ${CONCURRENCY}: fake ${fmt(fake.requestsPerSecond)} req/s (${fake.ok} of ${LOOKUPS} 200, ` +
      `${stats.maxConnections} connections); trivial server ${fmt(base.requestsPerSecond)} req/s; ratio ${fmt(fake.requestsPerSecond / base.requestsPerSecond, 2)}; ` +
      `2.5M lookups at this rate: ${fmt(2_500_000 / fake.requestsPerSecond / 60, 1)} min`,
  );
}
