import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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

describe('records and cursors', () => {
  it('creates the directory, puts, gets, updates and deletes, keeping counts per collection', () => {
    const dir = join(tempDir(), 'nested', 'state');
    const store = CheckpointStore.open(dir);
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
    const store = CheckpointStore.open(tempDir());
    store.commit({ put: puts('c', ['k']) });
    store.commit({ put: [{ collection: 'c', key: 'k', value: 'new' }], delete: [{ collection: 'c', key: 'k' }] });
    expect(store.get('c', 'k')).toBe('new');
    expect(store.count('c')).toBe(1);
    store.close();
  });

  it('sets, replaces and deletes cursors (undefined deletes), with any JSON value', () => {
    const store = CheckpointStore.open(tempDir());
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
    const store = CheckpointStore.open(dir);
    store.commit({ put: puts('m', ['a', 'b', 'c']), cursors: { n: 3 } });
    store.close();
    // A clean close checkpoints the WAL into the main file and drops the lock record.
    expect(existsSync(join(dir, 'checkpoint.sqlite-wal'))).toBe(false);
    expect(existsSync(join(dir, 'lock.json'))).toBe(false);

    const again = CheckpointStore.open(dir);
    expect(again.staleLock).toBeUndefined();
    expect(again.cursor('n')).toBe(3);
    expect(again.count('m')).toBe(3);
    expect(again.get('m', 'b')).toEqual({ key: 'b' });
    again.close();
  });

  it('getMany returns the present keys only, once each', () => {
    const store = CheckpointStore.open(tempDir());
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
    const store = CheckpointStore.open(tempDir());
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
    const store = CheckpointStore.open(tempDir());
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
    const store = CheckpointStore.open(tempDir());
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
    store.commit({ put: puts('c', ['after']) });
    expect(store.count('c')).toBe(2);
    store.close();
  });

  it('throws TypeError showing the received value for invalid arguments', () => {
    expect(() => CheckpointStore.open('')).toThrow(TypeError);
    expect(() => CheckpointStore.open(tempDir(), { readonly: 'yes' as unknown as boolean })).toThrow(/options.readonly must be a boolean, received 'yes'/);
    const store = CheckpointStore.open(tempDir());
    expect(() => store.get('c', 42 as unknown as string)).toThrow(/key must be a string, received 42/);
    expect(() => store.commit(null as unknown as object)).toThrow(/received null/);
    expect(() => store.commit({ put: { collection: 'c', key: 'k', value: 1 } as unknown as [] })).toThrow(/step.put must be an iterable/);
    expect(() => store.commit({ put: [{ collection: 'c', key: 7 as unknown as string, value: 1 }] })).toThrow(/key must be a string, received 7/);
    expect(() => store.entries('c', { limit: -1 })).toThrow(/limit must be a non-negative integer, received -1/);
    expect(() => store.entries('c', { limit: 1.5 })).toThrow(TypeError);
    expect(() => store.getMany('c', 'abc' as unknown as string[])).toThrow(/keys must be an array/);
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
