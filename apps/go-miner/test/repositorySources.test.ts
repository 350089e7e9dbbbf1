import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goGetBehaviour, goGroundTruthCsv, goRepositoryGroundTruth, goRepositoryGroundTruthCsv, GO_GET_BEHAVIOUR_WEIGHTS, startFakeGoRegistry } from '@registry-miners/testkit';
import type { FakeGoRegistry } from '@registry-miners/testkit';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './support/cli.js';
import { dataset, registryArgs, registryForSuite } from './support/registry.js';

// A dataset whose modules without Origin include every go-get behaviour (hang included) and
// gitlab.com paths with subgroups.
const data = dataset({ entries: 4_000, modules: 1_000, seed: 12 });
const ALL = ['origin', 'hosts', 'go-get'] as const;

describe('--repository-sources', () => {
  let registry: FakeGoRegistry;
  let dir: string;
  registryForSuite({ dataset: data, goGetLatencyMs: 20 }, (suite) => ({ registry, dir } = suite));

  it('covers every go-get behaviour among the modules without Origin', () => {
    const behaviours = new Set<string>();
    for (const row of goRepositoryGroundTruth(data, ['origin'])) {
      if (row.source === 'none') behaviours.add(goGetBehaviour(data, data.findModule(row.path)!) ?? 'forge');
    }
    expect([...behaviours].sort()).toEqual([...Object.keys(GO_GET_BEHAVIOUR_WEIGHTS), 'forge'].sort());
  });

  it('writes the exact CSV of each source list on one state, asking the proxy once and each go-get path once', async () => {
    const state = join(dir, 'state');
    const out = join(dir, 'out.csv');
    const run = (...extra: string[]) => runCli([...registryArgs(registry), '--state-dir', state, '--out', out, '--go-get-base-url', registry.goGetUrl, '--go-get-timeout', '1', ...extra]);

    // Default: Origin only, byte-identical to the original tool's ground truth; no host asked.
    expect((await run()).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(goGroundTruthCsv(data));
    expect(registry.goGetStats().requests).toBe(0);
    const proxyRequests = registry.stats().byEndpoint.info + registry.stats().byEndpoint.latest;

    // + hosts: static rules only (no request of any kind for the modules already looked up).
    const hosts = await run('--repository-sources', 'origin,hosts');
    expect(hosts.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(goRepositoryGroundTruthCsv(data, ['origin', 'hosts']));
    expect(registry.goGetStats().requests).toBe(0);

    // + go-get: vanity hosts and gitlab subgroups asked, each path at most once, at most 2 per host at once.
    const all = await run('--repository-sources', 'go-get,hosts,origin', '--summary-file', join(dir, 'summary.json'));
    expect(all.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(goRepositoryGroundTruthCsv(data, [...ALL]));
    const traffic = registry.goGetStats();
    expect(traffic.requests).toBeGreaterThan(20);
    for (const [path, count] of Object.entries(traffic.byPath)) {
      // A redirect is a second request for the same path; a path that is no module is a prefix page
      // asked once to confirm a shorter go-import prefix (as the go command does); the rest once.
      const m = data.findModule(path);
      const behaviour = m === undefined ? 'prefix check' : goGetBehaviour(data, m);
      expect({ path, count }).toEqual({ path, count: behaviour === 'redirect' ? 2 : 1 });
    }
    expect(traffic.maxInFlightPerHost).toBeLessThanOrEqual(2);
    expect(registry.stats().byEndpoint.info + registry.stats().byEndpoint.latest).toBe(proxyRequests);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { export: { bySource: Record<string, number> }; goGet: { maxInFlightPerHost: number } };
    const expected: Record<string, number> = { origin: 0, hosts: 0, 'go-get': 0, none: 0 };
    for (const row of goRepositoryGroundTruth(data, [...ALL])) expected[row.source]!++;
    expect(summary.export.bySource).toEqual(expected);
    expect(all.stderr).toMatch(/repositories by source: origin \d+, hosts \d+, go-get \d+, none \d+/);

    // The extended and jsonl formats say where each URL came from.
    const jsonl = await runCli(['export', '--state-dir', state, '--format', 'jsonl', '--out', '-', '--progress', 'none']);
    const lines = jsonl.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { path: string; repositorySource: string; repositoryUrl?: string; reason?: string });
    const truth = [...goRepositoryGroundTruth(data, [...ALL])];
    expect(lines.map((line) => [line.path, line.repositorySource, line.repositoryUrl ?? null])).toEqual(truth.map((row) => [row.path, row.source, row.url]));
    expect(lines.some((line) => line.reason?.includes('go-get: ERR_GOGET_AMBIGUOUS'))).toBe(true);
    expect(lines.some((line) => line.reason?.includes('go-get: ERR_GOGET_TIMEOUT'))).toBe(true);

    // A refresh asks nobody again: the go-get answers are in the state.
    registry.resetStats();
    const again = await run('--repository-sources', 'origin,hosts,go-get');
    expect(again.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(goRepositoryGroundTruthCsv(data, [...ALL]));
    expect(registry.goGetStats().requests).toBe(0);

    // Back to the default: the csv is the original tool's again.
    expect((await run()).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(goGroundTruthCsv(data));
  });

  it('survives kill -9 during discovery: identical output, no host asked twice for an answered path', async () => {
    const slow = await startFakeGoRegistry({ dataset: data, goGetLatencyMs: 600 });
    try {
      const state = join(dir, 'state-kill');
      const out = join(dir, 'kill.csv');
      const args = [...registryArgs(slow), '--state-dir', state, '--out', out, '--go-get-base-url', slow.goGetUrl, '--go-get-timeout', '2', '--repository-sources', 'origin,hosts,go-get', '--concurrency', '8'];
      const first = spawnCli(args);
      // Wait until discovery is well under way (some answers more than a second old), then kill without warning.
      const settled = (): number => slow.goGetStats().log.filter((record) => record.answeredAt !== undefined && record.answeredAt < Date.now() - 1_000).length;
      while (settled() < 8) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (first.child.exitCode !== null) throw new Error(`go-miner ended before the kill:\n${first.stderr()}`);
      }
      first.child.kill('SIGKILL');
      const killed = await first.done;
      const killedAt = Date.now();
      expect(killed.signal).toBe('SIGKILL');
      const before = slow.goGetStats().log;

      const resumed = await runCli(args);
      expect(resumed.code).toBe(0);
      expect(await readFile(out, 'utf8')).toBe(goRepositoryGroundTruthCsv(data, [...ALL]));
      const after = slow.goGetStats().log.slice(before.length);
      // A path answered well before the kill was committed then: the resumed run never asks it again.
      const answeredBefore = new Set(before.filter((record) => record.answeredAt !== undefined && record.answeredAt < killedAt - 1_000).map((record) => record.path));
      expect(answeredBefore.size).toBeGreaterThan(0);
      expect(after.filter((record) => answeredBefore.has(record.path))).toEqual([]);
      // Only requests that were in flight at the kill are asked again.
      const repeated = after.filter((record) => before.some((earlier) => earlier.path === record.path && !earlier.query.includes('redirected')));
      expect(repeated.length).toBeLessThanOrEqual(before.filter((record) => record.answeredAt === undefined || record.answeredAt >= killedAt - 1_000).length);
      expect(slow.goGetStats().maxInFlightPerHost).toBeLessThanOrEqual(2);
    } finally {
      await slow.close();
    }
  });

  it('refuses an unknown source as a usage error', async () => {
    const result = await runCli(['lookup', '--state-dir', join(dir, 'none'), '--repository-sources', 'origin,github']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--repository-sources');
    expect(result.stderr).toContain('"github"');
  });
});
