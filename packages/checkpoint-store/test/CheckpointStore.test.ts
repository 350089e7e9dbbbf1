import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CheckpointError, CheckpointStore, type RecordPut } from '../src/index.js';
import { useTempDirs } from './helpers/tempDirs.js';

const tempDir = useTempDirs();

function puts(collection: string, keys: Iterable<string>, value: (key: string) => unknown = (key) => ({ key })): RecordPut[] {
  return [...keys].map((key) => ({ collection, key, value: value(key) }));
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

// Every behaviour with all changes still in the journal, and with the journal merged after every commit.
describe.each([
  { level: 'journal only', compactAfter: 1_000_000 },
  { level: 'merged at every commit', compactAfter: 1 },
])('$level', ({ compactAfter }) => {
  const open = (dir: string): CheckpointStore => CheckpointStore.open(dir, { compactAfter });

  describe('records and cursors', () => {
    it('creates the directory, puts, gets, updates and deletes, keeping counts per collection', () => {
      const dir = join(tempDir(), 'nested', 'state');
      const store = open(dir);
      expect(readdirSync(dir).sort()).toEqual(['checkpoint.sqlite', 'checkpoint.sqlite-shm', 'checkpoint.sqlite-wal', 'lock.json', 'lock.sqlite']);
      expect(store.get('modules', 'github.com/a/b')).toBeUndefined();
      expect(store.count('modules')).toBe(0);

      store.commit({
        put: [
          { collection: 'modules', key: 'github.com/a/b', value: { version: 'v1.0.0', tags: ['x'], n: 1.5, ok: true, none: null } },
          { collection: 'modules', key: 'golang.org/x/mod', value: 'plain string' },
          { collection: 'other', key: 'github.com/a/b', value: 42 },
        ],
      });
      expect(store.get('modules', 'github.com/a/b')).toEqual({ version: 'v1.0.0', tags: ['x'], n: 1.5, ok: true, none: null });
      expect(store.get('other', 'github.com/a/b')).toBe(42);
      expect([store.count('modules'), store.count('other')]).toEqual([2, 1]);

      store.commit({ put: [{ collection: 'modules', key: 'github.com/a/b', value: { version: 'v1.1.0' } }] });
      expect(store.get('modules', 'github.com/a/b')).toEqual({ version: 'v1.1.0' });
      expect(store.count('modules')).toBe(2); // an update is not a new record

      store.commit({ delete: [{ collection: 'modules', key: 'golang.org/x/mod' }, { collection: 'modules', key: 'never/was' }] });
      expect(store.get('modules', 'golang.org/x/mod')).toBeUndefined();
      expect(store.count('modules')).toBe(1);
      expect(store.count('other')).toBe(1);
      store.close();
    });

    it('applies deletes before puts within one step', () => {
      const store = open(tempDir());
      store.commit({ put: puts('c', ['k']) });
      store.commit({ put: [{ collection: 'c', key: 'k', value: 'new' }], delete: [{ collection: 'c', key: 'k' }] });
      expect(store.get('c', 'k')).toBe('new');
      expect(store.count('c')).toBe(1);
      store.close();
    });

    it('sets, replaces and deletes cursors (undefined deletes), with any JSON value', () => {
      const store = open(tempDir());
      expect(store.cursor('since')).toBeUndefined();
      store.commit({ cursors: { since: '2019-04-10T19:08:52.997264Z', page: { n: 3, seen: ['a'] }, zero: 0 } });
      expect(store.cursor<string>('since')).toBe('2019-04-10T19:08:52.997264Z');
      expect(store.cursor('page')).toEqual({ n: 3, seen: ['a'] });
      expect(store.cursor('zero')).toBe(0);
      store.commit({ cursors: { since: '2020-01-01T00:00:00Z', page: undefined } });
      expect(store.cursor('since')).toBe('2020-01-01T00:00:00Z');
      expect(store.cursor('page')).toBeUndefined();
      expect(store.cursor('zero')).toBe(0);
      store.close();
    });

    it('keeps everything committed across close and reopen', () => {
      const dir = tempDir();
      const store = open(dir);
      store.commit({ put: puts('m', ['a', 'b', 'c']), cursors: { n: 3 } });
      store.close();
      // A clean close checkpoints the WAL into the main file and drops the lock record.
      expect(existsSync(join(dir, 'checkpoint.sqlite-wal'))).toBe(false);
      expect(existsSync(join(dir, 'lock.json'))).toBe(false);

      const again = open(dir);
      expect(again.staleLock).toBeUndefined();
      expect(again.cursor('n')).toBe(3);
      expect(again.count('m')).toBe(3);
      expect(again.get('m', 'b')).toEqual({ key: 'b' });
      again.close();
    });

    it('getMany returns the present keys only, once each', () => {
      const store = open(tempDir());
      const keys = Array.from({ length: 3000 }, (_, i) => `github.com/o${i % 97}/r${i}`);
      store.commit({ put: puts('modules', keys, (key) => key.length) });
      const asked = [...keys.filter((_, i) => i % 3 === 0), 'missing/one', keys[0] as string, 'missing/two'];
      const found = store.getMany<number>('modules', asked);
      expect(found.size).toBe(1000);
      for (const [key, value] of found) expect(value).toBe(key.length);
      expect(found.has('missing/one')).toBe(false);
      expect(store.getMany('modules', []).size).toBe(0);
      expect(store.getMany('nope', ['a']).size).toBe(0);
      store.close();
    });
  });

  describe('entries()', () => {
    // Insertion order shuffled; expected order is binary order of the UTF-8 bytes.
    const keys = ['b', 'a', 'ab', 'B', '', 'é', 'z', '😀', '\uffff', 'a\u0000b', 'github.com/Z', 'github.com/a'];
    const byteOrder = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));

    it('iterates in binary key order, with after and limit', () => {
      const store = open(tempDir());
      store.commit({ put: puts('k', keys, (key) => key.length) });
      store.commit({ put: puts('other', ['a', 'zz']) });
      expect([...store.entries('k')].map(([key]) => key)).toEqual(byteOrder);
      expect(byteOrder).toEqual(['', 'B', 'a', 'a\u0000b', 'ab', 'b', 'github.com/Z', 'github.com/a', 'z', 'é', '\uffff', '😀']);
      expect([...store.entries('k')][0]).toEqual(['', 0]);
      expect([...store.entries('k', { after: 'a' })].map(([key]) => key)).toEqual(byteOrder.slice(byteOrder.indexOf('a') + 1));
      expect([...store.entries('k', { after: 'aa', limit: 2 })].map(([key]) => key)).toEqual(['ab', 'b']);
      expect([...store.entries('k', { limit: 0 })]).toEqual([]);
      expect([...store.entries('k', { after: '😀😀' })]).toEqual([]);
      expect([...store.entries('missing')]).toEqual([]);
      store.close();
    });

    it('pages through thousands of records and honours a limit across pages', () => {
      const store = open(tempDir());
      const keys = Array.from({ length: 2500 }, (_, i) => `key-${String((i * 7919) % 2500).padStart(5, '0')}`);
      store.commit({ put: puts('big', keys, (key) => Number(key.slice(4))) });
      const all = [...store.entries<number>('big')];
      expect(all).toHaveLength(2500);
      all.forEach(([key, value], i) => {
        expect(value).toBe(i);
        expect(key).toBe(`key-${String(i).padStart(5, '0')}`);
      });
      const limited = [...store.entries<number>('big', { after: 'key-00499', limit: 1200 })].map(([, v]) => v);
      expect(limited).toEqual(Array.from({ length: 1200 }, (_, i) => 500 + i));
      store.close();
    });

    it('lets the caller commit while iterating: sees later inserts, not later deletes', () => {
      const store = open(tempDir());
      const key = (i: number): string => `k${String(i).padStart(5, '0')}`;
      store.commit({ put: puts('c', Array.from({ length: 2500 }, (_, i) => key(i * 2))) }); // even numbers 0..4998
      const seen: string[] = [];
      for (const [k] of store.entries('c')) {
        seen.push(k);
        if (k === key(100)) {
          // Ahead of the iterator: delete every even key 3000..3998, add odd keys 4001..4999, rewrite one behind.
          store.commit({
            delete: Array.from({ length: 500 }, (_, i) => ({ collection: 'c', key: key(3000 + i * 2) })),
            put: [...puts('c', Array.from({ length: 500 }, (_, i) => key(4001 + i * 2))), { collection: 'c', key: key(0), value: 'changed' }],
            cursors: { at: k },
          });
        }
      }
      const expected = [
        ...Array.from({ length: 1500 }, (_, i) => key(i * 2)),
        ...Array.from({ length: 1000 }, (_, i) => key(4000 + i)),
      ];
      expect(seen).toEqual(expected);
      expect(store.count('c')).toBe(2500);
      expect(store.get('c', key(0))).toBe('changed');
      expect(store.cursor('at')).toBe(key(100));
      store.close();
    });
  });
});

describe('journal and merged table together', () => {
  const key = (i: number): string => `k${String(i).padStart(5, '0')}`;

  /** Merged: even keys 0..4998 = i. Journal: deletes of multiples of 10, updates of multiples of 4 to -i, new odd keys 1..1999 = i. */
  function twoLevelStore(dir: string): CheckpointStore {
    const store = CheckpointStore.open(dir, { compactAfter: 1_000_000 });
    store.commit({ put: Array.from({ length: 2500 }, (_, i) => ({ collection: 'c', key: key(i * 2), value: i * 2 })) });
    store.compact();
    store.commit({
      delete: Array.from({ length: 500 }, (_, i) => ({ collection: 'c', key: key(i * 10) })),
      put: [
        ...Array.from({ length: 1250 }, (_, i) => ({ collection: 'c', key: key(i * 4), value: 0 - i * 4 })),
        ...Array.from({ length: 1000 }, (_, i) => ({ collection: 'c', key: key(i * 2 + 1), value: i * 2 + 1 })),
      ],
    });
    return store;
  }

  function expectedView(): [string, number][] {
    const view = new Map<number, number>();
    for (let i = 0; i < 5000; i += 2) view.set(i, i);
    for (let i = 0; i < 5000; i += 10) view.delete(i);
    for (let i = 0; i < 5000; i += 4) view.set(i, 0 - i); // deletes come first within the step, so multiples of 20 come back
    for (let i = 1; i < 2000; i += 2) view.set(i, i);
    return [...view].sort(([a], [b]) => a - b).map(([i, v]) => [key(i), v]);
  }

  it('reads the journal over the merged table: entries, get, getMany, count', () => {
    const store = twoLevelStore(tempDir());
    const expected = expectedView();
    expect([...store.entries('c')]).toEqual(expected);
    expect([...store.entries('c', { after: key(1501), limit: 1500 })]).toEqual(expected.filter(([k]) => k > key(1501)).slice(0, 1500));
    expect(store.count('c')).toBe(expected.length);
    expect(store.get('c', key(10))).toBeUndefined(); // merged, deleted in the journal
    expect(store.get('c', key(20))).toBe(-20); // merged, deleted then put again
    expect(store.get('c', key(2))).toBe(2); // merged only
    expect(store.get('c', key(3))).toBe(3); // journal only
    const many = store.getMany<number>('c', [key(10), key(20), key(2), key(3), key(4999)]);
    expect([...many]).toEqual([[key(20), -20], [key(2), 2], [key(3), 3]]);
    store.close();
  });

  it('shows the same view after compact() and after a reopen that rebuilds the journal index', () => {
    const dir = tempDir();
    const store = twoLevelStore(dir);
    store.close();
    const reopened = CheckpointStore.open(dir);
    expect([...reopened.entries('c')]).toEqual(expectedView());
    reopened.compact();
    expect([...reopened.entries('c')]).toEqual(expectedView());
    expect(reopened.count('c')).toBe(expectedView().length);
    reopened.close();
  });

  it('compacts by itself every compactAfter journaled changes, without changing what is read', () => {
    const dir = tempDir();
    const store = CheckpointStore.open(dir, { compactAfter: 700 });
    const view = new Map<string, number>();
    for (let batch = 0; batch < 12; batch += 1) {
      const put = Array.from({ length: 300 }, (_, i) => ({ collection: 'c', key: key((batch * 300 + i * 7) % 2000), value: batch }));
      const del = Array.from({ length: 20 }, (_, i) => ({ collection: 'c', key: key((batch * 131 + i * 13) % 2000) }));
      for (const { key: k } of del) view.delete(k);
      for (const { key: k, value } of put) view.set(k, value);
      store.commit({ delete: del, put });
      expect(store.count('c')).toBe(view.size);
    }
    expect([...store.entries('c')]).toEqual([...view].sort(([a], [b]) => (a < b ? -1 : 1)));
    store.close();
    // It did merge: most records sit in the key-ordered table, fewer than compactAfter changes in the journal.
    const raw = new Database(join(dir, 'checkpoint.sqlite'), { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM journal').pluck().get()).toBeLessThan(700);
    expect(raw.prepare('SELECT count(*) FROM records').pluck().get()).toBeGreaterThan(view.size / 2);
    raw.close();
  });

  it('counts a large journal in one pass after a reopen, then key by key, always exactly', () => {
    const dir = tempDir();
    const writer = CheckpointStore.open(dir, { compactAfter: 1_000_000 });
    writer.commit({ put: Array.from({ length: 15_000 }, (_, i) => ({ collection: 'c', key: key(i), value: i })) });
    writer.compact();
    writer.commit({
      delete: [...Array.from({ length: 3000 }, (_, i) => ({ collection: 'c', key: key(i) })), { collection: 'c', key: 'never-was' }],
      put: [
        ...Array.from({ length: 6000 }, (_, i) => ({ collection: 'c', key: key(3000 + i), value: 'updated' })),
        ...Array.from({ length: 8000 }, (_, i) => ({ collection: 'c', key: `new-${i}`, value: i })),
      ],
    });
    writer.close();
    const store = CheckpointStore.open(dir, { compactAfter: 1_000_000 });
    expect(store.count('c')).toBe(15_000 - 3000 + 8000); // 17 001 journaled keys, counted in one pass
    store.commit({
      put: [{ collection: 'c', key: key(0), value: 'back' }, { collection: 'c', key: 'new-9000', value: 1 }],
      delete: [{ collection: 'c', key: 'new-0' }, { collection: 'c', key: key(1) }],
    });
    expect(store.count('c')).toBe(20_000 + 1 + 1 - 1); // key(1) was already deleted
    expect([...store.entries('c')].length).toBe(20_001);
    store.compact();
    expect(store.count('c')).toBe(20_001);
    store.close();
  });

  it('a readonly reader follows the writer across commits and compactions', () => {
    const dir = tempDir();
    const writer = CheckpointStore.open(dir, { compactAfter: 1_000_000 });
    writer.commit({ put: [{ collection: 'c', key: 'a', value: 1 }, { collection: 'c', key: 'b', value: 1 }] });
    const reader = CheckpointStore.open(dir, { readonly: true });
    expect([...reader.entries('c')]).toEqual([['a', 1], ['b', 1]]);
    writer.commit({ put: [{ collection: 'c', key: 'a', value: 2 }], delete: [{ collection: 'c', key: 'b' }] });
    expect([...reader.entries('c')]).toEqual([['a', 2]]);
    writer.compact();
    writer.commit({ put: [{ collection: 'c', key: 'c', value: 3 }] });
    expect(reader.get('c', 'a')).toBe(2);
    expect(reader.get('c', 'b')).toBeUndefined();
    expect([...reader.getMany('c', ['a', 'b', 'c'])]).toEqual([['a', 2], ['c', 3]]);
    expect(reader.count('c')).toBe(2);
    expect((thrown(() => reader.compact()) as CheckpointError).code).toBe('ERR_CHECKPOINT_READONLY');
    reader.close();
    writer.close();
  });
});

describe('errors', () => {
  it('refuses a value JSON cannot hold and writes nothing of that step', () => {
    const store = CheckpointStore.open(tempDir());
    store.commit({ put: puts('c', ['kept']), cursors: { n: 1 } });
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    for (const bad of [undefined, () => 1, Symbol('s'), 10n, circular]) {
      const error = thrown(() =>
        store.commit({ put: [{ collection: 'c', key: 'fine', value: 1 }, { collection: 'c', key: 'bad', value: bad }], cursors: { n: 2 } }),
      ) as CheckpointError;
      expect(error).toBeInstanceOf(CheckpointError);
      expect(error.code).toBe('ERR_CHECKPOINT_VALUE');
      expect(error.message).toContain('record c/bad');
      expect(error.hint).toBeTruthy();
    }
    const cursorError = thrown(() => store.commit({ put: puts('c', ['fine']), cursors: { n: 10n } })) as CheckpointError;
    expect(cursorError.code).toBe('ERR_CHECKPOINT_VALUE');
    expect(cursorError.message).toContain('cursor n');
    // Rolled back: the valid put of the same steps is absent, the cursor unchanged.
    expect(store.get('c', 'fine')).toBeUndefined();
    expect(store.cursor('n')).toBe(1);
    expect(store.count('c')).toBe(1);
    // Nothing of the failed steps survives in the journal index either: the next journal rows are not misread.
    store.commit({ put: puts('c', ['after']) });
    expect(store.count('c')).toBe(2);
    expect([...store.entries('c')]).toEqual([['after', { key: 'after' }], ['kept', { key: 'kept' }]]);
    expect(store.get('c', 'fine')).toBeUndefined();
    expect(store.get('c', 'bad')).toBeUndefined();
    store.close();
  });

  it('throws TypeError showing the received value for invalid arguments', () => {
    expect(() => CheckpointStore.open('')).toThrow(TypeError);
    expect(() => CheckpointStore.open(tempDir(), { readonly: 'yes' as unknown as boolean })).toThrow(/Expected `options.readonly` to be a boolean, got 'yes'/);
    const store = CheckpointStore.open(tempDir());
    expect(() => store.get('c', 42 as unknown as string)).toThrow(/Expected `key` to be a string, got 42/);
    expect(() => store.commit(null as unknown as object)).toThrow(/Expected `step` to be an object \{ put\?, delete\?, cursors\? \}, got null/);
    expect(() => store.commit({ put: { collection: 'c', key: 'k', value: 1 } as unknown as [] })).toThrow(/Expected `step.put` to be an iterable/);
    expect(() => store.commit({ put: [{ collection: 'c', key: 7 as unknown as string, value: 1 }] })).toThrow(/Expected `step.put\[\].key` to be a string, got 7/);
    expect(() => store.entries('c', { limit: -1 })).toThrow(/Expected `options.limit` to be an integer from 0 up, or Infinity, got -1/);
    expect(() => store.entries('c', { limit: 1.5 })).toThrow(TypeError);
    expect(() => store.getMany('c', 'abc' as unknown as string[])).toThrow(/Expected `keys` to be an array of strings/);
    expect(() => CheckpointStore.open(tempDir(), { compactAfter: 0 })).toThrow(/Expected `options.compactAfter` to be an integer from 1 up, got 0/);
    expect(store.count('c')).toBe(0);
    store.close();
  });

  it('throws ERR_CHECKPOINT_CLOSED after close(), also in the middle of an iteration', () => {
    const store = CheckpointStore.open(tempDir());
    store.commit({ put: puts('c', Array.from({ length: 1500 }, (_, i) => `k${String(i).padStart(4, '0')}`)) });
    const iterator = store.entries('c');
    expect(iterator.next().value?.[0]).toBe('k0000');
    store.close();
    store.close(); // idempotent
    for (const run of [() => store.get('c', 'k'), () => store.commit({}), () => store.cursor('x'), () => store.count('c'), () => iterator.next()]) {
      const error = thrown(run) as CheckpointError;
      expect(error.code).toBe('ERR_CHECKPOINT_CLOSED');
      expect(error.hint).toMatch(/open/i);
    }
  });

  it('readonly: needs an existing store, reads it after a clean close, refuses commit()', () => {
    const dir = tempDir();
    const missing = thrown(() => CheckpointStore.open(dir, { readonly: true })) as CheckpointError;
    expect(missing.code).toBe('ERR_CHECKPOINT_NOT_FOUND');
    expect(existsSync(join(dir, 'checkpoint.sqlite'))).toBe(false);

    const writer = CheckpointStore.open(dir);
    writer.commit({ put: puts('c', ['a']), cursors: { n: 1 } });
    writer.close();
    const reader = CheckpointStore.open(dir, { readonly: true });
    const other = CheckpointStore.open(dir, { readonly: true }); // readers do not lock
    expect(reader.get('c', 'a')).toEqual({ key: 'a' });
    expect(other.cursor('n')).toBe(1);
    expect((thrown(() => reader.commit({ cursors: { n: 2 } })) as CheckpointError).code).toBe('ERR_CHECKPOINT_READONLY');
    // A writer can open beside readers.
    const writer2 = CheckpointStore.open(dir);
    writer2.commit({ cursors: { n: 2 } });
    expect(reader.cursor('n')).toBe(2);
    writer2.close();
    reader.close();
    other.close();
  });
});
