import { describe, expect, it } from 'vitest';
import { copyWords, hashWords, sameWords, viewOf } from '../src/hashCells.js';

describe('word-wise byte helpers', () => {
  it('copies exactly the bytes asked for, at any alignment, and touches nothing around them', () => {
    const from = Buffer.from(Array.from({ length: 64 }, (_, index) => (index * 37 + 11) & 0xff));
    for (let length = 0; length <= 13; length++) {
      for (let start = 0; start < 5; start++) {
        for (let offset = 0; offset < 5; offset++) {
          const to = Buffer.alloc(32, 0xee);
          const end = copyWords(viewOf(from), start + 3, length, viewOf(to.subarray(1)), offset);
          expect(end).toBe(offset + length);
          const expected = Buffer.alloc(32, 0xee);
          from.copy(expected, 1 + offset, start + 3, start + 3 + length);
          expect(to.equals(expected), `length ${length}, start ${start}, offset ${offset}`).toBe(true);
        }
      }
    }
  });

  it('compares bytes at any alignment, finding a difference at any position', () => {
    const text = 'github.com/someone/something-long/v2';
    const a = viewOf(Buffer.from(`x${text}`, 'latin1'));
    for (let length = 0; length <= text.length; length++) {
      const b = Buffer.from(`yyy${text}`, 'latin1');
      expect(sameWords(a, 1, viewOf(b), 3, length)).toBe(true);
      for (let at = 0; at < length; at++) {
        const changed = Buffer.from(b);
        changed[3 + at]! ^= 1;
        expect(sameWords(a, 1, viewOf(changed), 3, length), `length ${length}, byte ${at}`).toBe(false);
      }
    }
  });

  it('hashes the same bytes alike wherever they lie, and spreads similar paths over the low bits', () => {
    const path = 'github.com/kubernetes/kubernetes';
    expect(hashWords(viewOf(Buffer.from(`ab${path}`, 'latin1')), 2, 2 + path.length)).toBe(hashWords(viewOf(Buffer.from(path, 'latin1')), 0, path.length));
    // Paths that differ in one character anywhere (the cell is picked by the low bits of the hash).
    const cells = new Set<number>();
    const count = 4096;
    for (let index = 0; index < count; index++) {
      const bytes = Buffer.from(`github.com/owner-${String(index).padStart(4, '0')}/repo`, 'latin1');
      cells.add(hashWords(viewOf(bytes), 0, bytes.length) & (count - 1));
    }
    // Random hashes fill about 63% of the cells; a hash blind to some bytes fills far fewer.
    expect(cells.size).toBeGreaterThan(0.55 * count);
  });
});
