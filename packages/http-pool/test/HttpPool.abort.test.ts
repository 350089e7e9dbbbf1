import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HttpError, HttpPool } from '@registry-miners/http-pool';
import { closedAfterEach, delay, startServer } from './localServer.js';

const open = closedAfterEach();

async function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (reason: unknown) => reason,
  );
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await delay(5);
  expect(condition()).toBe(true);
}

describe('AbortSignal', () => {
  it('aborts a request in flight and one still queued', async () => {
    let serverSawAbort = false;
    open.server = await startServer((req) => {
      // Never answers; notices when the client goes away.
      req.socket.on('close', () => {
        serverSawAbort = true;
      });
    });
    open.pool = new HttpPool({ concurrency: 1 });
    const controller = new AbortController();
    const inFlight = settle(open.pool.get(`${open.server.url}/first`, { signal: controller.signal }));
    const queued = settle(open.pool.get(`${open.server.url}/second`, { signal: controller.signal }));
    await until(() => open.server!.requests === 1);
    const reason = new Error('user pressed Ctrl-C');
    controller.abort(reason);

    const [first, second] = (await Promise.all([inFlight, queued])) as HttpError[];
    for (const error of [first!, second!]) {
      expect(error).toBeInstanceOf(HttpError);
      expect(error.code).toBe('ERR_HTTP_ABORTED');
      expect(error.cause).toBe(reason);
    }
    expect(first!.attempts).toBe(1);
    expect(first!.url).toBe(`${open.server.url}/first`);
    expect(second!.attempts).toBe(0);
    await until(() => serverSawAbort);
    expect(open.server.requests).toBe(1);
    expect(open.pool.stats()).toMatchObject({ failures: 2, inFlight: 0, requests: 1 });
  });

  it('listens to a shared signal once, however many requests wait on it, and lets go of it when they are done', async () => {
    open.server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 50));
    open.pool = new HttpPool({ concurrency: 4 });
    const controller = new AbortController();
    const requests = Array.from({ length: 40 }, (_, i) => open.pool!.get(`${open.server!.url}/${i}`, { signal: controller.signal }));
    await until(() => open.server!.requests >= 4);
    // 4 in flight and 36 queued: one listener (Node checks each existing listener on every add).
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await Promise.all(requests);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('aborts a request waiting to retry', async () => {
    open.server = await startServer((_req, res) => res.writeHead(503).end());
    open.pool = new HttpPool({ retryBaseDelayMs: 20_000 });
    const started = performance.now();
    const outcome = settle(open.pool.get(open.server.url, { signal: AbortSignal.timeout(200) }));
    const error = (await outcome) as HttpError;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('ERR_HTTP_ABORTED');
    expect(error.attempts).toBe(1);
    expect((error.cause as Error).name).toBe('TimeoutError');
    expect(open.server.requests).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    open.server = await startServer((_req, res) => res.end('ok'));
    open.pool = new HttpPool();
    const error = (await settle(open.pool.get(open.server.url, { signal: AbortSignal.abort() }))) as HttpError;
    expect(error.code).toBe('ERR_HTTP_ABORTED');
    expect(error.attempts).toBe(0);
    expect(open.server.requests).toBe(0);
  });

  it('leaves other requests alone', async () => {
    open.server = await startServer((req, res) => {
      if (req.url === '/slow') return;
      res.end('ok');
    });
    open.pool = new HttpPool({ concurrency: 2 });
    const controller = new AbortController();
    const slow = settle(open.pool.get(`${open.server.url}/slow`, { signal: controller.signal }));
    await until(() => open.server!.requests === 1);
    controller.abort();
    expect(((await slow) as HttpError).code).toBe('ERR_HTTP_ABORTED');
    const fine = await open.pool.get(`${open.server.url}/fine`);
    expect(fine.text()).toBe('ok');
  });
});

describe('close()', () => {
  it('lets requests in flight finish and fails queued, waiting and later ones with ERR_HTTP_POOL_CLOSED', async () => {
    open.server = await startServer((req, res) => {
      if (req.url === '/busy') res.writeHead(503).end();
      else setTimeout(() => res.end('finished'), 100);
    });
    open.pool = new HttpPool({ concurrency: 1, retryBaseDelayMs: 20_000 });
    const waiting = settle(open.pool.get(`${open.server.url}/busy`));
    const inFlight = open.pool.get(`${open.server.url}/slow`);
    const queued = settle(open.pool.get(`${open.server.url}/queued`));
    await until(() => open.server!.requests === 2);

    await open.pool.close();
    expect((await inFlight).text()).toBe('finished');
    for (const outcome of [await waiting, await queued]) {
      expect(outcome).toBeInstanceOf(HttpError);
      expect((outcome as HttpError).code).toBe('ERR_HTTP_POOL_CLOSED');
      expect((outcome as HttpError).hint).toContain('new HttpPool');
    }
    const later = (await settle(open.pool.get(open.server.url))) as HttpError;
    expect(later.code).toBe('ERR_HTTP_POOL_CLOSED');
    expect(open.server.requests).toBe(2);
    await open.pool.close(); // idempotent
  });
});
