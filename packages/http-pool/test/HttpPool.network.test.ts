import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, HttpPool, type RetryEvent } from '@registry-miners/http-pool';
import { startForwardProxy, type ForwardProxy } from '@registry-miners/testkit';
import { closedAfterEach, startServer, type LocalServer } from './localServer.js';

const open = closedAfterEach();
let proxy: ForwardProxy | undefined;
let other: LocalServer | undefined;
afterEach(async () => {
  await proxy?.close();
  await other?.close();
  proxy = undefined;
  other = undefined;
});

const UNRESOLVABLE = 'http://registry-miners-test.invalid/index';

describe('networks as users have them', () => {
  it('sends requests through HTTP_PROXY from the environment, and straight to the hosts in NO_PROXY', async () => {
    proxy = await startForwardProxy();
    open.server = await startServer((req, res) => res.end(`proxied ${req.url}`));
    other = await startServer((req, res) => res.end(`direct ${req.url}`));
    const bypassed = new URL(other.url).host;
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = `example.org, ${bypassed}`;
    try {
      open.pool = new HttpPool();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }

    expect((await open.pool.get(`${open.server.url}/a`)).text()).toBe('proxied /a');
    expect((await open.pool.get(`${other.url}/b`)).text()).toBe('direct /b');
    expect((await open.pool.get(`${open.server.url}/c`)).text()).toBe('proxied /c');
    // undici tunnels through CONNECT (once per connection, kept alive); the bypassed host never shows up.
    expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.seen)).toEqual(new Set([new URL(open.server.url).host]));
    expect(open.server.requests).toBe(2);
    expect(other.requests).toBe(1);
  });

  it('takes explicit proxy settings, and goes direct with proxy: false whatever the environment says', async () => {
    proxy = await startForwardProxy();
    open.server = await startServer((req, res) => res.end(req.url));
    open.pool = new HttpPool({ proxy: { httpProxy: proxy.url } });
    await open.pool.get(`${open.server.url}/via`);
    expect(proxy.seen).toEqual([new URL(open.server.url).host]);

    const direct = new HttpPool({ proxy: false });
    try {
      await direct.get(`${open.server.url}/direct`);
    } finally {
      await direct.close();
    }
    expect(proxy.seen).toHaveLength(1);
  });

  it('names the proxy in the hint when it cannot be reached', async () => {
    open.pool = new HttpPool({ proxy: { httpProxy: 'http://127.0.0.1:9' }, maxRetries: 1, retryBaseDelayMs: 10 });
    const error = (await open.pool.get('http://127.0.0.1:8/x').catch((caught: unknown) => caught)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.hint).toContain('Requests go through the proxy (httpProxy=http://127.0.0.1:9)');
  });

  it('fails on a host name that does not resolve after one retry, logging it, with a hint naming the network and the proxy variables', async () => {
    const retries: RetryEvent[] = [];
    open.pool = new HttpPool({ proxy: false, maxRetries: 8, retryBaseDelayMs: 50, onRetry: (event) => retries.push(event) });
    const started = performance.now();
    const error = (await open.pool.get(UNRESOLVABLE).catch((caught: unknown) => caught)) as HttpError;
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.code).toBe('ERR_HTTP_RETRIES_EXHAUSTED');
    expect(error.attempts).toBe(2);
    expect(error.message).toContain(`GET ${UNRESOLVABLE} failed after 2 attempts`);
    expect(error.message).toContain('host name not resolved');
    expect(error.hint).toContain('the one retry a host name that does not resolve gets');
    expect(error.hint).toMatch(/network \(connection, DNS, firewall\)/);
    expect(error.hint).toContain('set HTTPS_PROXY / HTTP_PROXY (and NO_PROXY');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ url: UNRESOLVABLE, attempt: 1, reason: expect.stringMatching(/^host name not resolved \((ENOTFOUND|EAI_AGAIN)\)$/) });
    expect(retries[0]!.delayMs).toBeGreaterThan(0);
  });

  it('tells onRetry why and how long for every retry', async () => {
    open.server = await startServer((_req, res, seen) => {
      if (seen.requests === 1) res.writeHead(503).end();
      else if (seen.requests === 2) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.end('ok');
    });
    const retries: RetryEvent[] = [];
    open.pool = new HttpPool({ retryBaseDelayMs: 10, onRetry: (event) => retries.push(event) });
    expect((await open.pool.get(`${open.server.url}/x`)).text()).toBe('ok');
    expect(retries).toEqual([
      { url: `${open.server.url}/x`, attempt: 1, reason: 'HTTP 503', status: 503, delayMs: expect.any(Number) },
      { url: `${open.server.url}/x`, attempt: 2, reason: 'HTTP 429, Retry-After 1 s', status: 429, delayMs: 1000 },
    ]);
  });

  it('rejects invalid proxy settings with a TypeError showing the value', () => {
    expect(() => new HttpPool({ proxy: { httpsProxy: 'proxy.corp:3128' } })).toThrow(/Expected `httpsProxy` to be an absolute http\(s\) URL, got 'proxy.corp:3128'/);
    expect(() => new HttpPool({ proxy: 'yes' as never })).toThrow(/`proxy` to be 'env', false/);
    expect(() => new HttpPool({ onRetry: 5 as never })).toThrow(/`onRetry` to be a function, got 5/);
  });
});
