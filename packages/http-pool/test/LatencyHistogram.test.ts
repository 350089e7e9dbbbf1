import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../src/LatencyHistogram.js';

describe('LatencyHistogram', () => {
  it('gives percentiles within 4 % of the exact values', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) histogram.record(ms);
    const { p50, p90, p99, max } = histogram.snapshot();
    expect(p50 / 500).toBeGreaterThanOrEqual(1);
    expect(p50 / 500).toBeLessThan(1.04);
    expect(p90 / 900).toBeGreaterThanOrEqual(1);
    expect(p90 / 900).toBeLessThan(1.04);
    expect(p99 / 990).toBeGreaterThanOrEqual(1);
    expect(p99 / 990).toBeLessThan(1.04);
    expect(max).toBe(1000);
  });

  it('handles sub-millisecond, huge and empty cases', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.snapshot()).toEqual({ p50: 0, p90: 0, p99: 0, max: 0 });
    histogram.record(0);
    histogram.record(0.2);
    histogram.record(10 * 3_600_000);
    expect(histogram.percentile(1)).toBe(0.01);
    expect(histogram.percentile(60)).toBeCloseTo(0.2, 1);
    expect(histogram.percentile(100)).toBe(36_000_000);
  });

  it('uses fixed memory however many values it records', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 1_000_000; i++) histogram.record((i % 5000) / 10);
    expect(histogram.count).toBe(1_000_000);
    expect(LatencyHistogram.bucketCount).toBeLessThan(600);
    const { p50 } = histogram.snapshot();
    expect(p50).toBeGreaterThan(240);
    expect(p50).toBeLessThan(260);
  });
});
