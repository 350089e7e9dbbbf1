import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeGoRegistry } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startPrefixIndex } from './support/prefixIndexServer.js';
import { dataset, tempDir } from './support/registry.js';

describe('a refresh that fails', () => {
  it('does not block `export` of the last complete crawl', async () => {
    const data = dataset();
    const index = await startPrefixIndex(data, 15_000);
    const registry = await startFakeGoRegistry({ dataset: data });
    const { dir, cleanup } = await tempDir();
    const state = join(dir, 'state');
    const common = ['--index-url', index.url, '--proxy-url', registry.proxyUrl, '--state-dir', state, '--progress', 'none'];
    try {
      const first = await runCli([...common, '--shards', '1', '--out', join(dir, 'first.csv')]);
      expect(first.code).toBe(0);
      const firstCsv = await readFile(join(dir, 'first.csv'), 'utf8');

      // The index has grown, answers one page of the refresh (new modules enter the state), then goes down.
      index.setVisible(data.entryCount);
      index.failAfter(1);
      const refresh = await runCli([...common, '--shards', '1', '--page-limit', '1000', '--commit-interval', '0', '--max-retries', '1', '--out', join(dir, 'second.csv')]);
      expect(refresh.code).toBe(1);
      expect(refresh.stderr).toContain('[ERR_INDEX_HTTP]');
      const status = JSON.parse((await runCli(['status', '--state-dir', state, '--json'])).stdout) as { crawl: { complete: boolean }; modulesWithoutId: number };
      expect(status.crawl.complete).toBe(false);
      expect(status.modulesWithoutId).toBeGreaterThan(0);

      // The last complete crawl exports as it was, saying why the new modules are not in it.
      const out = join(dir, 'after-failed-refresh.csv');
      const exported = await runCli(['export', '--state-dir', state, '--out', out, '--progress', 'none']);
      expect(exported.code).toBe(0);
      expect(exported.stderr).toContain(`note: a refresh of ${state} is unfinished; exporting the last complete crawl (${status.modulesWithoutId} module(s) found since`);
      expect(await readFile(out, 'utf8')).toBe(firstCsv);
    } finally {
      await index.close();
      await registry.close();
      await cleanup();
    }
  });
});
