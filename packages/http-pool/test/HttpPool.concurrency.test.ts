import { describe, expect, it } from 'vitest';
import { HttpPool } from '@registry-miners/http-pool';
import { closedAfterEach, startServer } from './localServer.js';

const open = closedAfterEach();

describe('HttpPool concurrency', () => {
  it('never has more requests in flight than `concurrency`, whatever the connection cap', async () => {
    open.server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 20));
    open.pool = new HttpPool({ concurrency: 3, connectionsPerOrigin: 10 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => open.pool!.get(`${open.server!.url}/${i}`)));
    expect(open.server.requests).toBe(30);
    expect(open.server.maxInFlight).toBe(3);
  });

  it('keeps at most `connectionsPerOrigin` connections to one origin', async () => {
    open.server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 20));
    open.pool = new HttpPool({ concurrency: 10, connectionsPerOrigin: 2 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => open.pool!.get(`${open.server!.url}/${i}`)));
    expect(open.server.connections).toBe(2);
    expect(open.server.maxInFlight).toBe(2);
  });

  it('slows the whole pool down after 429s and speeds up again gradually', async () => {
    const arrivals: { inFlight: number; limit: number }[] = [];
    const throttled = new Set<string>();
    open.server = await startServer((req, res, seen) => {
      // The first attempts of the first 8 requests (all sent at once) meet a throttling server.
      const index = Number(req.url!.slice(1));
      if (index < 8 && !throttled.has(req.url!)) {
        throttled.add(req.url!);
        res.writeHead(429).end('too many requests');
        return;
      }
      arrivals.push({ inFlight: seen.inFlight, limit: open.pool!.stats().concurrencyLimit });
      setTimeout(() => res.end('ok'), 10);
    });
    open.pool = new HttpPool({ concurrency: 8, retryBaseDelayMs: 5 });
    expect(open.pool.stats().concurrencyLimit).toBe(8);

    const responses = await Promise.all(Array.from({ length: 80 }, (_, i) => open.pool!.get(`${open.server!.url}/${i}`)));
    expect(responses.every((res) => res.status === 200)).toBe(true);
    expect(arrivals).toHaveLength(80);

    // The 8 requests in flight when the server started throttling count as one signal: one halving.
    const limits = arrivals.map((arrival) => arrival.limit);
    expect(limits[0]).toBe(4);
    // Recovery is additive and gradual: never a jump, never down again, back to the maximum.
    for (let i = 1; i < limits.length; i++) {
      expect(limits[i]! - limits[i - 1]!).toBeGreaterThanOrEqual(0);
      expect(limits[i]! - limits[i - 1]!).toBeLessThanOrEqual(1);
    }
    expect(limits.at(-1)).toBe(8);
    expect(open.pool.stats().concurrencyLimit).toBe(8);

    // The server sees the slowdown: right after the 429s, at most about half the former concurrency…
    expect(Math.max(...arrivals.slice(0, 8).map((arrival) => arrival.inFlight))).toBeLessThanOrEqual(5);
    // …and the full concurrency again once the limit has recovered.
    expect(Math.max(...arrivals.slice(40, 70).map((arrival) => arrival.inFlight))).toBeGreaterThanOrEqual(7);
    expect(open.pool.stats()).toMatchObject({ retries: 8, statuses: { '200': 80, '429': 8 } });
  });

  it('spreads requests to honour requestsPerSecond', async () => {
    const arrivals: number[] = [];
    open.server = await startServer((_req, res) => {
      arrivals.push(performance.now());
      res.end('ok');
    });
    open.pool = new HttpPool({ requestsPerSecond: 20 });
    await Promise.all(Array.from({ length: 21 }, (_, i) => open.pool!.get(`${open.server!.url}/${i}`)));
    const span = arrivals.at(-1)! - arrivals[0]!;
    expect(span).toBeGreaterThanOrEqual(900);
    expect(span).toBeLessThan(3_000);
    // Spread out, not in bursts: no half-second window holds more than half a second's worth (+1).
    for (let i = 0; i < arrivals.length; i++) {
      const inWindow = arrivals.filter((t) => t >= arrivals[i]! && t < arrivals[i]! + 500).length;
      expect(inWindow).toBeLessThanOrEqual(11);
    }
  });
});
