import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, HttpPool } from '@registry-miners/http-pool';
import { delay, startServer, type LocalServer } from './localServer.js';

let server: LocalServer | undefined;
let pool: HttpPool | undefined;
afterEach(async () => {
  await pool?.close();
  await server?.close();
  pool = undefined;
  server = undefined;
});

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
    server = await startServer((req) => {
      // Never answers; notices when the client goes away.
      req.socket.on('close', () => {
        serverSawAbort = true;
      });
    });
    pool = new HttpPool({ concurrency: 1 });
    const controller = new AbortController();
    const inFlight = settle(pool.get(`${server.url}/first`, { signal: controller.signal }));
    const queued = settle(pool.get(`${server.url}/second`, { signal: controller.signal }));
    await until(() => server!.requests === 1);
    const reason = new Error('user pressed Ctrl-C');
    controller.abort(reason);

    const [first, second] = (await Promise.all([inFlight, queued])) as HttpError[];
    for (const error of [first!, second!]) {
      expect(error).toBeInstanceOf(HttpError);
      expect(error.code).toBe('ERR_HTTP_ABORTED');
      expect(error.cause).toBe(reason);
    }
    expect(first!.attempts).toBe(1);
    expect(first!.url).toBe(`${server.url}/first`);
    expect(second!.attempts).toBe(0);
    await until(() => serverSawAbort);
    expect(server.requests).toBe(1);
    expect(pool.stats()).toMatchObject({ failures: 2, inFlight: 0, requests: 1 });
  });

  it('aborts a request waiting to retry', async () => {
    server = await startServer((_req, res) => res.writeHead(503).end());
    pool = new HttpPool({ retryBaseDelayMs: 20_000 });
    const started = performance.now();
    const outcome = settle(pool.get(server.url, { signal: AbortSignal.timeout(200) }));
    const error = (await outcome) as HttpError;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('ERR_HTTP_ABORTED');
    expect(error.attempts).toBe(1);
    expect((error.cause as Error).name).toBe('TimeoutError');
    expect(server.requests).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    server = await startServer((_req, res) => res.end('ok'));
    pool = new HttpPool();
    const error = (await settle(pool.get(server.url, { signal: AbortSignal.abort() }))) as HttpError;
    expect(error.code).toBe('ERR_HTTP_ABORTED');
    expect(error.attempts).toBe(0);
    expect(server.requests).toBe(0);
  });

  it('leaves other requests alone', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/slow') return;
      res.end('ok');
    });
    pool = new HttpPool({ concurrency: 2 });
    const controller = new AbortController();
    const slow = settle(pool.get(`${server.url}/slow`, { signal: controller.signal }));
    await until(() => server!.requests === 1);
    controller.abort();
    expect(((await slow) as HttpError).code).toBe('ERR_HTTP_ABORTED');
    const fine = await pool.get(`${server.url}/fine`);
    expect(fine.text()).toBe('ok');
  });
});

describe('close()', () => {
  it('lets requests in flight finish and fails queued, waiting and later ones with ERR_HTTP_POOL_CLOSED', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/busy') res.writeHead(503).end();
      else setTimeout(() => res.end('finished'), 100);
    });
    pool = new HttpPool({ concurrency: 1, retryBaseDelayMs: 20_000 });
    const waiting = settle(pool.get(`${server.url}/busy`));
    const inFlight = pool.get(`${server.url}/slow`);
    const queued = settle(pool.get(`${server.url}/queued`));
    await until(() => server!.requests === 2);

    await pool.close();
    expect((await inFlight).text()).toBe('finished');
    for (const outcome of [await waiting, await queued]) {
      expect(outcome).toBeInstanceOf(HttpError);
      expect((outcome as HttpError).code).toBe('ERR_HTTP_POOL_CLOSED');
      expect((outcome as HttpError).hint).toContain('new HttpPool');
    }
    const later = (await settle(pool.get(server.url))) as HttpError;
    expect(later.code).toBe('ERR_HTTP_POOL_CLOSED');
    expect(server.requests).toBe(2);
    await pool.close(); // idempotent
  });
});
