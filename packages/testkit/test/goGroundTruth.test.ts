import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GO_CSV_HEADER,
  goGroundTruth,
  goGroundTruthCounts,
  goGroundTruthCsv,
  startFakeGoRegistry,
  SyntheticGoDataset,
  writeGoGroundTruthCsv,
} from '../src/index.js';
import { referenceCrawl, referenceCsv, referenceLookup } from './goReferenceClient.js';
import { fakeGoRegistryForSuite } from './fakeGoRegistryForSuite.js';

const dataset = new SyntheticGoDataset({ entries: 4_000, modules: 300, seed: 21 });
const suite = fakeGoRegistryForSuite(dataset);

describe('Go ground truth', () => {
  it('equals what an honest crawl and lookup over HTTP compute (default feed)', async () => {
    const { entries } = await referenceCrawl(suite.registry.indexUrl);
    const rows = await referenceLookup(suite.registry.proxyUrl, entries);
    const expected = goGroundTruthCsv(dataset);
    expect(referenceCsv(rows)).toBe(expected);
    expect(expected.startsWith(GO_CSV_HEADER + '\n1,Go,')).toBe(true);
    expect(suite.registry.stats().disableModuleFetchMissing).toBe(0);
  });

  it('equals the honest result for include=all, where some newest versions are no longer served', async () => {
    const { entries } = await referenceCrawl(suite.registry.indexUrl, { includeAll: true });
    const rows = await referenceLookup(suite.registry.proxyUrl, entries);
    const expected = goGroundTruthCsv(dataset, { includeAll: true });
    expect(referenceCsv(rows)).toBe(expected);
    expect(expected).not.toBe(goGroundTruthCsv(dataset));
    expect(rows).toHaveLength(300);
  });

  it('is reached by a retrying client through every kind of fault', async () => {
    const faulty = await startFakeGoRegistry({
      dataset,
      faults: { serverErrorRate: 0.05, tooManyRequestsRate: 0.05, retryAfterSeconds: 0, resetRate: 0.05, fetchTimedOutRate: 0.05, hangRate: 0.005 },
    });
    try {
      const policy = { timeoutMs: 1_000, attempts: 10 };
      const { entries } = await referenceCrawl(faulty.indexUrl, { policy });
      const rows = await referenceLookup(faulty.proxyUrl, entries, { policy, concurrency: 32 });
      expect(referenceCsv(rows)).toBe(goGroundTruthCsv(dataset));
      const { faults } = faulty.stats();
      expect(faults.serverError).toBeGreaterThan(0);
      expect(faults.tooManyRequests).toBeGreaterThan(0);
      expect(faults.reset).toBeGreaterThan(0);
      expect(faults.fetchTimedOut).toBeGreaterThan(0);
    } finally {
      await faulty.close();
    }
  });

  it('covers every status, with ids in first-appearance order and nan for missing URLs', () => {
    const rows = [...goGroundTruth(dataset)];
    const counts = goGroundTruthCounts(dataset);
    expect(counts.rows).toBe(dataset.moduleCountIn());
    expect(counts.found).toBeGreaterThan(counts.rows * 0.7);
    expect(counts.noOrigin).toBeGreaterThan(0);
    expect(counts.notFound).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, k) => k + 1));
    const csv = goGroundTruthCsv(dataset).trimEnd().split('\n');
    const missing = rows.find((r) => r.url === null)!;
    expect(csv[missing.id]).toBe(`${missing.id},Go,${missing.path},nan,nan`);
    const found = rows.find((r) => r.status === 'found')!;
    expect(csv[found.id]).toBe(`${found.id},Go,${found.path},${found.url},${found.url}`);
    const foundModule = [...dataset.modulesInOrder()][found.id - 1]!;
    expect(found.path).toBe(dataset.modulePath(foundModule));
    expect(found.newestVersion).toBe(dataset.versionOfEntry(dataset.newestEntryOf(foundModule)));
    expect(found.newestTimestamp).toBe(dataset.timestamp(dataset.newestEntryOf(foundModule)));
  });

  it('streams the same CSV to a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'go-truth-'));
    try {
      const file = join(dir, 'truth.csv');
      const rows = await writeGoGroundTruthCsv(dataset, file);
      expect(rows).toBe(dataset.moduleCountIn());
      expect(await readFile(file, 'utf8')).toBe(goGroundTruthCsv(dataset));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
