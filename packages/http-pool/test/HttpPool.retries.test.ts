import { describe, expect, it } from 'vitest';
import { HttpError, HttpPool } from '@registry-miners/http-pool';
import { closedPort } from '@registry-miners/testkit';
import { httpErrorOf } from './httpErrorOf.js';
import { closedAfterEach, startServer } from './localServer.js';

const open = closedAfterEach();

describe('HttpPool retries', () => {
  it('retries 5xx with backoff until a success', async () => {
    const statuses = [500, 502, 503];
    open.server = await startServer((_req, res) => {
      const status = statuses.shift() ?? 200;
      res.writeHead(status).end(status === 200 ? 'fine' : 'oops');
    });
    open.pool = new HttpPool({ retryBaseDelayMs: 5 });
    const res = await open.pool.get(`${open.server.url}/x`);
    expect(res.status).toBe(200);
    expect(res.text()).toBe('fine');
    expect(res.attempts).toBe(4);
    expect(open.server.requests).toBe(4);
    expect(open.pool.stats()).toMatchObject({ requests: 4, retries: 3, statuses: { '200': 1, '500': 1, '502': 1, '503': 1 } });
  });

  it('gives up after maxRetries with status, attempts and a body excerpt', async () => {
    open.server = await startServer((_req, res) => res.writeHead(503).end(`upstream unavailable ${'x'.repeat(2000)}`));
    open.pool = new HttpPool({ retryBaseDelayMs: 2, maxRetries: 2 });
    const error = await httpErrorOf(open.pool.get(`${open.server.url}/down`));
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.name).toBe('HttpError');
    expect(error.url).toBe(`${open.server.url}/down`);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(3);
    expect(error.bodyExcerpt).toMatch(/^upstream unavailable x+…$/);
    expect(error.bodyExcerpt!.length).toBeLessThanOrEqual(501);
    expect(error.message).toContain('HTTP 503');
    expect(error.hint).toContain('503');
    expect(open.server.requests).toBe(3);
    expect(open.pool.stats().failures).toBe(1);
  });

  it('retries a connection reset in the middle of the body', async () => {
    open.server = await startServer((req, res) => {
      if (open.server!.requests === 1) {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('partial body');
        setTimeout(() => req.socket.destroy(), 10);
        return;
      }
      res.end('whole body');
    });
    open.pool = new HttpPool({ retryBaseDelayMs: 5 });
    const res = await open.pool.get(open.server.url);
    expect(res.text()).toBe('whole body');
    expect(res.attempts).toBe(2);
    expect(Object.keys(open.pool.stats().statuses).sort()).toEqual(['200', 'UND_ERR_SOCKET']);
  });

  it('times out waiting for headers, retries, then reports ERR_HTTP_RETRIES_EXHAUSTED', async () => {
    open.server = await startServer(() => {
      // Never answers.
    });
    // undici's timeouts tick about once a second: each attempt takes up to ~1 s here.
    open.pool = new HttpPool({ headersTimeoutMs: 150, maxRetries: 1, retryBaseDelayMs: 5 });
    const error = await httpErrorOf(open.pool.get(`${open.server.url}/hang`));
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.attempts).toBe(2);
    expect(error.status).toBeUndefined();
    expect((error.cause as { code?: string }).code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(error.message).toContain('no response headers in time');
    expect(open.server.requests).toBe(2);
    expect(open.pool.stats().statuses).toEqual({ UND_ERR_HEADERS_TIMEOUT: 2 });
  });

  it('times out when the body stalls, retries, then reports ERR_HTTP_RETRIES_EXHAUSTED', async () => {
    open.server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('the start, then nothing');
    });
    open.pool = new HttpPool({ bodyTimeoutMs: 150, maxRetries: 1, retryBaseDelayMs: 5 });
    const error = await httpErrorOf(open.pool.get(`${open.server.url}/stall`));
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.attempts).toBe(2);
    expect((error.cause as { code?: string }).code).toBe('UND_ERR_BODY_TIMEOUT');
    expect(error.message).toContain('response body stalled');
    expect(open.server.requests).toBe(2);
  });

  it('fails within maxElapsedMs with a clear error when the host cannot be reached', async () => {
    const port = await closedPort();
    open.pool = new HttpPool({ maxRetries: 1000, retryBaseDelayMs: 20, retryMaxDelayMs: 100, maxElapsedMs: 600 });
    const started = performance.now();
    const error = await httpErrorOf(open.pool.get(`http://127.0.0.1:${port}/x`));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(600 + 500);
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.attempts).toBeGreaterThan(2);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('connection refused');
    expect(error.hint).toContain(`http://127.0.0.1:${port} could not be reached`);
    expect(error.hint).toMatch(/Check the URL/);
    expect(error.hint).toContain('maxElapsedMs (600 ms)');
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('lets a classifier make a 404 "fetch timed out" retryable and keeps other 404s final', async () => {
    let slowCalls = 0;
    open.server = await startServer((req, res) => {
      if (req.url === '/slow/@v/list' && ++slowCalls === 1) {
        res.writeHead(404).end('not found: fetch timed out');
      } else if (req.url === '/slow/@v/list') {
        res.end('v1.0.0\nv1.1.0\n');
      } else {
        res.writeHead(404).end('not found: unknown revision');
      }
    });
    open.pool = new HttpPool({
      retryBaseDelayMs: 5,
      classify: (res) => (res.status === 404 && res.body.includes('fetch timed out') ? 'retry' : undefined),
    });

    const slow = await open.pool.get(`${open.server.url}/slow/@v/list`);
    expect(slow.status).toBe(200);
    expect(slow.attempts).toBe(2);

    const missing = await open.pool.get(`${open.server.url}/missing/@v/list`);
    expect(missing.status).toBe(404);
    expect(missing.attempts).toBe(1);
    expect(missing.text()).toBe('not found: unknown revision');
    expect(open.server.requests).toBe(3);
  });

  it('lets a per-request classifier make a 5xx final or a 200 retryable', async () => {
    let calls = 0;
    open.server = await startServer((req, res) => {
      calls++;
      if (req.url === '/gone') res.writeHead(500).end('permanent');
      else res.end(calls < 3 ? 'incomplete' : 'complete');
    });
    open.pool = new HttpPool({ retryBaseDelayMs: 5 });

    const gone = await open.pool.get(`${open.server.url}/gone`, { classify: (res) => (res.status === 500 ? 'final' : undefined) });
    expect(gone.status).toBe(500);
    expect(gone.attempts).toBe(1);

    const eventually = await open.pool.get(`${open.server.url}/partial`, { classify: (res) => (res.body.toString() === 'incomplete' ? 'retry' : 'ok') });
    expect(eventually.text()).toBe('complete');
    expect(eventually.attempts).toBe(2);
  });

  it('rejects a classifier verdict it does not know with a TypeError', async () => {
    open.server = await startServer((_req, res) => res.end('x'));
    open.pool = new HttpPool();
    await expect(open.pool.get(open.server.url, { classify: () => 'maybe' as never })).rejects.toThrow(/classifier.*'maybe'/);
  });
});
