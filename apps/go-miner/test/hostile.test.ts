import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compressionBomb, serveDrip, serveEndlessBody } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { goodInfo, PEAK_RSS_NODE_OPTIONS, peakRssBytes, startHostileRegistry } from './support/hostileRegistry.js';
import { tempDirForSuite } from './support/registry.js';

const MB = 1e6;

describe('a hostile proxy', () => {
  const suiteDir = tempDirForSuite();

  it('bombs, an endless body and a 431 become rejected, a drip fails in bounded time; memory stays bounded; a rerun retries only the drip, and export works', async () => {
    // The bombs: about 1 MB on the wire, 1.1 GB once decoded.
    const gzipBomb = await compressionBomb('gzip', 1100 * 2 ** 20);
    const brBomb = await compressionBomb('br', 1100 * 2 ** 20);
    const registry = await startHostileRegistry({
      'example.com/good/one': goodInfo,
      'example.com/gzip/bomb': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipBomb),
      'example.com/br/bomb': (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brBomb),
      'example.com/endless/body': (_req, res) => serveEndlessBody(res),
      'example.com/huge/headers': (_req, res) => res.writeHead(431).end('request header fields too large'),
      'example.com/slow/drip': (_req, res) => serveDrip(res, 200),
      'example.com/good/two': goodInfo,
    });
    const state = join(suiteDir(), 'state');
    const out = join(suiteDir(), 'modules.csv');
    const args = ['--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--shards', '1', '--progress', 'log', '--state-dir', state, '--out', out];
    try {
      const first = await runCli([...args, '--max-elapsed', '2', '--format', 'jsonl'], { env: { NODE_OPTIONS: PEAK_RSS_NODE_OPTIONS } });
      expect(first.code, first.stderr).toBe(0);
      expect(peakRssBytes(first.stderr)).toBeLessThan(600 * MB);
      expect(first.durationMs).toBeLessThan(30_000);
      const rows = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { path: string; status: string; reason?: string });
      const byPath = Object.fromEntries(rows.map((row) => [row.path, row]));
      expect(byPath['example.com/good/one']).toMatchObject({ status: 'found' });
      expect(byPath['example.com/good/two']).toMatchObject({ status: 'found' });
      for (const path of ['example.com/gzip/bomb', 'example.com/br/bomb', 'example.com/endless/body']) {
        expect(byPath[path]).toMatchObject({ status: 'rejected' });
        expect(byPath[path]!.reason).toContain(`ERR_HTTP_BODY_TOO_LARGE: GET ${registry.proxyUrl}/${path}/@v/v1.0.0.info`);
        expect(byPath[path]!.reason).toContain('maxBodyBytes (65536 bytes)');
        expect(registry.requests.get(path)).toBe(1);
      }
      expect(byPath['example.com/huge/headers']).toMatchObject({ status: 'rejected', reason: expect.stringContaining('HTTP 431') });
      expect(byPath['example.com/slow/drip']).toMatchObject({ status: 'failed', reason: expect.stringContaining('maxElapsedMs (2000 ms)') });
      expect(byPath['example.com/slow/drip']!.reason).toContain(`${registry.proxyUrl}/example.com/slow/drip/@v/v1.0.0.info`);

      // The drip is transient: the csv refuses it until it is answered...
      const refused = await runCli(['export', '--state-dir', state, '--out', out, '--progress', 'none']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('1 module(s) have no lookup result (1 failed after retries');

      // ...and the next run asks again for it alone; the rejected ones are final.
      const before = new Map(registry.requests);
      registry.answer('example.com/slow/drip', goodInfo);
      const second = await runCli(args);
      expect(second.code, second.stderr).toBe(0);
      for (const [path, count] of before) expect({ path, count: registry.requests.get(path) }).toEqual({ path, count: path === 'example.com/slow/drip' ? count + 1 : count });
      const csv = (await readFile(out, 'utf8')).trim().split('\n');
      expect(csv).toHaveLength(8);
      expect(csv.find((line) => line.includes('example.com/slow/drip'))).toMatch(/,https:\/\/example\.com\/slow\/drip,https:\/\/example\.com\/slow\/drip$/);
      expect(csv.find((line) => line.includes('example.com/gzip/bomb'))).toMatch(/,nan,nan$/);
    } finally {
      await registry.close();
    }
  });
});
