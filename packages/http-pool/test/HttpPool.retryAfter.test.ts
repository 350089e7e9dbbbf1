import { describe, expect, it } from 'vitest';
import { HttpError, HttpPool } from '@registry-miners/http-pool';
import { closedAfterEach, startServer } from './localServer.js';

const open = closedAfterEach();

describe('Retry-After', () => {
  it('waits the number of seconds it gives', async () => {
    let throttledAt = 0;
    let retriedAt = 0;
    open.server = await startServer((_req, res) => {
      if (throttledAt === 0) {
        throttledAt = performance.now();
        res.writeHead(429, { 'retry-after': '1' }).end('slow down');
        return;
      }
      retriedAt = performance.now();
      res.end('ok');
    });
    open.pool = new HttpPool({ retryBaseDelayMs: 5 });
    const res = await open.pool.get(open.server.url);
    expect(res.attempts).toBe(2);
    const waited = retriedAt - throttledAt;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2500);
  });

  it('waits until the HTTP date it gives', async () => {
    let retryAt = 0;
    let retriedAt = 0;
    open.server = await startServer((_req, res) => {
      if (retryAt === 0) {
        // HTTP dates have whole seconds: pick the next whole second at least one second away.
        retryAt = Math.ceil((Date.now() + 1000) / 1000) * 1000;
        res.writeHead(503, { 'retry-after': new Date(retryAt).toUTCString() }).end('maintenance');
        return;
      }
      retriedAt = Date.now();
      res.end('ok');
    });
    open.pool = new HttpPool({ retryBaseDelayMs: 5 });
    const res = await open.pool.get(open.server.url);
    expect(res.attempts).toBe(2);
    expect(retriedAt).toBeGreaterThanOrEqual(retryAt - 50);
    expect(retriedAt).toBeLessThan(retryAt + 1500);
  });

  it('gives up at once when Retry-After reaches beyond maxElapsedMs', async () => {
    open.server = await startServer((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end('come back in an hour'));
    open.pool = new HttpPool({ maxElapsedMs: 5_000 });
    const started = performance.now();
    const error = (await open.pool.get(open.server.url).catch((reason: unknown) => reason)) as HttpError;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.status).toBe(429);
    expect(error.attempts).toBe(1);
    expect(error.bodyExcerpt).toBe('come back in an hour');
    expect(error.message).toContain('Retry-After');
    expect(error.hint).toContain('rate-limiting');
  });
});
