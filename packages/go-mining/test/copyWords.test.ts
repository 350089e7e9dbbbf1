import { describe, expect, it } from 'vitest';
import { copyWords, viewOf } from '../src/hashCells.js';

describe('copyWords', () => {
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
});
