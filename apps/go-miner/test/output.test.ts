import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGroundTruth, goGroundTruthCsv, startFakeGoRegistry } from '@registry-miners/testkit';
import type { FakeGoRegistry, GoGroundTruthRow } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { parseCsv } from './support/csv.js';
import { dataset, registryArgs, registryForSuite, tempDir } from './support/registry.js';

describe('output against the fake registry ground truth', () => {
  const data = dataset();
  const truth: GoGroundTruthRow[] = [...goGroundTruth(data)];
  let registry: FakeGoRegistry;
  let dir: string;
  registryForSuite({ dataset: data }, (suite) => ({ registry, dir } = suite));

  it('writes the original CSV exactly as the ground truth, then extended and jsonl from the same state', async () => {
    const state = join(dir, 'state');
    const out = join(dir, 'go-modules.csv');
    const run = await runCli([...registryArgs(registry), '--state-dir', state, '--out', out]);
    expect(run.stderr).toContain('crawl + lookup + export finished');
    expect(run.code).toBe(0);
    // On a pipe, progress is a periodic one-line log with a timestamp, counts, rate (and ETA when known).
    expect(run.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ lookup \d+\/\d+ \(\d+\.\d%\) [\d.]+\/s/m);
    expect(run.stderr).toMatch(/^\S+Z export \d+\/\d+ \(100\.0%\) [\d.]+\/s done$/m);
    expect(await readFile(out, 'utf8')).toBe(goGroundTruthCsv(data));
    // A bulk client asks the proxy's cache only, and each module costs one or two requests.
    const stats = registry.stats();
    expect(stats.disableModuleFetchMissing).toBe(0);
    expect(stats.byEndpoint.info + stats.byEndpoint.latest).toBeLessThanOrEqual(2 * truth.length);
    expect(stats.byEndpoint.list).toBe(0);

    const extendedOut = join(dir, 'extended.csv');
    const extended = await runCli(['export', '--state-dir', state, '--format', 'extended', '--out', extendedOut, '--progress', 'none']);
    expect(extended.code).toBe(0);
    const rows = await parseCsv(await readFile(extendedOut, 'utf8'));
    expect(rows[0]).toEqual(['ID', 'Name', 'Version', 'Timestamp', 'Status', 'VCS', 'Repository URL', 'Subdir', 'Hash', 'Ref', 'Reason', 'Repository Source']);
    expect(rows.length - 1).toBe(truth.length);
    for (const [index, row] of truth.entries()) {
      const [id, name, version, timestamp, status, vcs, url, subdir, hash, ref, reason, source] = rows[index + 1]!;
      expect(source).toBe(row.url === null ? 'none' : 'origin');
      expect({ id, name, version, timestamp, status, url }).toEqual({
        id: String(row.id),
        name: row.path,
        version: row.newestVersion,
        timestamp: row.newestTimestamp,
        status: row.status,
        url: row.url ?? '',
      });
      if (row.status === 'found') {
        expect(vcs).toBe('git');
        expect(hash).toMatch(/^[0-9a-f]{40}$/);
        expect(reason).toBe('');
      } else {
        expect([vcs, subdir, hash, ref]).toEqual(['', '', '', '']);
      }
      if (row.status === 'not-found') expect(reason).toMatch(/^HTTP 4(04|10): not found:/);
    }
    // Modules nested in a repository report their Subdir; tagged versions their Ref.
    expect(rows.some((row) => row[7] !== '' && row[7] !== 'Subdir')).toBe(true);
    expect(rows.some((row) => row[9]!.startsWith('refs/tags/'))).toBe(true);

    const jsonl = await runCli(['export', '--state-dir', state, '--format', 'jsonl', '--out', '-', '--progress', 'none']);
    expect(jsonl.code).toBe(0);
    const lines = jsonl.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBe(truth.length);
    for (const [index, row] of truth.entries()) {
      const line = lines[index]!;
      expect(line).toMatchObject({ id: row.id, path: row.path, version: row.newestVersion, timestamp: row.newestTimestamp, status: row.status });
      expect((line.origin as { url?: string } | null)?.url ?? null).toBe(row.url);
    }
    // stdout carried only the result; the summary went to stderr.
    expect(jsonl.stderr).toContain('export:');
  });

  it('crawls include=all into its own state and matches that ground truth', async () => {
    const out = join(dir, 'all.csv');
    const run = await runCli([...registryArgs(registry), '--include-all', '--state-dir', join(dir, 'state-all'), '--out', out]);
    expect(run.code).toBe(0);
    const expected = goGroundTruthCsv(data, { includeAll: true });
    expect(expected).not.toBe(goGroundTruthCsv(data));
    expect(await readFile(out, 'utf8')).toBe(expected);
  });
});

describe('output under faults', () => {
  it('equals the ground truth despite 5xx, resets, 429 bursts and "fetch timed out"', async () => {
    const data = dataset();
    const registry = await startFakeGoRegistry({
      dataset: data,
      faults: {
        serverErrorRate: 0.05,
        resetRate: 0.02,
        tooManyRequestsRate: 0.01,
        retryAfterSeconds: 0,
        fetchTimedOutRate: 0.01,
        rateLimitBurst: { everyRequests: 1000, durationMs: 50 },
      },
    });
    const { dir, cleanup } = await tempDir();
    try {
      const out = join(dir, 'faults.csv');
      const run = await runCli([...registryArgs(registry), '--state-dir', join(dir, 'state'), '--out', out]);
      expect(run.code).toBe(0);
      const stats = registry.stats();
      expect(stats.faults.serverError).toBeGreaterThan(50);
      expect(stats.faults.reset).toBeGreaterThan(10);
      expect(stats.faults.fetchTimedOut).toBeGreaterThan(5);
      expect(stats.faults.tooManyRequests).toBeGreaterThan(0);
      expect(await readFile(out, 'utf8')).toBe(goGroundTruthCsv(data));
      expect(run.stderr).toMatch(/http proxy: [\d,]+ requests, [1-9][\d,]* retries, 0 failed/);
    } finally {
      await registry.close();
      await cleanup();
    }
  });
});
