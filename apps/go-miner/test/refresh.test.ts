import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGroundTruthCsv, parseGoTimestampCeilUs, startFakeGoRegistry } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startPrefixIndex } from './support/prefixIndexServer.js';
import { dataset, tempDir } from './support/registry.js';

describe('incremental refresh', () => {
  it('reads only entries after the last cursor, looks up only new or changed modules, and keeps every ID', async () => {
    // The index "today" is the whole dataset; "last time" it held only its first 15,000 entries.
    const data = dataset();
    const before = 15_000;
    const index = await startPrefixIndex(data, before);
    const registry = await startFakeGoRegistry({ dataset: data });
    const { dir, cleanup } = await tempDir();
    const args = (out: string): string[] => [
      '--index-url', index.url, '--proxy-url', registry.proxyUrl, '--shards', '4', '--progress', 'none',
      '--state-dir', join(dir, 'state'), '--out', join(dir, out),
    ];
    try {
      const first = await runCli(args('first.csv'));
      expect(first.code).toBe(0);
      const firstRows = (await readFile(join(dir, 'first.csv'), 'utf8')).trimEnd().split('\n').slice(1);
      const lastSeen = data.timestamp(before - 1);

      index.setVisible(data.entryCount);
      index.requests.length = 0;
      registry.resetStats();
      const second = await runCli(args('second.csv'));
      expect(second.code).toBe(0);
      expect(second.stderr).toContain('refresh: entries after the last cursor only');

      // The result is exactly what a single run over today's index gives.
      const csv = await readFile(join(dir, 'second.csv'), 'utf8');
      expect(csv).toBe(goGroundTruthCsv(data));
      // Old IDs are unchanged (same ID, same module); new modules come after them.
      const secondRows = csv.trimEnd().split('\n').slice(1);
      const idAndName = (row: string): string => row.split(',').slice(0, 3).join(',');
      expect(secondRows.slice(0, firstRows.length).map(idAndName)).toEqual(firstRows.map(idAndName));
      expect(secondRows.length).toBeGreaterThan(firstRows.length);

      // Only index entries after the last cursor were requested: every `since` is at or after it,
      // the first one exactly it.
      expect(index.requests[0]?.since).toBe(lastSeen);
      const floor = parseGoTimestampCeilUs(lastSeen)!;
      for (const request of index.requests) expect(parseGoTimestampCeilUs(request.since!)!).toBeGreaterThanOrEqual(floor);

      // Only modules that are new or have a newer version were looked up.
      let changed = 0;
      for (const m of data.modulesInOrder()) if (data.newestEntryOf(m) >= before) changed++;
      const looked = Number(/lookup: ([\d,]+) looked up/.exec(second.stderr)?.[1]?.replace(/,/g, ''));
      expect(looked).toBe(changed);
      const stats = registry.stats();
      expect(stats.byEndpoint.info).toBe(changed);
      expect(stats.byEndpoint.info + stats.byEndpoint.latest).toBeLessThanOrEqual(2 * changed);
    } finally {
      await index.close();
      await registry.close();
      await cleanup();
    }
  });
});
