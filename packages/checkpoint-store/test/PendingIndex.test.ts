import { describe, expect, it } from 'vitest';
import { CheckpointStore } from '../src/index.js';
import { hashKey, type JournalKeys, PendingIndex } from '../src/PendingIndex.js';
import { useTempDirs } from './helpers/tempDirs.js';

const tempDir = useTempDirs();

/** Two pairs of module paths with the same 32-bit FNV-1a hash (found by a birthday search). */
const COLLIDING: [string, string][] = [
  ['github.com/o976/r12976', 'github.com/o413/r67413'],
  ['github.com/o746/r78746', 'github.com/o109/r87109'],
];

/** A journal in memory: what PendingIndex reads back (keys by seq, sorted distinct keys). */
class FakeJournal implements JournalKeys {
  readonly rows: [string, string][] = [];
  append(collection: string, key: string): number {
    this.rows.push([collection, key]);
    return this.rows.length;
  }
  keyOf(seq: number): string | undefined {
    return this.rows[seq - 1]?.[1];
  }
  sortedKeys(collection: string): string[] {
    return [...new Set(this.rows.filter(([c]) => c === collection).map(([, k]) => k))].sort();
  }
}

describe('PendingIndex (keys held by hash)', () => {
  it('tells apart keys whose hashes collide, for lookup, count and order', () => {
    for (const [a, b] of COLLIDING) expect(hashKey(a)).toBe(hashKey(b));
    // A hash that collides for every key: each key after the first lives in the exact-key map.
    const index = new PendingIndex(() => 42);
    const journal = new FakeJournal();
    const put = (key: string, live: boolean): void => index.add('c', key, journal.append('c', key), live, journal);
    put('b', true);
    put('a', true);
    put('c', false);
    put('b', false); // update of the hash's owner
    put('a', true); // update of a collided key
    expect(index.size).toBe(3);
    expect(index.lookup('c', 'b')).toEqual({ seq: 4, live: false, exact: false });
    expect(index.lookup('c', 'a')).toEqual({ seq: 5, live: true, exact: true });
    expect(index.lookup('c', 'c')).toEqual({ seq: 3, live: false, exact: true });
    // An absent key with the same hash finds the owner's change, flagged as not exact: the caller checks.
    expect(index.lookup('c', 'zzz')).toEqual({ seq: 4, live: false, exact: false });
    expect(journal.keyOf(4)).not.toBe('zzz');
    expect(index.keysAfter('c', undefined, 10, journal)).toEqual(['a', 'b', 'c']);
    expect(index.keysAfter('c', 'a', 1, journal)).toEqual(['b']);
    // First count in bulk (from SQL in the store), then key by key.
    const inRecords = new Set(['b', 'c', 'd']);
    expect(index.countDelta('c', (k) => inRecords.has(k), () => 1 - 2)).toBe(-1); // a new and live; b, c deleted
    put('d', false); // -1
    put('e', true); // +1
    put('a', false); // -1 (a was counted live)
    expect(index.countDelta('c', (k) => inRecords.has(k), () => Number.NaN)).toBe(-2);
    expect(index.keysAfter('c', 'c', 10, journal)).toEqual(['d', 'e']);
  });

  it('keeps a store exact when journaled keys share a hash', () => {
    const store = CheckpointStore.open(tempDir(), { compactAfter: 1_000_000 });
    const [[a, b], [c, d]] = COLLIDING as [[string, string], [string, string]];
    store.commit({ put: [{ collection: 'm', key: c, value: 'merged c' }] });
    store.compact(); // c in the merged table; d absent
    store.commit({ put: [{ collection: 'm', key: a, value: 'A' }, { collection: 'm', key: b, value: 'B' }] });
    store.commit({ put: [{ collection: 'm', key: a, value: 'A2' }], delete: [{ collection: 'm', key: b }] });
    store.commit({ put: [{ collection: 'm', key: d, value: 'D' }] }); // d shares its hash with the merged c
    expect(store.get('m', a)).toBe('A2');
    expect(store.get('m', b)).toBeUndefined();
    expect(store.get('m', c)).toBe('merged c'); // same hash as the journaled d, but not journaled itself
    expect(store.get('m', d)).toBe('D');
    expect([...store.getMany('m', [a, b, c, d])]).toEqual([[a, 'A2'], [c, 'merged c'], [d, 'D']]);
    expect(store.count('m')).toBe(3);
    expect([...store.entries('m')].map(([k]) => k)).toEqual([a, c, d].sort());
    store.compact();
    expect([...store.entries('m')]).toEqual([[a, 'A2'], [c, 'merged c'], [d, 'D']].sort(([x], [y]) => (x! < y! ? -1 : 1)));
    store.close();
  });
});
