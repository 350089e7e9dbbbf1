import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../src/retryDelay.js';

describe('backoffDelay', () => {
  it('doubles per retry, with jitter in the upper half', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(2, 100, 10_000, () => 1)).toBe(200);
    expect(backoffDelay(4, 100, 10_000, () => 0.5)).toBe(600);
  });

  it('is capped by the maximum, even for huge retry counts', () => {
    expect(backoffDelay(10, 100, 1_000, () => 1)).toBe(1_000);
    expect(backoffDelay(5_000, 100, 1_000, () => 0)).toBe(500);
  });

  it('spreads delays randomly', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, 100, 10_000)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter(['2', '9'], now)).toBe(2_000);
  });

  it('reads HTTP dates, past dates meaning now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
