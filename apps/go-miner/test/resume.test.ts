import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeGoRegistry } from '@registry-miners/testkit';
import type { FakeGoRegistry } from '@registry-miners/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitUntilStopped } from './support/cli.js';
import { dataset, registryArgs, tempDir } from './support/registry.js';

interface Status {
  crawl: { complete: boolean; counters: { pages: number } };
  modules: number;
  idsAssigned: number;
  notLookedUp: number;
  unresolved: number;
}

describe('interrupted runs resume to the same output as an uninterrupted run', () => {
  let registry: FakeGoRegistry;
  let dir: string;
  let cleanup: () => Promise<void>;
  let baseline: { csv: string; extended: string };
  // Small index pages make the crawl long enough to be interrupted in the middle.
  const args = (): string[] => [...registryArgs(registry), '--page-limit', '500', '--commit-interval', '0'];

  const outputs = async (state: string, name: string): Promise<{ csv: string; extended: string }> => {
    const extended = join(dir, `${name}-extended.csv`);
    const exported = await runCli(['export', '--state-dir', state, '--format', 'extended', '--out', extended, '--progress', 'none']);
    expect(exported.code).toBe(0);
    return { csv: await readFile(join(dir, `${name}.csv`), 'utf8'), extended: await readFile(extended, 'utf8') };
  };

  const status = async (state: string): Promise<Status> => {
    const result = await runCli(['status', '--state-dir', state, '--json']);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Status;
  };

  /** Starts a run that stops itself at a precise point, then kills it with SIGKILL there. */
  const killAt = async (state: string, name: string, point: string): Promise<void> => {
    const run = spawnCli([...args(), '--state-dir', state, '--out', join(dir, `${name}.csv`)], { env: { GO_MINER_DEBUG_STOP_AT: point } });
    await run.waitForStderr('go-miner: debug stop at');
    await waitUntilStopped(run.child.pid!);
    run.child.kill('SIGKILL');
    const result = await run.done;
    expect(result.signal).toBe('SIGKILL');
  };

  beforeAll(async () => {
    registry = await startFakeGoRegistry({ dataset: dataset() });
    ({ dir, cleanup } = await tempDir());
    const run = await runCli([...args(), '--state-dir', join(dir, 'baseline'), '--out', join(dir, 'baseline.csv')]);
    expect(run.code).toBe(0);
    baseline = await outputs(join(dir, 'baseline'), 'baseline');
  });
  afterAll(async () => {
    await registry.close();
    await cleanup();
  });

  it('survives kill -9 during the crawl, during lookups and during the export, one after the other', async () => {
    const state = join(dir, 'killed');
    await killAt(state, 'killed', 'crawl:5');
    const afterCrawlKill = await status(state);
    expect(afterCrawlKill.crawl.complete).toBe(false);
    expect(afterCrawlKill.crawl.counters.pages).toBeGreaterThanOrEqual(5);
    expect(afterCrawlKill.idsAssigned).toBe(0);

    await killAt(state, 'killed', 'lookup:1000');
    const afterLookupKill = await status(state);
    expect(afterLookupKill.crawl.complete).toBe(true);
    expect(afterLookupKill.idsAssigned).toBe(afterLookupKill.modules);
    expect(afterLookupKill.notLookedUp).toBeGreaterThan(0);
    expect(afterLookupKill.notLookedUp).toBeLessThanOrEqual(afterLookupKill.modules - 1000);

    await killAt(state, 'killed', 'export:1500');
    // The export writes a temp file and renames it when complete: no partial output file.
    await expect(readFile(join(dir, 'killed.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await status(state)).unresolved).toBe(0);

    const final = await runCli([...args(), '--state-dir', state, '--out', join(dir, 'killed.csv')]);
    expect(final.code).toBe(0);
    expect(await outputs(state, 'killed')).toEqual(baseline);
    // The killed export's temp file was cleaned up by the next one.
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('survives kill -9 at several points of the lookups', async () => {
    const state = join(dir, 'lookups');
    for (const point of ['lookup:1', 'lookup:1000', 'lookup:1']) await killAt(state, 'lookups', point);
    const before = await status(state);
    expect(before.notLookedUp).toBeLessThan(before.modules - 1000);
    const final = await runCli([...args(), '--state-dir', state, '--out', join(dir, 'lookups.csv')]);
    expect(final.code).toBe(0);
    // The last run had only the remaining lookups to do: the others were committed before the kills.
    const done = Number(/lookup: ([\d,]+) looked up/.exec(final.stderr)?.[1]?.replace(/,/g, ''));
    expect(done).toBe(before.notLookedUp);
    expect(await outputs(state, 'lookups')).toEqual(baseline);
  });

  it('exits 130 on SIGINT after saving state, and 143 on SIGTERM; the next run finishes the job', async () => {
    const state = join(dir, 'signals');
    for (const [signal, code, point] of [['SIGINT', 130, 'crawl:3'], ['SIGTERM', 143, 'lookup:1000']] as const) {
      const run = spawnCli([...args(), '--state-dir', state, '--out', join(dir, 'signals.csv')], { env: { GO_MINER_DEBUG_STOP_AT: point } });
      await run.waitForStderr('go-miner: debug stop at');
      await waitUntilStopped(run.child.pid!);
      run.child.kill(signal);
      run.child.kill('SIGCONT');
      const result = await run.done;
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(`interrupted by ${signal}; state saved`);
    }
    const final = await runCli([...args(), '--state-dir', state, '--out', join(dir, 'signals.csv')]);
    expect(final.code).toBe(0);
    expect(await outputs(state, 'signals')).toEqual(baseline);
  });
});
