import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency } from '../src/AdaptiveConcurrency.js';

describe('AdaptiveConcurrency', () => {
  it('halves on a 429 and counts a burst of 429s from the same epoch once', () => {
    const changes: number[] = [];
    const limit = new AdaptiveConcurrency(64, (value) => changes.push(value));
    const epoch = limit.epoch;
    expect(limit.onThrottle(epoch)).toBe(true);
    for (let i = 0; i < 63; i++) expect(limit.onThrottle(epoch)).toBe(false);
    expect(limit.limit).toBe(32);
    expect(changes).toEqual([32]);
  });

  it('halves again for attempts started after the last decrease, down to the minimum', () => {
    const limit = new AdaptiveConcurrency(16, () => {});
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      limit.onThrottle(limit.epoch);
      seen.push(limit.limit);
    }
    expect(seen).toEqual([8, 4, 2, 1, 1, 1]);
  });

  it('recovers additively: about +1 per window of `limit` successes, never above the maximum', () => {
    const changes: number[] = [];
    const limit = new AdaptiveConcurrency(8, (value) => changes.push(value));
    limit.onThrottle(limit.epoch);
    expect(limit.limit).toBe(4);
    let successes = 0;
    while (limit.limit < 8) {
      limit.onSuccess();
      successes++;
    }
    expect(successes).toBe(4 + 5 + 6 + 7);
    expect(changes).toEqual([4, 5, 6, 7, 8]);
    for (let i = 0; i < 100; i++) limit.onSuccess();
    expect(limit.limit).toBe(8);
  });
});
