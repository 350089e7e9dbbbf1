import { describe, expect, it } from 'vitest';
import { SyntheticGoDataset } from '../src/index.js';
import { instantUs } from './goReferenceClient.js';

const small = new SyntheticGoDataset({ entries: 12_000, modules: 1_500, seed: 7 });

describe('SyntheticGoDataset', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const again = new SyntheticGoDataset({ entries: 12_000, modules: 1_500, seed: 7 });
    const other = new SyntheticGoDataset({ entries: 12_000, modules: 1_500, seed: 8 });
    expect(again.feedNdjson({ includeAll: true })).toBe(small.feedNdjson({ includeAll: true }));
    expect(other.feedNdjson({ start: 0, end: 200 })).not.toBe(small.feedNdjson({ start: 0, end: 200 }));
  });

  it('starts at the documented first entry and keeps timestamps non-decreasing as instants', () => {
    const entries = [...small.feed({ includeAll: true })];
    expect(entries).toHaveLength(12_000);
    expect(entries[0]?.timestamp).toBe('2019-04-10T19:08:52.997264Z');
    const instants = entries.map((e) => instantUs(e.timestamp));
    expect(instants.filter((us, k) => k > 0 && us < instants[k - 1]!)).toEqual([]);
    // Timestamps land at the end of 2025, denser later: more entries in 2025 than in 2020.
    const year = (y: string) => entries.filter((e) => instantUs(e.timestamp) >= Date.parse(`${y}-01-01T00:00:00Z`) * 1000 && instantUs(e.timestamp) < Date.parse(`${Number(y) + 1}-01-01T00:00:00Z`) * 1000).length;
    expect(year('2025')).toBeGreaterThan(2 * year('2020'));
  });

  it('groups entries in runs of 1-6 equal timestamps, one straddling every multiple of 2000', () => {
    const stamps = [...small.feed({ includeAll: true })].map((e) => e.timestamp);
    let run = 1;
    const lengths = new Set<number>();
    for (let k = 1; k <= stamps.length; k++) {
      if (k < stamps.length && stamps[k] === stamps[k - 1]) run += 1;
      else {
        lengths.add(run);
        run = 1;
      }
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4, 5, 6]); // never longer than six
    expect(stamps[1]).not.toBe(stamps[0]);
    for (let boundary = 2000; boundary < 12_000; boundary += 2000) {
      expect(new Set(stamps.slice(boundary - 3, boundary + 3)).size).toBe(1);
    }
  });

  it('trims trailing zeros and writes 2019 with -07:00, all parsing to the right instants', () => {
    const stamps = [...small.feed({ includeAll: true })].map((e) => e.timestamp);
    expect(stamps.some((t) => /:\d\dZ$/.test(t))).toBe(true); // whole seconds: no fraction at all
    expect(stamps.some((t) => /\.\d{1,5}Z$/.test(t))).toBe(true); // trimmed fractions
    expect(stamps.some((t) => /\.\d{6}Z$/.test(t))).toBe(true);
    expect(stamps.every((t) => !/\.\d*0(Z|-07:00)$/.test(t))).toBe(true); // never a trailing zero
    const offset = stamps.filter((t) => t.endsWith('-07:00'));
    expect(offset.length).toBeGreaterThan(100);
    expect(offset.every((t) => instantUs(t) < Date.parse('2020-01-01T07:00:00Z') * 1000)).toBe(true);
    expect(stamps.filter((t) => t.startsWith('2019') && t.endsWith('Z'))).toEqual(['2019-04-10T19:08:52.997264Z']);
    // The fake's own instants agree with an independent parse of what it writes.
    const mismatches = [];
    for (let i = 0; i < 12_000; i += 7) if (small.instantUs(i) !== instantUs(small.timestamp(i))) mismatches.push(i);
    expect(mismatches).toEqual([]);
  });

  it('omits about 2% of entries from the default feed', () => {
    const served = small.feedLength();
    expect(served).toBe([...small.feed()].length);
    expect(1 - served / 12_000).toBeGreaterThan(0.01);
    expect(1 - served / 12_000).toBeLessThan(0.03);
    const all = new Set([...small.feed({ includeAll: true })].map((e) => e.path + ' ' + e.version));
    expect([...small.feed()].filter((e) => !all.has(e.path + ' ' + e.version))).toEqual([]);
  });

  it('introduces module m at entry floor(m * entries / modules), with unique paths and growing versions', () => {
    const first = new Map<string, number>();
    const last = new Map<string, { index: number; version: string }>();
    const versions = new Set<string>();
    let entries = 0;
    for (const entry of small.feed({ includeAll: true })) {
      if (!first.has(entry.path)) first.set(entry.path, entry.index);
      last.set(entry.path, { index: entry.index, version: entry.version });
      versions.add(entry.path + '@' + entry.version);
      entries += 1;
    }
    expect(versions.size).toBe(entries); // (path, version) never repeats
    expect(first.size).toBe(1_500);
    const wrong = [];
    for (let m = 0; m < 1_500; m++) {
      const path = small.modulePath(m);
      if (first.get(path) !== small.firstEntryOf(m)) wrong.push(`first ${m}`);
      if (small.findModule(path) !== m) wrong.push(`find ${m}`);
      if (last.get(path)?.index !== small.newestEntryOf(m, { includeAll: true })) wrong.push(`last ${m}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has capitals, case twins, /vN, vanity, gitlab and bitbucket paths, and capital prerelease versions', () => {
    const paths = Array.from({ length: 1_500 }, (_, m) => small.modulePath(m));
    expect(paths.filter((p) => /[A-Z]/.test(p)).length).toBeGreaterThan(150);
    const lower = new Map<string, number>();
    for (const p of paths) lower.set(p.toLowerCase(), (lower.get(p.toLowerCase()) ?? 0) + 1);
    expect([...lower.values()].filter((n) => n === 2).length).toBeGreaterThan(5);
    expect(paths.some((p) => /^github\.com\/[^/]+\/[^/]+\/v[2-6]$/.test(p))).toBe(true);
    expect(paths.some((p) => /^go\.[a-z]+-[0-9a-z]+\.(org|dev|io|net)\//.test(p))).toBe(true);
    expect(paths.some((p) => p.startsWith('gitlab.com/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('bitbucket.org/'))).toBe(true);
    const versions = [...small.feed({ includeAll: true })].map((e) => e.version);
    expect(versions.some((v) => /-M\d$/.test(v))).toBe(true);
    expect(versions.some((v) => v.endsWith('+incompatible'))).toBe(true);
    expect(versions.some((v) => /^v0\.0\.0-\d{14}-[0-9a-f]{12}$/.test(v))).toBe(true);
  });

  it('answers random access into 45 million entries without storing them', () => {
    const huge = new SyntheticGoDataset({ entries: 45_000_000, modules: 2_500_000 });
    const last = huge.entry(44_999_999);
    expect(last.timestamp.startsWith('2025-12-31T')).toBe(true);
    const since = huge.timestamp(30_000_000);
    const page = huge.page({ since, limit: 2000 }).trimEnd().split('\n');
    expect(page).toHaveLength(2000);
    expect(JSON.parse(page[0]!)).toMatchObject({ Timestamp: since });
    expect(huge.firstIndexAtOrAfter(huge.instantUs(30_000_000))).toBeLessThanOrEqual(30_000_000);
  });

  it('rejects invalid options with a TypeError showing the value', () => {
    expect(() => new SyntheticGoDataset({ entries: 0, modules: 1 })).toThrow(/entries.*got 0/);
    expect(() => new SyntheticGoDataset({ entries: 10, modules: 11 })).toThrow(/modules.*got 11/);
    expect(() => new SyntheticGoDataset({ entries: 10.5, modules: 1 })).toThrow(TypeError);
    expect(() => small.page({ since: 'yesterday' })).toThrow(/Expected `since` to be an RFC 3339 timestamp, got 'yesterday'/);
  });
});
