import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { tempDirForSuite } from './support/registry.js';

const GOOD = [
  '{"Path":"github.com/a/one","Version":"v1.0.0","Timestamp":"2019-04-10T19:08:52.997264Z"}',
  '{"Path":"github.com/b/two","Version":"v1.0.0","Timestamp":"2019-04-11T10:00:00Z"}',
  '{"Path":"github.com/c/three","Version":"v1.0.0","Timestamp":"2019-04-12T10:00:00Z"}',
];

/**
 * An index whose second page (since the second entry) carries a hostile third line: `hostile` is the
 * whole line. The first page is fine, so the crawl has something to keep.
 */
async function startHostileIndex(hostile: string) {
  const server = createServer((req, res) => {
    const since = new URL(req.url ?? '/', 'http://localhost').searchParams.get('since');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (since === null) res.end(`${GOOD[0]}\n${GOOD[1]}\n`);
    else res.end(`${GOOD[1]}\n${GOOD[2]}\n${hostile}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/index`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Makes the CLI print its peak RSS on exit, whatever way it exits (a preload through NODE_OPTIONS). */
const PEAK_RSS_HOOK = `--import=data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kib='+process.resourceUsage().maxRSS+'\\n'))`;

function peakRssMiB(stderr: string): number {
  const match = /peak-rss-kib=(\d+)/.exec(stderr);
  if (match === null) throw new Error(`no peak RSS in stderr:\n${stderr}`);
  return Number(match[1]) / 1024;
}

describe('a hostile index line (issue 14 item 2)', () => {
  const dir = tempDirForSuite();

  const crawl = async (hostile: string, name: string) => {
    const index = await startHostileIndex(hostile);
    try {
      const state = join(dir(), name);
      const result = await runCli(['crawl', '--index-url', index.url, '--page-limit', '2', '--shards', '1', '--progress', 'none', '--state-dir', state], {
        env: { NODE_OPTIONS: PEAK_RSS_HOOK },
      });
      const status = await runCli(['status', '--state-dir', state, '--json']);
      return { result, status: JSON.parse(status.stdout) as { crawl: { complete: boolean; counters: { entries: number } } } };
    } finally {
      await index.close();
    }
  };

  it('rejects a 4 MB line by its length, naming the cursor and the line, in bounded memory, keeping what came before', async () => {
    const line = `{"Path":"github.com/d/${'x'.repeat(4 << 20)}","Version":"v1.0.0","Timestamp":"2019-04-13T10:00:00Z"}`;
    const { result, status } = await crawl(line, 'long');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[ERR_INDEX_MALFORMED_LINE]');
    expect(result.stderr).toContain('line 3');
    expect(result.stderr).toContain('since=2019-04-11T10:00:00Z');
    expect(result.stderr).toContain(`a line of ${line.length} bytes, over the 4096-byte limit`);
    expect(result.stderr.length).toBeLessThan(5000); // an excerpt, not the line
    expect(peakRssMiB(result.stderr)).toBeLessThan(600);
    // The first page was committed (as a crawl run) before the error: nothing already read is lost.
    expect(status.crawl.counters.entries).toBe(2);
    expect(status.crawl.complete).toBe(false);
  });

  it('rejects an invalid module path the same way', async () => {
    const { result, status } = await crawl('{"Path":"github.com/d/=HYPERLINK(\\"x\\")","Version":"v1.0.0","Timestamp":"2019-04-13T10:00:00Z"}', 'path');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[ERR_INDEX_MALFORMED_LINE]');
    expect(result.stderr).toContain('line 3');
    expect(result.stderr).toContain('invalid module path: invalid character "="');
    expect(status.crawl.counters.entries).toBe(2);
  });
});
