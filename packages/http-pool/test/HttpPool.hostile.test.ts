import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpPool } from '@registry-miners/http-pool';
import { compressionBomb, serveDrip, serveEndlessBody } from '@registry-miners/testkit';
import { RegistryMinersError } from '@registry-miners/utils';
import { httpErrorOf } from './httpErrorOf.js';
import { closedAfterEach, startServer } from './localServer.js';

const open = closedAfterEach();
const MiB = 1024 * 1024;

describe('hostile servers', () => {
  it.each(['gzip', 'br', 'deflate'] as const)('stops a %s bomb at maxBodyBytes once decoded, without retrying, and names the URL and the limit', async (encoding) => {
    const bomb = await compressionBomb(encoding, 200 * MiB);
    expect(bomb.length).toBeLessThan(MiB);
    open.server = await startServer((_req, res) => res.writeHead(200, { 'content-encoding': encoding }).end(bomb));
    open.pool = new HttpPool({ maxBodyBytes: 4 * MiB });
    const url = `${open.server.url}/example.com/bomb/@v/v1.0.0.info`;
    const rssBefore = process.memoryUsage().rss;

    const error = await httpErrorOf(open.pool.get(url, { maxBodyBytes: 64 * 1024 }));
    expect(error.code).toBe('ERR_HTTP_BODY_TOO_LARGE');
    expect(error.url).toBe(url);
    expect(error.status).toBe(200);
    expect(error.message).toContain(url);
    expect(error.message).toContain('maxBodyBytes (65536 bytes)');
    expect(error.hint).toMatch(/compression bomb/);
    expect(error.message).not.toContain(error.hint);
    expect(error.attempts).toBe(1);
    // One base for every error of the workspace; the facts sit in `details`, the shortcuts read them.
    expect(error).toBeInstanceOf(RegistryMinersError);
    expect(error.details).toMatchObject({ url, status: 200, attempts: 1 });
    expect(open.server.requests).toBe(1);
    // The 200 MiB never materialised (decoding stopped at 64 KiB).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MiB);
    expect(open.pool.stats()).toMatchObject({ failures: 1, statuses: { ERR_HTTP_BODY_TOO_LARGE: 1 } });
  });

  it('stops an endless body at maxBodyBytes', async () => {
    open.server = await startServer((_req, res) => serveEndlessBody(res));
    open.pool = new HttpPool({ maxBodyBytes: 2 * MiB });
    const error = await httpErrorOf(open.pool.get(`${open.server.url}/index?since=x`));
    expect(error.code).toBe('ERR_HTTP_BODY_TOO_LARGE');
    expect(error.message).toContain('maxBodyBytes (2097152 bytes)');
    expect(open.server.requests).toBe(1);
  });

  it('stops a compressed body that is too large even before decoding', async () => {
    open.server = await startServer((_req, res) => serveEndlessBody(res, { 'content-encoding': 'gzip' }));
    open.pool = new HttpPool({ maxBodyBytes: MiB });
    const error = await httpErrorOf(open.pool.get(open.server.url));
    expect(error.code).toBe('ERR_HTTP_BODY_TOO_LARGE');
    expect(error.message).toContain('before decoding');
  });

  it('accepts a body exactly at the limit, decoded or not', async () => {
    const body = Buffer.alloc(64 * 1024, 'a');
    open.server = await startServer((req, res) => {
      if (req.url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
      else res.end(body);
    });
    open.pool = new HttpPool({ maxBodyBytes: 64 * 1024 });
    expect((await open.pool.get(`${open.server.url}/plain`)).body.length).toBe(64 * 1024);
    const decoded = await open.pool.get(`${open.server.url}/gzip`);
    expect(decoded.body).toEqual(gunzipSync(gzipSync(body)));
  });

  it('cuts a slow drip at responseTimeoutMs, retries, then fails naming the URL and the timeout', async () => {
    open.server = await startServer((_req, res) => serveDrip(res, 100));
    // The drip sends a byte every 100 ms: the 1 s between-chunks timeout never fires.
    open.pool = new HttpPool({ bodyTimeoutMs: 1_000, responseTimeoutMs: 400, maxRetries: 1, retryBaseDelayMs: 10 });
    const url = `${open.server.url}/drip`;
    const started = performance.now();
    const error = await httpErrorOf(open.pool.get(url));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.attempts).toBe(2);
    expect(error.message).toContain(url);
    expect(error.message).toContain('responseTimeoutMs (400 ms)');
    expect(open.pool.stats().statuses).toEqual({ ERR_HTTP_RESPONSE_TIMEOUT: 2 });
  });

  it('cuts a drip at maxElapsedMs when that comes first', async () => {
    open.server = await startServer((_req, res) => serveDrip(res, 100));
    open.pool = new HttpPool({ maxElapsedMs: 500 });
    const started = performance.now();
    const error = await httpErrorOf(open.pool.get(`${open.server.url}/drip`, { responseTimeoutMs: 60_000 }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.message).toContain('maxElapsedMs (500 ms)');
  });

  it('rejects invalid per-request limits with a TypeError showing the value', async () => {
    open.pool = new HttpPool();
    await expect(open.pool.get('http://127.0.0.1:9/', { maxBodyBytes: 0 })).rejects.toThrow(/`maxBodyBytes`.*got 0/);
    await expect(open.pool.get('http://127.0.0.1:9/', { responseTimeoutMs: -1 })).rejects.toThrow(/`responseTimeoutMs`.*got -1/);
  });
});
