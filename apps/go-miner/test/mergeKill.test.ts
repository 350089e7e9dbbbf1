import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGroundTruthCsv, startFakeGoRegistry } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitUntilStopped } from './support/cli.js';
import { dataset, registryArgs, tempDir } from './support/registry.js';

describe('the final merge of the crawl runs', () => {
  it('survives kill -9 once the merge has written the modules but before the crawl is marked complete', async () => {
    const registry = await startFakeGoRegistry({ dataset: dataset() });
    const { dir, cleanup } = await tempDir();
    const state = join(dir, 'state');
    const args = [...registryArgs(registry), '--page-limit', '500', '--commit-interval', '0', '--state-dir', state, '--out', join(dir, 'out.csv')];
    try {
      const run = spawnCli(args, { env: { GO_MINER_DEBUG_STOP_AT: 'merge:1' } });
      await run.waitForStderr('go-miner: debug stop at merge 1');
      await waitUntilStopped(run.child.pid!);
      run.child.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      const status = JSON.parse((await runCli(['status', '--state-dir', state, '--json'])).stdout) as { crawl: { complete: boolean }; modules: number };
      expect(status.crawl.complete).toBe(false);
      expect(status.modules).toBeGreaterThan(0);
      expect(readdirSync(join(state, 'crawl-runs')).length).toBeGreaterThan(1);

      const resumed = await runCli(args);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(await readFile(join(dir, 'out.csv'), 'utf8')).toBe(goGroundTruthCsv(dataset()));
      // The runs are gone once the crawl is complete.
      expect(readdirSync(join(state, 'crawl-runs'))).toEqual([]);
      expect(registry.stats().byEndpoint.index).toBeGreaterThan(0);
    } finally {
      await registry.close();
      await cleanup();
    }
  });
});
