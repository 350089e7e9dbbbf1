import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeGoRegistry } from '@registry-miners/testkit';
import type { FakeGoRegistry } from '@registry-miners/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './support/cli.js';
import { startPrefixIndex } from './support/prefixIndexServer.js';
import { dataset, tempDir } from './support/registry.js';

describe('export during and after a refresh', () => {
  const data = dataset();
  let index: Awaited<ReturnType<typeof startPrefixIndex>>;
  let registry: FakeGoRegistry;
  let dir: string;
  let cleanup: () => Promise<void>;
  let state: string;
  let common: string[];
  let firstCsv: string;

  // A complete crawl of the index as it was (its first 15,000 entries), then the index grows.
  beforeEach(async () => {
    index = await startPrefixIndex(data, 15_000);
    registry = await startFakeGoRegistry({ dataset: data });
    ({ dir, cleanup } = await tempDir());
    state = join(dir, 'state');
    common = ['--index-url', index.url, '--state-dir', state, '--shards', '1'];
    const first = await runCli([...common, '--proxy-url', registry.proxyUrl, '--progress', 'none', '--out', join(dir, 'first.csv')]);
    expect(first.code).toBe(0);
    firstCsv = await readFile(join(dir, 'first.csv'), 'utf8');
    index.setVisible(data.entryCount);
  }, 120_000);
  afterEach(async () => {
    await index.close();
    await registry.close();
    await cleanup();
  });

  /** Index pages committed so far, over every crawl of the state. */
  async function crawledPages(): Promise<number> {
    const status = JSON.parse((await runCli(['status', '--state-dir', state, '--json'])).stdout) as { crawl: { counters: { pages: number } } };
    return status.crawl.counters.pages;
  }

  it('does not block `export` of the last complete crawl when it fails', async () => {
    // The index answers one page of the refresh (it is committed to the crawl's runs), then goes down.
    const pagesBefore = await crawledPages();
    index.failAfter(1);
    const refresh = await runCli([...common, '--proxy-url', registry.proxyUrl, '--progress', 'none', '--page-limit', '1000', '--commit-interval', '0', '--max-retries', '1', '--out', join(dir, 'second.csv')]);
    expect(refresh.code).toBe(1);
    expect(refresh.stderr).toContain('[ERR_INDEX_HTTP]');
    const status = JSON.parse((await runCli(['status', '--state-dir', state, '--json'])).stdout) as { crawl: { complete: boolean } };
    expect(status.crawl.complete).toBe(false);
    expect(await crawledPages()).toBeGreaterThan(pagesBefore);

    // The last complete crawl exports as it was, saying why the new modules are not in it.
    const out = join(dir, 'after-failed-refresh.csv');
    const exported = await runCli(['export', '--state-dir', state, '--out', out, '--progress', 'none']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`note: a refresh of ${state} is unfinished; exporting the last complete crawl`);
    expect(await readFile(out, 'utf8')).toBe(firstCsv);
  }, 180_000);

  it('beside a running refresh, exports the last complete crawl and reports one count', async () => {
    const firstRows = firstCsv.trimEnd().split('\n').length - 1;
    // A slow refresh commits pages to the state while the export runs.
    const pagesBefore = await crawledPages();
    index.setDelay(200);
    const refresh = spawnCli(['crawl', ...common, '--progress', 'log', '--progress-interval', '0.2', '--page-limit', '50', '--commit-interval', '0']);
    try {
      for (let tries = 0; (await crawledPages()) === pagesBefore; tries++) {
        if (tries > 20) throw new Error(`the refresh committed no page:\n${refresh.stderr()}\n${(await runCli(['status', '--state-dir', state])).stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const out = join(dir, 'beside.csv');
      const exported = await runCli(['export', '--state-dir', state, '--out', out, '--progress', 'log', '--progress-interval', '0.1']);
      expect(exported.code).toBe(0);
      const rows = (await readFile(out, 'utf8')).trimEnd().split('\n').length - 1;
      expect(rows).toBe(firstRows);
      // Every count the export prints is that one: the progress totals, its last line, the summary.
      const totals = [...exported.stderr.matchAll(/ export \d+\/(\d+) /g)].map((match) => Number(match[1]));
      expect(totals.length).toBeGreaterThan(0);
      expect(new Set(totals)).toEqual(new Set([rows]));
      expect(exported.stderr).toMatch(new RegExp(` export ${rows}/${rows} \\(100\\.0%\\) .* done\n`));
      expect(exported.stderr).toContain(`  export: ${rows.toLocaleString('en-US')} rows (csv)`);
      expect(exported.stderr).not.toMatch(/^ {2}modules: /m);
      expect(refresh.child.exitCode).toBeNull(); // the refresh was still running all along
    } finally {
      refresh.child.kill('SIGKILL');
      await refresh.done;
    }
  }, 180_000);
});
