import { HttpPool } from '@registry-miners/http-pool';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoProxyError, INFO_MAX_BYTES, lookupOrigin } from '@registry-miners/go-proxy-origin';
import { compressionBomb } from '@registry-miners/testkit';
import { startServer } from './support/countingServer.js';
import { type FakeProxy, type Reply, startFakeProxy } from './support/proxyServer.js';

let pool: HttpPool;
const proxies: FakeProxy[] = [];

beforeAll(() => {
  pool = new HttpPool({ maxRetries: 3, retryBaseDelayMs: 5, retryMaxDelayMs: 20 });
});
afterAll(async () => {
  await pool.close();
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function proxy(routes: Record<string, Reply | Reply[]>): Promise<FakeProxy> {
  const started = await startFakeProxy(routes);
  proxies.push(started);
  return started;
}

const TOML = 'github.com/BurntSushi/toml';
const INFO = '/github.com/!burnt!sushi/toml/@v/v1.3.2.info';
const LATEST = '/github.com/!burnt!sushi/toml/@latest';
const origin = { VCS: 'git', URL: 'https://github.com/BurntSushi/toml', Hash: 'a'.repeat(40), Ref: 'refs/tags/v1.3.2' };
/** A `.info`/`@latest` body; `withOrigin: null` leaves Origin out. */
const info = (version: string, withOrigin: object | null = origin): object => ({
  Version: version,
  Time: '2023-06-08T06:13:09Z',
  ...(withOrigin === null ? {} : { Origin: withOrigin }),
});
const NOT_FOUND = (status: 404 | 410 = 404): Reply => ({ status, body: `not found: ${TOML}@v1.3.2: invalid version: unknown revision v1.3.2` });

describe('lookupOrigin', () => {
  it('answers from the newest version\'s .info with one request, case-encoded, cache-only', async () => {
    const server = await proxy({ [INFO]: { status: 200, body: { ...info('v1.3.2', { ...origin, Subdir: 'sub', TagSum: 't1:xyz', Future: 1 }), Extra: true } } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toEqual({
      status: 'found',
      version: 'v1.3.2',
      source: 'info',
      origin: { vcs: 'git', url: 'https://github.com/BurntSushi/toml', subdir: 'sub', hash: 'a'.repeat(40), ref: 'refs/tags/v1.3.2' },
    });
    expect(server.requests.map((r) => r.url)).toEqual([INFO]);
    expect(server.requests[0]!.headers['disable-module-fetch']).toBe('true');
  });

  it('case-encodes the version too', async () => {
    const server = await proxy({ '/example.com/m/@v/v0.1.0-!m3.info': { status: 200, body: info('v0.1.0-M3', { URL: 'https://example.com/m' }) } });
    const result = await lookupOrigin(pool, `${server.url}/`, 'example.com/m', 'v0.1.0-M3');
    expect(result).toEqual({ status: 'found', version: 'v0.1.0-M3', source: 'info', origin: { url: 'https://example.com/m' } });
    expect(server.requests.map((r) => r.url)).toEqual(['/example.com/m/@v/v0.1.0-!m3.info']);
  });

  it.each([404, 410] as const)('falls back to @latest when the .info is %i', async (status) => {
    const server = await proxy({ [INFO]: NOT_FOUND(status), [LATEST]: { status: 200, body: info('v1.4.0') } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toMatchObject({ status: 'found', version: 'v1.4.0', source: 'latest', origin: { url: 'https://github.com/BurntSushi/toml' } });
    expect(server.requests.map((r) => r.url)).toEqual([INFO, LATEST]);
    expect(server.requests.every((r) => r.headers['disable-module-fetch'] === 'true')).toBe(true);
  });

  it.each([
    ['no Origin', null],
    ['an Origin without URL', { VCS: 'git', Hash: 'b'.repeat(40) }],
    ['an empty Origin URL', { VCS: 'git', URL: '' }],
  ])('falls back to @latest when the .info has %s', async (_, infoOrigin) => {
    const server = await proxy({ [INFO]: { status: 200, body: info('v1.3.2', infoOrigin) }, [LATEST]: { status: 200, body: info('v1.4.0') } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toMatchObject({ status: 'found', source: 'latest', version: 'v1.4.0' });
    expect(server.requests.map((r) => r.url)).toEqual([INFO, LATEST]);
  });

  it('asks only @latest when no version is known', async () => {
    const server = await proxy({ [LATEST]: { status: 200, body: info('v1.4.0') } });
    const result = await lookupOrigin(pool, server.url, TOML);
    expect(result).toMatchObject({ status: 'found', source: 'latest' });
    expect(server.requests.map((r) => r.url)).toEqual([LATEST]);
  });

  it('reports no-origin (with the version) when neither answer has an Origin URL', async () => {
    const server = await proxy({ [INFO]: { status: 200, body: info('v1.3.2', null) }, [LATEST]: { status: 200, body: info('v1.4.0', null) } });
    expect(await lookupOrigin(pool, server.url, TOML, 'v1.3.2')).toEqual({ status: 'no-origin', version: 'v1.4.0' });
    const onlyInfo = await proxy({ [INFO]: { status: 200, body: info('v1.3.2', null) }, [LATEST]: NOT_FOUND(410) });
    expect(await lookupOrigin(pool, onlyInfo.url, TOML, 'v1.3.2')).toEqual({ status: 'no-origin', version: 'v1.3.2' });
    expect(onlyInfo.requests.map((r) => r.url)).toEqual([INFO, LATEST]);
  });

  it.each([404, 410] as const)('reports not-found when the proxy answers %i to both', async (status) => {
    const server = await proxy({ [INFO]: NOT_FOUND(404), [LATEST]: { status, body: `not found: module ${TOML}: no matching versions for query "latest"\n` } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toEqual({ status: 'not-found', httpStatus: status, message: `not found: module ${TOML}: no matching versions for query "latest"` });
    expect(server.requests.map((r) => r.url)).toEqual([INFO, LATEST]);
  });

  it('retries a 404 "fetch timed out" and then succeeds', async () => {
    const server = await proxy({ [INFO]: [{ status: 404, body: `not found: ${TOML}@v1.3.2: fetch timed out`, times: 2 }, { status: 200, body: info('v1.3.2') }] });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toMatchObject({ status: 'found', source: 'info' });
    expect(server.requests.map((r) => r.url)).toEqual([INFO, INFO, INFO]);
  });

  it('reports a persistent "fetch timed out" as failed, not as not-found', async () => {
    const server = await proxy({ [INFO]: { status: 410, body: 'not found: fetch timed out' } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toMatchObject({ status: 'failed', final: false, code: 'ERR_HTTP_RETRIES_EXHAUSTED', httpStatus: 410 });
    expect(server.requests.map((r) => r.url)).toEqual([INFO, INFO, INFO, INFO]);
  });

  it('reports a persistent 503 as failed (never no-origin), without trying @latest', async () => {
    const server = await proxy({ [INFO]: { status: 503, body: 'service unavailable' }, [LATEST]: { status: 200, body: info('v1.4.0', null) } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result.status).toBe('failed');
    expect(result).toMatchObject({ final: false, code: 'ERR_HTTP_RETRIES_EXHAUSTED', httpStatus: 503, url: `${server.url}${INFO}` });
    expect(server.requests.map((r) => r.url)).toEqual([INFO, INFO, INFO, INFO]);
  });

  it('reports a persistent 503 on @latest as failed even though the .info had no Origin', async () => {
    const server = await proxy({ [INFO]: { status: 200, body: info('v1.3.2', null) }, [LATEST]: { status: 503, body: 'busy' } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toMatchObject({ status: 'failed', code: 'ERR_HTTP_RETRIES_EXHAUSTED', httpStatus: 503 });
  });

  it('treats 400 "bad request" as final: failed with the body as reason', async () => {
    const body = `bad request: invalid escaped module path "github.com/BurntSushi/toml": invalid char 'B'`;
    const server = await proxy({ [INFO]: { status: 400, body } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toEqual({ status: 'failed', final: true, reason: body, code: 'ERR_GOPROXY_BAD_REQUEST', httpStatus: 400, url: `${server.url}${INFO}` });
    expect(server.requests.map((r) => r.url)).toEqual([INFO]);
  });

  it('reports another final status as failed: final when it is about the request (431, 414), not when it is about the setup (401, 403, 407)', async () => {
    const server = await proxy({ [LATEST]: { status: 403, body: 'forbidden' } });
    expect(await lookupOrigin(pool, server.url, TOML)).toMatchObject({ status: 'failed', final: false, code: 'ERR_GOPROXY_HTTP_STATUS', httpStatus: 403, reason: 'HTTP 403: forbidden' });
    for (const status of [431, 414]) {
      const strict = await proxy({ [INFO]: { status, body: 'request header fields too large' } });
      expect(await lookupOrigin(pool, strict.url, TOML, 'v1.3.2')).toMatchObject({ status: 'failed', final: true, code: 'ERR_GOPROXY_HTTP_STATUS', httpStatus: status });
      expect(strict.requests).toHaveLength(1);
    }
    for (const status of [401, 407]) {
      const guarded = await proxy({ [INFO]: { status, body: 'who are you' } });
      expect(await lookupOrigin(pool, guarded.url, TOML, 'v1.3.2')).toMatchObject({ status: 'failed', final: false, httpStatus: status });
    }
  });

  it('reports a .info compression bomb as a final failure naming the URL and the limit, after one request', async () => {
    const bomb = await compressionBomb('gzip', 64 * 1024 * 1024);
    const server = await startServer((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' }).end(bomb));
    try {
      const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
      expect(result).toMatchObject({ status: 'failed', final: true, code: 'ERR_HTTP_BODY_TOO_LARGE', httpStatus: 200, url: `${server.url}${INFO}` });
      expect(result.status === 'failed' && result.reason).toContain(`${server.url}${INFO}`);
      expect(result.status === 'failed' && result.reason).toContain(`maxBodyBytes (${INFO_MAX_BYTES} bytes)`);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['not JSON', '{"Version": "v1.3.2", '],
    ['an array', '[1]'],
    ['a non-string URL', '{"Version":"v1.3.2","Origin":{"URL":42}}'],
    ['a non-object Origin', '{"Version":"v1.3.2","Origin":"github.com"}'],
  ])('reports a .info body that is %s as failed, without trying @latest', async (_, body) => {
    const server = await proxy({ [INFO]: { status: 200, body }, [LATEST]: { status: 200, body: info('v1.4.0') } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    // A captive portal or a broken middlebox answers so too: worth asking again later.
    expect(result).toMatchObject({ status: 'failed', final: false, code: 'ERR_GOPROXY_INVALID_JSON', httpStatus: 200 });
    expect(server.requests.map((r) => r.url)).toEqual([INFO]);
  });

  it('reports invalid JSON from @latest as failed', async () => {
    const server = await proxy({ [INFO]: NOT_FOUND(), [LATEST]: { status: 200, body: '<html>' } });
    const result = await lookupOrigin(pool, server.url, TOML, 'v1.3.2');
    expect(result).toMatchObject({ status: 'failed', code: 'ERR_GOPROXY_INVALID_JSON' });
    expect(result.status === 'failed' && result.reason).toContain('<html>');
  });

  it('reports an invalid path or version as failed without any request', async () => {
    const server = await proxy({});
    expect(await lookupOrigin(pool, server.url, 'github.com/x!y', 'v1.0.0')).toMatchObject({
      status: 'failed',
      final: true,
      code: 'ERR_GOPROXY_INVALID_PATH',
      reason: expect.stringContaining("'github.com/x!y'"),
    });
    expect(await lookupOrigin(pool, server.url, TOML, 'v1/0')).toMatchObject({ status: 'failed', final: true, code: 'ERR_GOPROXY_INVALID_VERSION' });
    expect(server.requests).toEqual([]);
  });

  it('rejects with ERR_GOPROXY_ABORTED when cancelled', async () => {
    const server = await proxy({ [INFO]: { status: 200, body: info('v1.3.2'), delayMs: 5_000 } });
    const error = await lookupOrigin(pool, server.url, TOML, 'v1.3.2', { signal: AbortSignal.timeout(50) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GoProxyError);
    expect((error as GoProxyError).code).toBe('ERR_GOPROXY_ABORTED');
  });

  it('rejects invalid arguments with TypeErrors', async () => {
    await expect(lookupOrigin(pool, 'proxy.golang.org', TOML)).rejects.toThrow("Expected `proxyUrl` to be an absolute URL, got 'proxy.golang.org'");
    await expect(lookupOrigin({} as HttpPool, 'https://proxy.golang.org', TOML)).rejects.toThrow(TypeError);
  });
});
