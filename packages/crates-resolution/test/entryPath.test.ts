import { describe, expect, it } from 'vitest';
import { entryPath } from '../src/index.js';

describe('entryPath', () => {
  it.each([
    ['a', '1/a'],
    ['A', '1/a'],
    ['ab', '2/ab'],
    ['abc', '3/a/abc'],
    ['abcd', 'ab/cd/abcd'],
    ['serde', 'se/rd/serde'],
    ['Serde', 'se/rd/serde'],
    ['SERDE_JSON', 'se/rd/serde_json'],
    ['x-y_z', 'x-/y_/x-y_z'],
    ['_', '1/_'],
    ['-a', '2/-a'],
    ['a_b', '3/a/a_b'],
    ['_ab', '3/_/_ab'],
    ['a-bc', 'a-/bc/a-bc'],
    ['cargo', 'ca/rg/cargo'],
    ['a'.repeat(64), `aa/aa/${'a'.repeat(64)}`],
    ['wasm-bindgen-futures', 'wa/sm/wasm-bindgen-futures'],
  ])('%s → %s', (name, path) => {
    expect(entryPath(name)).toBe(path);
  });

  it('rejects an empty or non-string name with a TypeError showing it', () => {
    expect(() => entryPath('')).toThrow(TypeError);
    expect(() => entryPath(42 as unknown as string)).toThrow(/Expected `name` to be a non-empty crate name, got 42/);
  });
});
