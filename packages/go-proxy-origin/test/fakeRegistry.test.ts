import { HttpPool } from '@registry-miners/http-pool';
import { type FakeGoRegistry, goGroundTruth, type GoGroundTruthRow, startFakeGoRegistry, SyntheticGoDataset } from '@registry-miners/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { goProxyClassifier, lookupOrigin, type OriginLookup } from '@registry-miners/go-proxy-origin';

// Every behaviour of the testkit's fake proxy: Origin on .info, only on @latest, .info gone,
// no Origin anywhere, gone everywhere (404 and 410); paths and versions with capitals.
const dataset = new SyntheticGoDataset({ entries: 3_000, modules: 600, seed: 2 });
const rows: GoGroundTruthRow[] = [...goGroundTruth(dataset)];

let registry: FakeGoRegistry | undefined;
let pool: HttpPool | undefined;
afterEach(async () => {
  await pool?.close();
  await registry?.close();
});

async function lookupAll(concurrency = 32): Promise<OriginLookup[]> {
  const results: OriginLookup[] = new Array(rows.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < rows.length) {
        const index = next++;
        const row = rows[index]!;
        results[index] = await lookupOrigin(pool!, registry!.proxyUrl, row.path, row.newestVersion);
      }
    }),
  );
  return results;
}

function expectGroundTruth(results: OriginLookup[]): void {
  const mismatches = rows.flatMap((row, index) => {
    const result = results[index]!;
    const url = result.status === 'found' ? result.origin.url : null;
    return result.status === row.status && url === row.url ? [] : [{ path: row.path, expected: [row.status, row.url], got: result }];
  });
  expect(mismatches.slice(0, 5)).toEqual([]);
}

describe('against the testkit fake proxy', () => {
  it('finds exactly the ground truth with one request for most modules', async () => {
    registry = await startFakeGoRegistry({ dataset });
    pool = new HttpPool({ maxRetries: 2, retryBaseDelayMs: 5 });
    const results = await lookupAll();
    expectGroundTruth(results);
    const stats = registry.stats();
    expect(stats.disableModuleFetchMissing).toBe(0);
    expect(stats.byEndpoint.info).toBe(rows.length);
    // @latest only for modules whose newest .info lacks an Origin or is gone.
    const fellBack = results.filter((r) => r.status !== 'found' || r.source === 'latest').length;
    expect(stats.byEndpoint.latest).toBe(fellBack);
    expect(stats.byEndpoint.list + stats.byEndpoint.mod + stats.byEndpoint.zip).toBe(0);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['found', 'no-origin', 'not-found']));
    expect(rows.some((row) => /[A-Z]/.test(row.path))).toBe(true);
    expect(rows.some((row) => /[A-Z]/.test(row.newestVersion))).toBe(true);
  });

  it('still finds exactly the ground truth through 5xx, 429, resets and "fetch timed out"', async () => {
    registry = await startFakeGoRegistry({
      dataset,
      proxyFaults: { serverErrorRate: 0.05, tooManyRequestsRate: 0.02, retryAfterSeconds: 0, resetRate: 0.02, fetchTimedOutRate: 0.05, maxFaultsPerUrl: 2, seed: 9 },
    });
    pool = new HttpPool({ maxRetries: 4, retryBaseDelayMs: 5, retryMaxDelayMs: 20, classify: goProxyClassifier });
    const results = await lookupAll();
    expectGroundTruth(results);
    const { faults } = registry.stats();
    expect(faults.fetchTimedOut).toBeGreaterThan(0);
    expect(faults.serverError).toBeGreaterThan(0);
    expect(faults.reset).toBeGreaterThan(0);
  });
});
