import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpPool } from '@registry-miners/http-pool';
import { closedAfterEach, delay, startServer } from './localServer.js';

const INFO = JSON.stringify({ Version: 'v1.2.3', Time: '2024-01-02T03:04:05Z', Origin: { VCS: 'git', URL: 'https://github.com/a/b' } });

const open = closedAfterEach();

describe('HttpPool basics', () => {
  it('gets a response, sends a descriptive User-Agent and reuses keep-alive connections', async () => {
    const userAgents = new Set<string | undefined>();
    open.server = await startServer((req, res) => {
      userAgents.add(req.headers['user-agent']);
      res.setHeader('content-type', 'application/json');
      res.end(INFO);
    });
    open.pool = new HttpPool({ concurrency: 4, connectionsPerOrigin: 4 });

    const first = await open.pool.get(`${open.server.url}/golang.org/x/text/@v/v1.2.3.info`);
    expect(first.status).toBe(200);
    expect(first.attempts).toBe(1);
    expect(first.url).toBe(`${open.server.url}/golang.org/x/text/@v/v1.2.3.info`);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.json<{ Version: string }>().Version).toBe('v1.2.3');
    expect(first.text()).toBe(INFO);

    for (let i = 0; i < 10; i++) await open.pool.get(new URL(`/seq/${i}`, open.server.url));
    await Promise.all(Array.from({ length: 40 }, (_, i) => open.pool!.get(`${open.server!.url}/par/${i}`)));

    expect(open.server.requests).toBe(51);
    // One connection for the sequential requests, at most 4 (the cap) overall.
    expect(open.server.connections).toBeGreaterThanOrEqual(1);
    expect(open.server.connections).toBeLessThanOrEqual(4);
    expect([...userAgents]).toHaveLength(1);
    expect([...userAgents][0]).toMatch(/^registry-miners\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/registry-miners\/registry-miners\)$/);
  });

  it('sends each URL as the WHATWG parser reads it, also to an origin it has seen', async () => {
    const seen: string[] = [];
    open.server = await startServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('ok');
    });
    open.pool = new HttpPool();
    const base = open.server.url;
    const paths = [
      '/github.com/!azure/go-amqp/@v/v1.0.0+incompatible.info',
      "/a/~b/c-d_e!$&'()*+,;=:@x/",
      '/a/./b/../c',
      '/a/.hidden/x',
      '/a b/"q"/<t>/`u`/{v}/é',
      '/a/%2e%2E/b',
      '/a\\b',
      '/x?since=2024-01-01T00:00:00Z&limit=2000#top',
      '/',
    ];
    // Twice: the first request to an origin is parsed in full, later ones may take a shortcut.
    for (const round of [1, 2]) {
      for (const path of paths) {
        const response = await open.pool.get(base + path);
        const parsed = new URL(base + path);
        expect(response.url, `round ${round}: ${path}`).toBe(parsed.href);
        expect(seen.at(-1), `round ${round}: ${path}`).toBe(parsed.pathname + parsed.search);
      }
    }
    await expect(open.pool.get(`${base.replace('http:', 'ftp:')}/x`)).rejects.toThrow(/absolute http\(s\) URL/);
    await expect(open.pool.get(`${base}:99999/x`)).rejects.toThrow(/absolute http\(s\) URL/);
  });

  it('decodes gzip and br bodies, error responses included, and asks for them', async () => {
    const acceptEncodings: (string | undefined)[] = [];
    const body = `${INFO}\n`.repeat(50);
    open.server = await startServer((req, res) => {
      acceptEncodings.push(req.headers['accept-encoding']);
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
      } else if (req.url === '/br') {
        res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(body));
      } else if (req.url === '/empty') {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end();
      } else if (req.url === '/both') {
        res.writeHead(200, { 'content-encoding': 'gzip, br' }).end(brotliCompressSync(gzipSync(body)));
      } else {
        res.writeHead(404, { 'content-encoding': 'gzip' }).end(gzipSync('not found: fetch timed out'));
      }
    });
    open.pool = new HttpPool();

    for (const path of ['/gzip', '/br', '/both']) {
      const res = await open.pool.get(open.server.url + path);
      expect(res.status).toBe(200);
      expect(res.text()).toBe(body);
      expect(res.headers['content-encoding']).toBeUndefined();
    }
    const empty = await open.pool.get(`${open.server.url}/empty`);
    expect(empty.body.length).toBe(0);
    expect(empty.attempts).toBe(1);
    const missing = await open.pool.get(`${open.server.url}/missing`);
    expect(missing.status).toBe(404);
    expect(missing.text()).toBe('not found: fetch timed out');
    expect(acceptEncodings.every((value) => value === 'gzip, br')).toBe(true);
    // Bytes count the decoded bodies.
    expect(open.pool.stats().bytes).toBe(3 * body.length + 'not found: fetch timed out'.length);
  });

  it('retries a body that does not decode', async () => {
    open.server = await startServer((_req, res) => {
      if (open.server!.requests === 1) res.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip');
      else res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(INFO));
    });
    open.pool = new HttpPool({ retryBaseDelayMs: 5 });
    const res = await open.pool.get(open.server.url);
    expect(res.text()).toBe(INFO);
    expect(res.attempts).toBe(2);
    expect(open.pool.stats().statuses).toEqual({ '200': 1, Z_DATA_ERROR: 1 });
  });

  it('lets a request override headers', async () => {
    const seen: (string | undefined)[] = [];
    open.server = await startServer((req, res) => {
      seen.push(req.headers['accept-encoding'], req.headers.accept, req.headers['user-agent']);
      res.end('plain');
    });
    open.pool = new HttpPool({ userAgent: 'test-crawler/1.0' });
    const res = await open.pool.get(open.server.url, { headers: { 'Accept-Encoding': 'identity', Accept: 'application/json' } });
    expect(res.text()).toBe('plain');
    expect(seen).toEqual(['identity', 'application/json', 'test-crawler/1.0']);
  });

  it('counts requests, retries, bytes, statuses and latency percentiles', async () => {
    let calls = 0;
    open.server = await startServer((req, res) => {
      calls++;
      if (req.url === '/flaky' && calls % 2 === 1) {
        res.statusCode = 503;
        res.end('busy');
        return;
      }
      const wait = req.url === '/slow' ? 40 : 5;
      setTimeout(() => res.end(req.url === '/missing' ? 'nope' : 'hello'), wait);
    });
    open.pool = new HttpPool({ retryBaseDelayMs: 5 });

    for (let i = 0; i < 18; i++) await open.pool.get(`${open.server.url}/fast`);
    await open.pool.get(`${open.server.url}/slow`);
    await open.pool.get(`${open.server.url}/slow`);
    const missing = await open.pool.get(`${open.server.url}/missing`, { classify: (res) => (res.body.toString() === 'nope' ? 'final' : undefined) });
    expect(missing.status).toBe(200);
    calls = 0;
    const flaky = await open.pool.get(`${open.server.url}/flaky`);
    expect(flaky.attempts).toBe(2);

    const stats = open.pool.stats();
    expect(stats.requests).toBe(23);
    expect(stats.retries).toBe(1);
    expect(stats.failures).toBe(0);
    expect(stats.inFlight).toBe(0);
    expect(stats.statuses).toEqual({ '200': 22, '503': 1 });
    expect(stats.bytes).toBe(21 * 5 + 4 + 4);
    const { p50, p90, p99, max } = stats.latencyMs;
    expect(p50).toBeGreaterThanOrEqual(4);
    expect(p50).toBeLessThan(40);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(p90).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
    expect(max).toBeGreaterThanOrEqual(39);
    expect(stats.concurrencyLimit).toBe(64);
  });

  it('counts in-flight attempts', async () => {
    open.server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 100));
    open.pool = new HttpPool();
    const pending = Promise.all([open.pool.get(open.server.url), open.pool.get(open.server.url), open.pool.get(open.server.url)]);
    await delay(50);
    expect(open.pool.stats().inFlight).toBe(3);
    await pending;
    expect(open.pool.stats().inFlight).toBe(0);
  });
});
