import { describe, expect, it } from 'vitest';
import { SyntheticGoDataset } from '../src/index.js';
import { formatWithOffset, instantUs, parseLines, referenceCrawl, type IndexLine } from './goReferenceClient.js';
import { fakeGoRegistryForSuite } from './fakeGoRegistryForSuite.js';

const dataset = new SyntheticGoDataset({ entries: 12_000, modules: 1_500, seed: 3 });
const suite = fakeGoRegistryForSuite(dataset);

async function page(query: string): Promise<{ status: number; body: string; lines: IndexLine[]; type: string | null }> {
  const res = await fetch(`${suite.registry.indexUrl}?${query}`);
  const body = await res.text();
  return { status: res.status, body, lines: res.status === 200 ? parseLines(body) : [], type: res.headers.get('content-type') };
}

describe('fake index.golang.org', () => {
  it('serves the first page from the start, 2000 NDJSON lines by default', async () => {
    const first = await page('');
    expect(first.status).toBe(200);
    expect(first.lines).toHaveLength(2000);
    expect(first.lines[0]).toEqual({ Path: dataset.modulePath(0), Version: dataset.versionOfEntry(0), Timestamp: '2019-04-10T19:08:52.997264Z' });
    expect(first.body.endsWith('}\n')).toBe(true);
  });

  it('treats since as inclusive: the next page repeats the entries at the last timestamp', async () => {
    const first = await page('limit=2000&include=all');
    const last = first.lines.at(-1)!;
    const next = await page(`since=${encodeURIComponent(last.Timestamp)}&limit=2000&include=all`);
    const repeated = first.lines.filter((l) => l.Timestamp === last.Timestamp);
    expect(repeated.length).toBeGreaterThanOrEqual(1);
    expect(next.lines.slice(0, repeated.length)).toEqual(repeated);
    // The run straddles the boundary: the next page has new entries with that same timestamp.
    expect(next.lines[repeated.length]?.Timestamp).toBe(last.Timestamp);
  });

  it('crawls completely with an honest client: non-decreasing instants, equal to the dataset feed', async () => {
    const { entries, pages } = await referenceCrawl(suite.registry.indexUrl);
    expect(pages).toBeGreaterThanOrEqual(6);
    const expected = [...dataset.feed()].map((e) => ({ Path: e.path, Version: e.version, Timestamp: e.timestamp }));
    expect(entries).toEqual(expected);
    let decreasing = 0;
    for (let k = 1; k < entries.length; k++) if (instantUs(entries[k]!.Timestamp) < instantUs(entries[k - 1]!.Timestamp)) decreasing += 1;
    expect(decreasing).toBe(0);
    expect(entries.some((e) => e.Timestamp.endsWith('-07:00'))).toBe(true);
    expect(entries.some((e) => /:\d\dZ$/.test(e.Timestamp))).toBe(true);
  });

  it('serves include=all as a superset of the default feed', async () => {
    const all = await referenceCrawl(suite.registry.indexUrl, { includeAll: true });
    const served = await referenceCrawl(suite.registry.indexUrl);
    expect(all.entries).toHaveLength(12_000);
    expect(served.entries.length).toBeLessThan(all.entries.length);
    const keys = new Set(all.entries.map((e) => `${e.Path} ${e.Version} ${e.Timestamp}`));
    expect(served.entries.every((e) => keys.has(`${e.Path} ${e.Version} ${e.Timestamp}`))).toBe(true);
  });

  it('compares since as an instant: -07:00, Z and a %2B-encoded +02:00 offset give the same page', async () => {
    const offsetStamp = dataset.timestamp(500);
    expect(offsetStamp.endsWith('-07:00')).toBe(true);
    const us = instantUs(offsetStamp);
    const asZ = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19) + '.' + String(us % 1_000_000).padStart(6, '0') + 'Z';
    const plusTwo = formatWithOffset(us, 120);
    const a = await page(`since=${encodeURIComponent(offsetStamp)}&limit=20`);
    const b = await page(`since=${encodeURIComponent(asZ)}&limit=20`);
    const c = await page(`since=${encodeURIComponent(plusTwo)}&limit=20`);
    expect(c.body).toContain(offsetStamp);
    expect(a.lines[0]?.Timestamp).toBe(offsetStamp);
    expect(b.body).toBe(a.body);
    expect(c.body).toBe(a.body);
    // An unencoded + is a space in a query string: an invalid timestamp.
    const raw = await page(`since=${plusTwo}&limit=20`);
    expect(raw.status).toBe(400);
    expect(raw.type).toMatch(/^text\/plain/);
  });

  it('rounds a sub-microsecond since up, so the entry at that microsecond is excluded', async () => {
    const stamp = dataset.timestamp(3001);
    const us = instantUs(stamp);
    const nanos = formatWithOffset(us, 0).replace('+00:00', '001Z');
    const res = await page(`since=${encodeURIComponent(nanos)}&limit=10&include=all`);
    expect(instantUs(res.lines[0]!.Timestamp)).toBeGreaterThan(us);
  });

  it('honours limit up to 2000 and rejects bad parameters with 400', async () => {
    expect((await page('limit=7')).lines).toHaveLength(7);
    expect((await page('limit=5000')).lines).toHaveLength(2000);
    expect((await page('limit=abc')).status).toBe(400);
    expect((await page('limit=0')).status).toBe(400);
    const bad = await page('since=2020-13-01T00:00:00Z');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/^bad request: /);
    const past = await page(`since=${encodeURIComponent('2030-01-01T00:00:00Z')}`);
    expect(past.status).toBe(200);
    expect(past.body).toBe('');
  });

  it('answers unknown paths with 404 and counts requests', async () => {
    const before = suite.registry.stats();
    const res = await fetch(suite.registry.indexUrl.replace('/index', '/nothing'));
    expect(res.status).toBe(404);
    await res.text();
    const after = suite.registry.stats();
    expect(after.requests).toBe(before.requests + 1);
    expect(after.byEndpoint.other).toBe(before.byEndpoint.other + 1);
    expect(after.indexEntriesServed).toBeGreaterThan(12_000);
  });
});
