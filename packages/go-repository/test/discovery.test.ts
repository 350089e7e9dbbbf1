import { afterEach, describe, expect, it } from 'vitest';
import { HttpPool } from '@registry-miners/http-pool';
import { goGetPage, startFakeGoGetHosts } from '@registry-miners/testkit';
import type { FakeGoGetHosts, GoGetReply } from '@registry-miners/testkit';
import { GoGetDiscovery, GoRepositoryError, MemoryGoGetCache } from '../src/index.js';

const page = (prefix: string, url: string): GoGetReply => ({ status: 200, body: goGetPage(['go-import', `${prefix} git ${url}`]) });

let hosts: FakeGoGetHosts | undefined;
let pool: HttpPool | undefined;

afterEach(async () => {
  await pool?.close();
  await hosts?.close();
  pool = undefined;
  hosts = undefined;
});

async function setUp(answer: (path: string, query: string) => GoGetReply, options: { latencyMs?: number; timeoutMs?: number; cache?: MemoryGoGetCache } = {}) {
  hosts = await startFakeGoGetHosts({ answer, latencyMs: options.latencyMs ?? 0 });
  pool = new HttpPool({ maxRetries: 2, retryBaseDelayMs: 5, concurrency: 64 });
  return new GoGetDiscovery({
    pool,
    baseUrl: hosts.url,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
}

describe('GoGetDiscovery', () => {
  it('asks once per prefix: a response for cloud.example/go answers the paths below it, even when asked together', async () => {
    const discovery = await setUp((path) => (path.startsWith('cloud.example/go') ? page('cloud.example/go', 'https://github.com/example/cloud-go') : { status: 404, body: '' }), {
      latencyMs: 30,
    });
    const paths = ['cloud.example/go', 'cloud.example/go/storage', 'cloud.example/go/pubsub', 'cloud.example/go/storage/v2'];
    const outcomes = await Promise.all(paths.map((path) => discovery.discover(path)));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'found', prefix: 'cloud.example/go', url: 'https://github.com/example/cloud-go', vcs: 'git' });
    expect(hosts!.stats().byPath).toEqual({ 'cloud.example/go': 1 });
    expect(outcomes.filter((outcome) => outcome.cached)).toHaveLength(3);
  });

  it("waits for a host's first answer before asking it again: a root prefix answers sibling paths asked together", async () => {
    const discovery = await setUp(() => page('root.example', 'https://git.example/root'), { latencyMs: 30 });
    const outcomes = await Promise.all(['root.example/a', 'root.example/b', 'root.example/c/d'].map((path) => discovery.discover(path)));
    expect(outcomes.map((outcome) => outcome.status === 'found' && outcome.prefix)).toEqual(['root.example', 'root.example', 'root.example']);
    // The first page, and the prefix's own page that confirms it (as the go command verifies it).
    expect(hosts!.stats().byPath).toEqual({ 'root.example/a': 1, 'root.example': 1 });
  });

  it("refuses a shorter prefix that the prefix's own page does not confirm, and does not let it answer other paths", async () => {
    const discovery = await setUp((path) => {
      if (path === 'uni.example/bob/x') return page('uni.example', 'https://evil.example/takeover');
      if (path === 'uni.example') return page('uni.example', 'https://git.uni.example/main');
      return page(path, `https://git.uni.example/${path}`);
    });
    expect(await discovery.discover('uni.example/bob/x')).toMatchObject({ status: 'none', code: 'ERR_GOGET_PREFIX_MISMATCH', transient: false });
    expect(await discovery.discover('uni.example/alice/y')).toMatchObject({ status: 'found', prefix: 'uni.example/alice/y', url: 'https://git.uni.example/uni.example/alice/y' });
    expect(hosts!.stats().byPath).toEqual({ 'uni.example/bob/x': 1, 'uni.example': 1, 'uni.example/alice/y': 1 });
  });

  it('keeps at most 2 requests in flight per host, while other hosts proceed', async () => {
    const discovery = await setUp((path) => page(path, `https://git.example/${path}`), { latencyMs: 40 });
    const paths = [...Array.from({ length: 12 }, (_, k) => `one.example/m${k}`), ...Array.from({ length: 12 }, (_, k) => `two.example/m${k}`)];
    const outcomes = await Promise.all(paths.map((path) => discovery.discover(path)));
    expect(outcomes.every((outcome) => outcome.status === 'found')).toBe(true);
    const stats = hosts!.stats();
    expect(stats.maxInFlightPerHost).toBe(2);
    expect(stats.maxInFlight).toBe(4);
    expect(discovery.stats().maxInFlightPerHost).toBe(2);
  });

  it('takes a 404 as final (no retry) and remembers it', async () => {
    const discovery = await setUp(() => ({ status: 404, body: 'no such page' }));
    expect(await discovery.discover('gone.example/x')).toMatchObject({ status: 'none', code: 'ERR_GOGET_HTTP_STATUS', transient: false, cached: false });
    expect(await discovery.discover('gone.example/x')).toMatchObject({ status: 'none', code: 'ERR_GOGET_HTTP_STATUS', cached: true });
    expect(hosts!.stats().requests).toBe(1);
  });

  it('reads tags from an error page as the go command does', async () => {
    const discovery = await setUp((path) => ({ ...(page(path, 'https://git.example/x') as { body: string }), status: 404 }));
    expect(await discovery.discover('odd.example/x')).toMatchObject({ status: 'found', url: 'https://git.example/x' });
  });

  it('retries a 503 through the pool, then reports a transient failure', async () => {
    const discovery = await setUp(() => ({ status: 503, body: 'busy' }));
    expect(await discovery.discover('busy.example/x')).toMatchObject({ status: 'none', code: 'ERR_GOGET_HTTP_STATUS', transient: true });
    expect(hosts!.stats().requests).toBe(3);
  });

  it('times out a hanging host and skips it for the rest of the run', async () => {
    const discovery = await setUp((path) => (path.startsWith('hang.example') ? { hang: true } : page(path, 'https://git.example/ok')), { timeoutMs: 300 });
    const started = Date.now();
    expect(await discovery.discover('hang.example/a')).toMatchObject({ status: 'none', code: 'ERR_GOGET_TIMEOUT', transient: true });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await discovery.discover('hang.example/b')).toMatchObject({ status: 'none', code: 'ERR_GOGET_HOST_SKIPPED' });
    expect(await discovery.discover('fine.example/a')).toMatchObject({ status: 'found' });
    expect(hosts!.stats().byPath).toEqual({ 'hang.example/a': 1, 'fine.example/a': 1 });
    expect(discovery.stats().skippedHosts).toBe(1);
  });

  it('follows a few redirects and refuses a loop', async () => {
    const discovery = await setUp((path, query) => {
      if (path === 'moved.example/x') return query.includes('to=1') ? page(path, 'https://git.example/moved') : { status: 301, body: '', headers: { location: `?${query}&to=1` } };
      return { status: 302, body: '', headers: { location: `/${path}?go-get=1&n=${query.length}` } };
    });
    expect(await discovery.discover('moved.example/x')).toMatchObject({ status: 'found', url: 'https://git.example/moved' });
    expect(await discovery.discover('loop.example/x')).toMatchObject({ status: 'none', code: 'ERR_GOGET_REDIRECT' });
    expect(hosts!.stats().byPath['loop.example/x']).toBe(4); // the first request and 3 redirects
  });

  it('refuses a body over the limit, garbage, several tags, unknown VCS and a repository that is not a URL', async () => {
    const answers: Record<string, GoGetReply> = {
      'big.example/x': { status: 200, body: `${goGetPage(['go-import', 'big.example/x git https://git.example/x'])}${' '.repeat(1 << 20)}` },
      'junk.example/x': { status: 200, body: '\u0000<<<>>> <meta name="go-import" content="other.example/y git https://git.example/y">' },
      'two.example/x': { status: 200, body: goGetPage(['go-import', 'two.example/x git https://a.example/x'], ['go-import', 'two.example git https://b.example/x']) },
      'vcs.example/x': { status: 200, body: goGetPage(['go-import', 'vcs.example/x cvs https://a.example/x']) },
      'url.example/x': { status: 200, body: goGetPage(['go-import', 'url.example/x git =HYPERLINK("https://evil.example")']) },
    };
    const discovery = await setUp((path) => answers[path] ?? { status: 404, body: '' });
    expect(await discovery.discover('big.example/x')).toMatchObject({ code: 'ERR_GOGET_TOO_LARGE' });
    expect(await discovery.discover('junk.example/x')).toMatchObject({ code: 'ERR_GOGET_NO_MATCH' });
    expect(await discovery.discover('two.example/x')).toMatchObject({ code: 'ERR_GOGET_AMBIGUOUS' });
    expect(await discovery.discover('vcs.example/x')).toMatchObject({ code: 'ERR_GOGET_UNKNOWN_VCS' });
    expect(await discovery.discover('url.example/x')).toMatchObject({ code: 'ERR_GOGET_INVALID_URL' });
  });

  it('asks nothing for an invalid path, and rejects on abort', async () => {
    const discovery = await setUp(() => ({ hang: true }));
    expect(await discovery.discover('no-dot/x')).toMatchObject({ code: 'ERR_GOGET_INVALID_PATH' });
    expect(await discovery.discover('a.example/x\n=1')).toMatchObject({ code: 'ERR_GOGET_INVALID_PATH' });
    const controller = new AbortController();
    const pending = discovery.discover('slow.example/x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'GoRepositoryError', code: 'ERR_GOGET_ABORTED' });
    expect(hosts!.stats().byPath).toEqual({ 'slow.example/x': 1 });
  });

  it('answers from a cache filled earlier (a restart), and asks again for a stale transient failure', async () => {
    const cache = new MemoryGoGetCache();
    cache.put('pre.example/go', { kind: 'prefix', vcs: 'git', url: 'https://git.example/pre', at: 1 });
    cache.put('flaky.example/x', { kind: 'none', code: 'ERR_GOGET_TIMEOUT', reason: 'old', transient: true, at: 1 });
    cache.put('gone.example/x', { kind: 'none', code: 'ERR_GOGET_HTTP_STATUS', reason: 'HTTP 404', transient: false, at: 1 });
    const discovery = await setUp((path) => page(path, 'https://git.example/fresh'), { cache });
    expect(await discovery.discover('pre.example/go/sub')).toMatchObject({ status: 'found', url: 'https://git.example/pre', cached: true });
    expect(await discovery.discover('gone.example/x')).toMatchObject({ status: 'none', cached: true });
    expect(await discovery.discover('flaky.example/x')).toMatchObject({ status: 'found', url: 'https://git.example/fresh', cached: false });
    expect(hosts!.stats().byPath).toEqual({ 'flaky.example/x': 1 });
  });

  it('checks its options', () => {
    const pool = new HttpPool();
    expect(() => new GoGetDiscovery({ pool, perHostConcurrency: 0 })).toThrow(GoRepositoryError);
    expect(() => new GoGetDiscovery({ pool, baseUrl: 'ftp://x' })).toThrow(/baseUrl/);
    expect(new GoGetDiscovery({ pool }).urlFor('go.uber.org/zap')).toBe('https://go.uber.org/zap?go-get=1');
    return pool.close();
  });
});
