import { describe, expect, it } from 'vitest';
import { chooseSnapshots, type RepositoryKey } from '../src/index.js';

const current: RepositoryKey = { kind: 'current' };
const snap = (date: string): RepositoryKey => ({ kind: 'snapshot', date });
const AVAILABLE = ['2020-03-25', '2020-01-10']; // unsorted on purpose

describe('chooseSnapshots', () => {
  it.each([
    ['before every snapshot', '2019-12-01T00:00:00Z', [snap('2020-01-10')]],
    ['between, previous snapshot too old', '2020-02-20T10:00:00Z', [snap('2020-03-25')]],
    ['between, previous snapshot 10 days earlier', '2020-01-20T10:00:00Z', [snap('2020-03-25'), snap('2020-01-10')]],
    ['13 days after the previous snapshot (kept)', '2020-01-23T23:59:59Z', [snap('2020-03-25'), snap('2020-01-10')]],
    ['14 days after the previous snapshot (dropped)', '2020-01-24T00:00:00Z', [snap('2020-03-25')]],
    ['on the oldest snapshot day: the next snapshot holds what follows the squash', '2020-01-10T12:00:00Z', [snap('2020-03-25'), snap('2020-01-10')]],
    ['on the newest snapshot day: the current index holds what follows the squash', '2020-03-25T21:00:00Z', [current, snap('2020-03-25')]],
    ['after the newest, within 14 days', '2020-04-01T00:00:00Z', [current, snap('2020-03-25')]],
    ['after the newest, beyond 14 days', '2020-05-01T00:00:00Z', [current]],
  ] as const)('%s', (_label, published, expected) => {
    expect(chooseSnapshots(AVAILABLE, new Date(published))).toEqual(expected);
  });

  it('gives the current index alone when there are no snapshots', () => {
    expect(chooseSnapshots([], new Date('2020-04-01T00:00:00Z'))).toEqual([current]);
  });

  it('compares days in UTC, whatever the local offset of the publish time', () => {
    // 2020-03-24T23:30-02:00 is 2020-03-25T01:30Z: the squash day of snapshot-2020-03-25.
    expect(chooseSnapshots(AVAILABLE, new Date('2020-03-24T23:30:00-02:00'))).toEqual([current, snap('2020-03-25')]);
  });

  it('honours windowDays and ignores duplicate dates', () => {
    expect(chooseSnapshots([...AVAILABLE, '2020-03-25'], new Date('2020-02-20T00:00:00Z'), { windowDays: 60 })).toEqual([
      snap('2020-03-25'),
      snap('2020-01-10'),
    ]);
    expect(chooseSnapshots(AVAILABLE, new Date('2020-04-01T00:00:00Z'), { windowDays: 0 })).toEqual([current]);
  });

  it('rejects malformed input with a TypeError showing it', () => {
    expect(() => chooseSnapshots(['2020-3-25'], new Date())).toThrow("Expected `available` to be an array of YYYY-MM-DD dates, got [ '2020-3-25' ]");
    expect(() => chooseSnapshots(AVAILABLE, new Date('nope'))).toThrow(TypeError);
    expect(() => chooseSnapshots(AVAILABLE, new Date(), { windowDays: -1 })).toThrow('Expected `windowDays` to be a number >= 0, got -1');
  });
});
