import { describe, expect, it } from 'vitest';
import { CheckpointStore } from '../src/index.js';
import { useTempDirs } from './helpers/tempDirs.js';

const tempDir = useTempDirs();

const pairs = (keys: string[]): Array<[string, { key: string }]> => keys.map((key) => [key, { key }]);

describe('load(): records in key order straight into the merged table', () => {
  it('writes, counts, reads back in order and after a reopen, and updates keys already there', () => {
    const dir = tempDir();
    const store = CheckpointStore.open(dir);
    store.load({ collection: 'modules', put: pairs(['a', 'b', 'c']), cursors: { after: 'c' } });
    store.load({ collection: 'modules', put: pairs(['d', 'e']), cursors: { after: 'e' } });
    store.load({ collection: 'modules', put: [['b', { key: 'b', v: 2 }], ['z', { key: 'z' }]] });
    expect(store.count('modules')).toBe(6);
    expect(store.get('modules', 'b')).toEqual({ key: 'b', v: 2 });
    expect([...store.entries('modules')].map(([key]) => key)).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
    expect(store.cursor('after')).toBe('e');
    store.close();
    const again = CheckpointStore.open(dir);
    expect(again.count('modules')).toBe(6);
    expect(again.getMany('modules', ['e', 'a', 'q'])).toEqual(new Map([['e', { key: 'e' }], ['a', { key: 'a' }]]));
    again.close();
  });

  it('loads many records per statement, and still updates and counts right where some keys are there', () => {
    const store = CheckpointStore.open(tempDir());
    const key = (n: number): string => `k${String(n).padStart(3, '0')}`;
    // Every third of 0…99 first: then sets of 16 rows that are all new, sets mixing new and old keys, and a tail.
    store.load({ collection: 'modules', put: pairs(Array.from({ length: 34 }, (_, n) => key(3 * n))) });
    store.load({ collection: 'modules', put: Array.from({ length: 120 }, (_, n): [string, { n: number }] => [key(n), { n }]) });
    expect(store.count('modules')).toBe(120);
    expect([...store.entries('modules')]).toEqual(Array.from({ length: 120 }, (_, n) => [key(n), { n }]));
    store.close();
  });

  it('merges the journal first, so a journaled change never hides a loaded record', () => {
    const store = CheckpointStore.open(tempDir());
    store.commit({ put: [{ collection: 'modules', key: 'b', value: 'old' }, { collection: 'other', key: 'x', value: 1 }], delete: [] });
    store.load({ collection: 'modules', put: [['a', 'new'], ['b', 'new']] });
    expect(store.get('modules', 'b')).toBe('new');
    expect(store.get('other', 'x')).toBe(1);
    expect(store.count('modules')).toBe(2);
    store.close();
  });

  it('refuses keys out of order and writes nothing of that step', () => {
    const store = CheckpointStore.open(tempDir());
    expect(() => store.load({ collection: 'modules', put: pairs(['a', 'c', 'b']), cursors: { after: 'b' } })).toThrow(
      /Expected `step.put` to be in strictly ascending key order, got 'b' after 'c'/,
    );
    expect(() => store.load({ collection: 'modules', put: pairs(['a', 'a']) })).toThrow(TypeError);
    expect(store.count('modules')).toBe(0);
    expect(store.cursor('after')).toBeUndefined();
    expect(() => store.load({ collection: 'modules', put: [['a', undefined]] })).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_VALUE' }));
    store.close();
  });

  it('is seen by a readonly reader beside the writer, and refused on a readonly store', () => {
    const dir = tempDir();
    const writer = CheckpointStore.open(dir);
    writer.commit({ cursors: { ready: true } });
    const reader = CheckpointStore.open(dir, { readonly: true });
    writer.load({ collection: 'modules', put: pairs(['a', 'b']) });
    expect(reader.count('modules')).toBe(2);
    expect([...reader.entries('modules')].map(([key]) => key)).toEqual(['a', 'b']);
    expect(() => reader.load({ collection: 'modules', put: [] })).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_READONLY' }));
    reader.close();
    writer.close();
  });
});
