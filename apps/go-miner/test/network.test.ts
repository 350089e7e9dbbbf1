import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startForwardProxy } from '@registry-miners/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { goodInfo, startHostileRegistry } from './support/hostileRegistry.js';
import { tempDir } from './support/registry.js';

const MODULES = { 'example.com/a/one': goodInfo, 'example.com/b/two': goodInfo, 'example.com/c/three': goodInfo };

describe('networks as users have them', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let registry: Awaited<ReturnType<typeof startHostileRegistry>>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    registry = await startHostileRegistry({ ...MODULES });
  });
  afterAll(async () => {
    await registry.close();
    await cleanup();
  });

  it('fails fast on an index host name that does not resolve, logging the first retry, with a hint naming the network and the proxy variables', async () => {
    const result = await runCli(['--index-url', 'http://registry-miners-test.invalid/index', '--progress', 'none', '--state-dir', join(dir, 'offline')]);
    expect(result.code).toBe(1);
    // Default retries are 8 with backoff (about 44 s before); a name that does not resolve gets one.
    expect(result.durationMs).toBeLessThan(15_000);
    expect(result.stderr).toMatch(/retrying index request: GET http:\/\/registry-miners-test\.invalid\/index\?\S+ failed \(host name not resolved \((ENOTFOUND|EAI_AGAIN)\)\); next attempt in \d+\.\d s/);
    expect(result.stderr).toMatch(/failed after 2 attempts/);
    expect(result.stderr).toContain('HTTPS_PROXY / HTTP_PROXY');
  });

  it('sends every request through HTTP_PROXY, and bypasses it for NO_PROXY hosts', async () => {
    const proxy = await startForwardProxy();
    try {
      const out = join(dir, 'proxied.csv');
      const env = { HTTP_PROXY: proxy.url, NO_PROXY: '' };
      const result = await runCli(['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--shards', '1', '--progress', 'none', '--state-dir', join(dir, 'proxied'), '--out', out], { env });
      expect(result.code, result.stderr).toBe(0);
      expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(4);
      expect(proxy.seen.length).toBeGreaterThan(0);
      expect(new Set(proxy.seen)).toEqual(new Set([new URL(registry.indexUrl).host]));

      const seen = proxy.seen.length;
      const bypass = await runCli(['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--shards', '1', '--progress', 'none', '--state-dir', join(dir, 'bypass'), '--out', join(dir, 'bypass.csv')], {
        env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
      });
      expect(bypass.code, bypass.stderr).toBe(0);
      expect(proxy.seen.length).toBe(seen);
    } finally {
      await proxy.close();
    }
  });

  it('refuses GOPROXY=off before looking anything up, and still crawls', async () => {
    const state = join(dir, 'goproxy-off');
    const result = await runCli(['--index-url', registry.indexUrl, '--progress', 'none', '--state-dir', state], { env: { GOPROXY: 'off' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("GOPROXY='off' turns module downloads off");
    expect(result.stderr).toContain('[ERR_GOPROXY_OFF]');
    expect(result.stderr).toContain('hint: Unset GOPROXY');
    // A crawl or an export does not need the proxy: GOPROXY=off does not stop them.
    const crawl = await runCli(['crawl', '--index-url', registry.indexUrl, '--shards', '1', '--progress', 'none', '--state-dir', state], { env: { GOPROXY: 'off' } });
    expect(crawl.code, crawl.stderr).toBe(0);
  });

  it('warns that GOPROXY=direct is not supported and uses the next proxy in the list', async () => {
    const out = join(dir, 'direct.csv');
    const result = await runCli(['--index-url', registry.indexUrl, '--shards', '1', '--progress', 'none', '--state-dir', join(dir, 'direct'), '--out', out], {
      env: { GOPROXY: `direct,${registry.proxyUrl}` },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: GOPROXY='direct,${registry.proxyUrl}': "direct" (fetching from version control) is not supported`);
    expect(result.stderr).toContain(`using ${registry.proxyUrl}`);
    expect(await readFile(out, 'utf8')).toContain('https://example.com/a/one');
  });
});
