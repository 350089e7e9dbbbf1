import { HttpPool } from '@registry-miners/http-pool';
import { type FakeGoRegistry, startFakeGoRegistry, SyntheticGoDataset } from '@registry-miners/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlIndex, crawlIndexSharded, type IndexEntry, planShards, type ShardState } from '@registry-miners/go-index';

// The testkit's synthetic index: runs of up to six equal timestamps (one straddling every multiple
// of 2000), -07:00 offsets in 2019, trimmed zeros, ~2% of entries only in include=all, density
// growing six-fold over time. The index also injects 5xx and connection resets.
const dataset = new SyntheticGoDataset({ entries: 30_000, modules: 3_000, seed: 4 });
let registry: FakeGoRegistry;
let pool: HttpPool;

beforeAll(async () => {
  registry = await startFakeGoRegistry({ dataset, prepare: false, indexFaults: { serverErrorRate: 0.05, resetRate: 0.02, maxFaultsPerUrl: 2, seed: 3 } });
  pool = new HttpPool({ maxRetries: 4, retryBaseDelayMs: 5, retryMaxDelayMs: 20 });
});
afterAll(async () => {
  await pool.close();
  await registry.close();
});

const line = (e: { path: string; version: string; timestamp: string }): string => `${e.path} ${e.version} ${e.timestamp}`;
const byPosition = (a: IndexEntry, b: IndexEntry): number => (a.micros !== b.micros ? (a.micros < b.micros ? -1 : 1) : a.ordinal - b.ordinal);

function truth(includeAll: boolean): string[] {
  return [...dataset.feed({ includeAll })].map(line);
}

async function sequential(includeAll: boolean): Promise<IndexEntry[]> {
  const entries: IndexEntry[] = [];
  for await (const page of crawlIndex({ pool, indexUrl: registry.indexUrl, limit: 500, includeAll })) entries.push(...page.entries);
  return entries;
}

describe('against the testkit fake index', () => {
  it.each([false, true])('crawls the whole feed sequentially (includeAll=%s), in order, once each', async (includeAll) => {
    const entries = await sequential(includeAll);
    expect(entries.map(line)).toEqual(truth(includeAll));
    expect(entries.length).toBe(dataset.feedLength({ includeAll }));
    const { faults } = registry.stats();
    expect(faults.serverError + faults.reset).toBeGreaterThan(0); // retried by the pool, invisible here
  });

  it.each([false, true])('yields the same entries in the same (micros, ordinal) order sharded (includeAll=%s)', async (includeAll) => {
    const expected = await sequential(includeAll);
    const entries: IndexEntry[] = [];
    let maxShardId = 0;
    for await (const page of crawlIndexSharded({ pool, indexUrl: registry.indexUrl, limit: 500, includeAll, shards: planShards(6), minSplitSpanMs: 0 })) {
      entries.push(...page.entries);
      maxShardId = Math.max(maxShardId, page.shardId);
    }
    expect(entries).toHaveLength(expected.length);
    const sorted = [...entries].sort(byPosition);
    expect(sorted.map((e) => `${e.micros}#${e.ordinal} ${line(e)}`)).toEqual(expected.map((e) => `${e.micros}#${e.ordinal} ${line(e)}`));
    expect(maxShardId).toBeGreaterThanOrEqual(6); // the dense recent years were split further
  });

  it('resumes a sharded crawl from a plan persisted mid-crawl, losing and repeating nothing', async () => {
    const persisted: IndexEntry[] = [];
    let shards: ShardState[] = planShards(4);
    let pages = 0;
    for await (const page of crawlIndexSharded({ pool, indexUrl: registry.indexUrl, limit: 500, shards })) {
      persisted.push(...page.entries);
      shards = JSON.parse(JSON.stringify(page.shards)) as ShardState[];
      if (++pages === 25) break;
    }
    const rest: IndexEntry[] = [];
    for await (const page of crawlIndexSharded({ pool, indexUrl: registry.indexUrl, limit: 500, shards })) rest.push(...page.entries);
    const all = [...persisted, ...rest].sort(byPosition).map(line);
    expect(all).toEqual(truth(false));
  });
});
