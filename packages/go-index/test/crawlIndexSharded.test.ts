import { HttpPool } from '@registry-miners/http-pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  crawlIndex,
  crawlIndexSharded,
  IndexError,
  type IndexEntry,
  parseIndexTimestamp,
  planShards,
  type ShardPage,
  type ShardState,
} from '@registry-miners/go-index';
import { fakeIndexesClosedAfterEach, type FakeEntry, instant } from './support/indexServer.js';
import { syntheticIndex } from './support/synthetic.js';

let pool: HttpPool;

beforeAll(() => {
  pool = new HttpPool({ maxRetries: 1, retryBaseDelayMs: 5, retryMaxDelayMs: 20 });
});
afterAll(async () => {
  await pool.close();
});
const serve = fakeIndexesClosedAfterEach();

const keyOf = (e: IndexEntry): string => `${e.micros}#${e.ordinal} ${e.path}@${e.version}@${e.timestamp}`;

function byPosition(a: IndexEntry, b: IndexEntry): number {
  if (a.micros !== b.micros) return a.micros < b.micros ? -1 : 1;
  return a.ordinal - b.ordinal;
}

async function sequential(url: string, limit: number): Promise<IndexEntry[]> {
  const entries: IndexEntry[] = [];
  for await (const page of crawlIndex({ pool, indexUrl: url, limit })) entries.push(...page.entries);
  return entries;
}

async function sharded(options: Parameters<typeof crawlIndexSharded>[0]): Promise<{ pages: ShardPage[]; entries: IndexEntry[] }> {
  const pages: ShardPage[] = [];
  for await (const page of crawlIndexSharded(options)) pages.push(page);
  return { pages, entries: pages.flatMap((page) => page.entries) };
}

/** The sharded result, sorted by (micros, ordinal), must be the sequential feed entry for entry. */
function expectSameAsSequential(shardedEntries: IndexEntry[], sequentialEntries: IndexEntry[]): void {
  const keys = shardedEntries.map(keyOf);
  expect(new Set(keys).size).toBe(keys.length); // no entry twice
  expect([...shardedEntries].sort(byPosition).map(keyOf)).toEqual(sequentialEntries.map(keyOf));
}

/** Every page's entries lie inside the range its shard had in the plan yielded with it. */
function expectPagesInsideTheirShards(pages: ShardPage[]): void {
  for (const page of pages) {
    const shard = page.shards.find((s) => s.id === page.shardId && !s.done) ?? page.shards.find((s) => s.id === page.shardId);
    if (shard === undefined || page.entries.length === 0) continue;
    for (const e of page.entries) {
      if (shard.start !== null) expect(e.micros >= parseIndexTimestamp(shard.start)).toBe(true);
      if (shard.end !== null && !shard.done) expect(e.micros < parseIndexTimestamp(shard.end)).toBe(true);
    }
  }
}

describe('planShards', () => {
  it('tiles time from the beginning to an open end in equal whole-millisecond spans', () => {
    const plan = planShards(4, { from: '2020-01-01T00:00:00Z', to: new Date('2020-01-05T00:00:00Z') });
    expect(plan).toEqual([
      { id: 0, start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z', cursor: null, done: false },
      { id: 1, start: '2020-01-02T00:00:00Z', end: '2020-01-03T00:00:00Z', cursor: null, done: false },
      { id: 2, start: '2020-01-03T00:00:00Z', end: '2020-01-04T00:00:00Z', cursor: null, done: false },
      { id: 3, start: '2020-01-04T00:00:00Z', end: null, cursor: null, done: false },
    ]);
    const fromStart = planShards(16);
    expect(fromStart).toHaveLength(16);
    expect(fromStart[0]!.start).toBeNull();
    expect(fromStart.at(-1)!.end).toBeNull();
    for (let i = 1; i < fromStart.length; i++) expect(fromStart[i]!.start).toBe(fromStart[i - 1]!.end);
    expect(planShards(1)).toEqual([{ id: 0, start: null, end: null, cursor: null, done: false }]);
  });

  it('rejects bad arguments with TypeErrors showing the value', () => {
    expect(() => planShards(0)).toThrow('Expected `count` to be a positive integer, got 0');
    expect(() => planShards(2.5)).toThrow(TypeError);
    expect(() => planShards(2, { from: 'soon' })).toThrow(/options.from/);
  });
});

describe('crawlIndexSharded', () => {
  it('yields exactly the sequential crawl, entry for entry, with runs, offsets and trimmed zeros', async () => {
    const data = syntheticIndex({ count: 6000, seed: 7, skew: 2, maxRun: 6, offsetShare: 0.2 });
    const server = await serve(data);
    const expected = await sequential(server.url, 60);
    expect(expected).toHaveLength(data.length);
    const { pages, entries } = await sharded({ pool, indexUrl: server.url, limit: 60, shards: planShards(6) });
    expectSameAsSequential(entries, expected);
    expectPagesInsideTheirShards(pages);
    // The final plan: one done shard covering everything.
    expect(pages.at(-1)!.shards).toEqual([{ id: 0, start: null, end: null, cursor: expect.anything(), done: true }]);
  });

  it('gives a run of equal timestamps at a boundary to the later shard only', async () => {
    const boundary = '2020-01-02T00:00:00Z';
    const data: FakeEntry[] = [
      { Path: 'example.com/early', Version: 'v1.0.0', Timestamp: '2020-01-01T12:00:00Z' },
      { Path: 'example.com/run0', Version: 'v1.0.0', Timestamp: '2020-01-01T17:00:00-07:00' }, // == boundary
      { Path: 'example.com/run1', Version: 'v1.0.0', Timestamp: boundary },
      { Path: 'example.com/run2', Version: 'v1.0.0', Timestamp: '2020-01-02T01:00:00+01:00' }, // == boundary
      { Path: 'example.com/late', Version: 'v1.0.0', Timestamp: '2020-01-02T12:00:00Z' },
    ];
    const server = await serve(data);
    const plan = planShards(2, { from: '2020-01-01T00:00:00Z', to: new Date('2020-01-03T00:00:00Z') });
    expect(plan[1]!.start).toBe(boundary);
    const { pages, entries } = await sharded({ pool, indexUrl: server.url, limit: 4, shards: plan, minSplitSpanMs: 1e12 });
    const owner = new Map(pages.flatMap((page) => page.entries.map((e) => [e.path.slice('example.com/'.length), page.shardId] as const)));
    expect(Object.fromEntries(owner)).toEqual({ early: 0, run0: 1, run1: 1, run2: 1, late: 1 });
    expect(entries.filter((e) => e.path.startsWith('example.com/run')).map((e) => e.ordinal).sort()).toEqual([0, 1, 2]);
    expectSameAsSequential(entries, await sequential(server.url, 4));
  });

  it('splits the largest remaining range when a shard finishes (skewed data)', async () => {
    // Nearly everything in the last months: shards 0-2 finish at once, shard 3 holds the work.
    const data = syntheticIndex({ count: 4000, seed: 3, skew: 12, maxRun: 3 });
    const server = await serve(data, { delayMs: 3 });
    const plan = planShards(4, { to: new Date(Number(instant(data.at(-1)!.Timestamp) / 1000n) + 1) });
    const { pages, entries } = await sharded({ pool, indexUrl: server.url, limit: 40, shards: plan, minSplitSpanMs: 0 });
    const splitShardIds = new Set(pages.filter((page) => page.shardId >= 4 && page.entries.length > 0).map((page) => page.shardId));
    expect(splitShardIds.size).toBeGreaterThanOrEqual(3);
    // Most of the work was done by shards created by splitting.
    const bySplitShards = pages.filter((page) => page.shardId >= 4).reduce((sum, page) => sum + page.entries.length, 0);
    expect(bySplitShards).toBeGreaterThan(data.length / 2);
    expectPagesInsideTheirShards(pages);
    expectSameAsSequential(entries, await sequential(server.url, 40));
  });

  it('resumes from a plan persisted mid-crawl with exactly the remaining entries', async () => {
    const data = syntheticIndex({ count: 3000, seed: 11, skew: 4, maxRun: 5, offsetShare: 0.2 });
    const server = await serve(data, { delayMs: 1 });
    const expected = await sequential(server.url, 30);
    for (const cut of [1, 7, 30, 70]) {
      // Run until `cut` pages are persisted, then stop as a crash would (in-flight pages are lost).
      const persisted: IndexEntry[] = [];
      let shards: ShardState[] = planShards(5);
      let taken = 0;
      for await (const page of crawlIndexSharded({ pool, indexUrl: server.url, limit: 30, shards, minSplitSpanMs: 0 })) {
        persisted.push(...page.entries);
        shards = JSON.parse(JSON.stringify(page.shards)) as ShardState[];
        if (++taken === cut) break;
      }
      expect(shards.some((shard) => !shard.done)).toBe(true);
      const before = server.requests.length;
      const resumed = await sharded({ pool, indexUrl: server.url, limit: 30, shards });
      expectSameAsSequential([...persisted, ...resumed.entries], expected);
      expect(resumed.entries.length).toBe(expected.length - persisted.length);
      expect(server.requests.length - before).toBeGreaterThan(0);
    }
  });

  it('does nothing when resumed from a finished plan', async () => {
    const data = syntheticIndex({ count: 200, seed: 5 });
    const server = await serve(data);
    const first = await sharded({ pool, indexUrl: server.url, limit: 50, shards: planShards(3) });
    const finalPlan = first.pages.at(-1)!.shards;
    expect(finalPlan.every((shard) => shard.done)).toBe(true);
    const before = server.requests.length;
    const again = await sharded({ pool, indexUrl: server.url, limit: 50, shards: finalPlan });
    expect(again.entries).toEqual([]);
    expect(server.requests.length).toBe(before);
  });

  it('ends with the cursor of the newest entry read, not the start of an empty shard, so a refresh misses nothing', async () => {
    // Entries span 2019-2024; the plan runs to now, so its last shards find nothing.
    const data = syntheticIndex({ count: 900, seed: 21, skew: 3, maxRun: 4 });
    const full = await serve(data);
    const expected = await sequential(full.url, 40);
    const prefix = 600;
    const before = await serve(data.slice(0, prefix));
    for (const count of [6, 1]) {
      const first = await sharded({ pool, indexUrl: before.url, limit: 40, shards: planShards(count), minSplitSpanMs: 0 });
      expectSameAsSequential(first.entries, expected.slice(0, prefix));
      const finished = first.pages.at(-1)!.shards;
      expect(finished).toHaveLength(1);
      const last = expected[prefix - 1]!;
      expect(finished[0]!.cursor?.since).toBe(last.timestamp);
      // The run of the last entry read, as far as the prefix holds it.
      const atLast = expected.slice(0, prefix).filter((e) => e.micros === last.micros).map((e) => `${e.path}@${e.version}`);
      expect(finished[0]!.cursor?.atSince).toEqual(atLast);
      // The index grows with entries stamped before the empty shards' starts: a refresh reopens the plan.
      const reopened = finished.map((shard) => ({ ...shard, done: false }));
      const refresh = await sharded({ pool, indexUrl: full.url, limit: 40, shards: reopened, concurrency: 4, minSplitSpanMs: 0 });
      expectSameAsSequential(refresh.entries, expected.slice(prefix));
      expect(refresh.pages.at(-1)!.shards[0]!.cursor?.since).toBe(expected.at(-1)!.timestamp);
    }
  });

  it('keeps a far-future entry out of the plan and reports it', async () => {
    const data = [...syntheticIndex({ count: 300, seed: 4 }), { Path: 'example.com/forever', Version: 'v1.0.0', Timestamp: '9999-12-31T23:59:59Z' }];
    const server = await serve(data);
    const { pages, entries } = await sharded({ pool, indexUrl: server.url, limit: 50, shards: planShards(4) });
    expect(entries).toHaveLength(300);
    expect(entries.some((e) => e.path === 'example.com/forever')).toBe(false);
    expect(pages.filter((page) => page.future !== undefined).map((page) => page.future!.path)).toEqual(['example.com/forever']);
    expect(pages.at(-1)!.shards[0]!.cursor?.since).toBe(data[299]!.Timestamp);
  });

  it('stops every shard and throws when one shard fails', async () => {
    const data = syntheticIndex({ count: 400, seed: 9, spanMicros: 86_400_000_000n });
    const server = await serve(data, {
      delayMs: 2,
      intercept: (req, res) => {
        if (!req.url?.includes('since=2019-04-11')) return false;
        res.writeHead(200).end('{"Path":"broken"\n');
        return true;
      },
    });
    const plan = planShards(2, { from: '2019-04-10T00:00:00Z', to: new Date('2019-04-12T00:00:00Z') });
    const error = (await sharded({ pool, indexUrl: server.url, limit: 20, shards: plan }).catch((caught: unknown) => caught)) as IndexError;
    expect(error).toBeInstanceOf(IndexError);
    expect(error.code).toBe('ERR_INDEX_MALFORMED_LINE');
    const requestsAtFailure = server.requests.length;
    // The other shard's request, sent before the failure, may still be on its way: let it arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const settled = server.requests.length;
    expect(settled - requestsAtFailure).toBeLessThanOrEqual(1);
    // A shard still crawling would ask for a page every few milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBe(settled);
  });

  it('validates the plan and options', () => {
    const gap: ShardState[] = [
      { id: 0, start: null, end: '2020-01-01T00:00:00Z', cursor: null, done: false },
      { id: 1, start: '2020-01-02T00:00:00Z', end: null, cursor: null, done: false },
    ];
    expect(() => crawlIndexSharded({ pool, shards: gap })).toThrow(/tile time without gaps or overlaps/);
    expect(() => crawlIndexSharded({ pool, shards: [] })).toThrow(/non-empty array/);
    expect(() => crawlIndexSharded({ pool, shards: planShards(2), concurrency: 0 })).toThrow('Expected `options.concurrency` to be a positive integer, got 0');
    const duplicate = planShards(2).map((shard) => ({ ...shard, id: 1 }));
    expect(() => crawlIndexSharded({ pool, shards: duplicate })).toThrow(/used by another shard/);
  });
});
