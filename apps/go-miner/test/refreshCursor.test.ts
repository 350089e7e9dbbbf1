import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGroundTruthCsv, startFakeGoRegistry } from '@registry-miners/testkit';
import type { FakeGoRegistry } from '@registry-miners/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitUntilStopped } from './support/cli.js';
import { dataset, tempDir } from './support/registry.js';

/**
 * Issue 15: the index lags the clock, so a plan that runs to "now" ends with shards that find nothing.
 * The refresh must start after the newest entry actually read, never at an empty shard's start, or the
 * entries published later with timestamps in that empty tail are never read.
 */
describe('refresh after a crawl whose last shards were empty', () => {
  const data = dataset();
  // The index "last time": a prefix of today's feed, ending long before the clock (the feed ends in 2026-01).
  const before = 14_000;
  let registry: FakeGoRegistry;
  let dir: string;
  let cleanup: () => Promise<void>;
  let changed = 0;

  beforeAll(async () => {
    registry = await startFakeGoRegistry({ dataset: data, visibleEntries: before });
    ({ dir, cleanup } = await tempDir());
    for (const m of data.modulesInOrder()) if (data.newestEntryOf(m) >= before) changed++;
  });
  afterAll(async () => {
    await registry.close();
    await cleanup();
  });

  const args = (name: string, shards: string[]): string[] => [
    '--index-url', registry.indexUrl, '--proxy-url', registry.proxyUrl, '--progress', 'log', '--progress-interval', '1',
    '--page-limit', '500', '--commit-interval', '0', ...shards,
    '--state-dir', join(dir, name), '--out', join(dir, `${name}.csv`),
  ];

  const status = async (name: string): Promise<{ crawl: { complete: boolean; lastCursor: string | null; refreshFrom: string | null } }> => {
    const result = await runCli(['status', '--state-dir', join(dir, name), '--json']);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { crawl: { complete: boolean; lastCursor: string | null; refreshFrom: string | null } };
  };

  /** The last entry of the default feed among the first `count` of the full feed. */
  const lastServedBefore = (count: number): number => {
    let last = count - 1;
    while (!data.isServed(last)) last--;
    return last;
  };

  /** The first run sees the prefix; then the index shows its whole feed. */
  const firstRun = async (name: string, shards: string[]): Promise<void> => {
    registry.setVisibleEntries(before);
    const first = await runCli(args(name, shards));
    expect(first.code, first.stderr).toBe(0);
    const last = lastServedBefore(before);
    const after = await status(name);
    expect(after.crawl.complete).toBe(true);
    expect(after.crawl.lastCursor).toBe(data.timestamp(last));
    expect(after.crawl.refreshFrom).toBe(data.timestamp(last));
    const text = await runCli(['status', '--state-dir', join(dir, name)]);
    expect(text.stdout).toContain(`next refresh reads the index from ${data.timestamp(last)}`);
    registry.setVisibleEntries(data.entryCount);
    registry.resetStats();
  };

  const expectExactRefresh = async (name: string): Promise<void> => {
    expect(await readFile(join(dir, `${name}.csv`), 'utf8')).toBe(goGroundTruthCsv(data));
    // Only new modules and modules with a newer version were looked up.
    expect(registry.stats().byEndpoint.info).toBe(changed);
    expect((await status(name)).crawl.refreshFrom).toBe(data.timestamp(lastServedBefore(data.entryCount)));
  };

  for (const [label, shards] of [['the default shard count', []], ['--shards 1', ['--shards', '1']]] as const) {
    it(`reads every newer entry with ${label}: the CSV equals the whole feed's ground truth`, async () => {
      const name = label === '--shards 1' ? 'one' : 'default';
      await firstRun(name, [...shards]);
      const second = await runCli(args(name, [...shards]));
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain('refresh: entries after the last cursor only');
      await expectExactRefresh(name);
    });
  }

  it('gives the same result when the refresh is killed with SIGKILL in the middle of its crawl', async () => {
    await firstRun('killed', []);
    const run = spawnCli(args('killed', []), { env: { GO_MINER_DEBUG_STOP_AT: 'crawl:3' } });
    await run.waitForStderr('go-miner: debug stop at');
    await waitUntilStopped(run.child.pid!);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const during = await status('killed');
    expect(during.crawl.complete).toBe(false);
    expect(during.crawl.refreshFrom).toBeNull();
    const resumed = await runCli(args('killed', []));
    expect(resumed.code, resumed.stderr).toBe(0);
    await expectExactRefresh('killed');
  });
});
