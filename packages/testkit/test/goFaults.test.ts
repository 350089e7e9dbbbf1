import { describe, expect, it } from 'vitest';
import { startFakeGoRegistry, SyntheticGoDataset, type FakeGoRegistry, type FakeGoRegistryOptions } from '../src/index.js';
import { escapeCase } from './goReferenceClient.js';

const dataset = new SyntheticGoDataset({ entries: 6_000, modules: 600, seed: 11 });

async function withRegistry<T>(options: Omit<FakeGoRegistryOptions, 'dataset'>, run: (registry: FakeGoRegistry) => Promise<T>): Promise<T> {
  const registry = await startFakeGoRegistry({ dataset, ...options });
  try {
    return await run(registry);
  } finally {
    await registry.close();
  }
}

/** Outcome of one attempt: the status, or what went wrong on the wire. */
async function attempt(url: string, timeoutMs = 5_000): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { 'disable-module-fetch': 'true' } });
    const body = await res.text();
    return res.status === 404 && body.includes('fetch timed out') ? '404-fetch-timed-out' : String(res.status);
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timeout' : 'reset';
  }
}

function infoUrls(registry: FakeGoRegistry, count: number): string[] {
  return [...dataset.modulesInOrder()].slice(0, count).map((m) => {
    const version = dataset.versionOfEntry(dataset.newestEntryOf(m));
    return `${registry.proxyUrl}/${escapeCase(dataset.modulePath(m))}/@v/${escapeCase(version)}.info`;
  });
}

const mixed = { serverErrorRate: 0.1, tooManyRequestsRate: 0.1, retryAfterSeconds: 0, resetRate: 0.1, fetchTimedOutRate: 0.1 };

describe('fault injection', () => {
  it('is deterministic: the same requests fail the same way on two servers', async () => {
    const outcomes = () =>
      withRegistry({ faults: mixed }, async (registry) => {
        const out: string[] = [];
        for (const url of infoUrls(registry, 60)) for (let k = 0; k < 2; k++) out.push(await attempt(url));
        return out;
      });
    const first = await outcomes();
    const second = await outcomes();
    expect(second).toEqual(first);
    const faulted = first.filter((s) => ['reset', '429', '500', '502', '503', '404-fetch-timed-out'].includes(s));
    expect(faulted.length).toBeGreaterThan(10);
    expect(new Set(faulted).size).toBeGreaterThanOrEqual(4);
  });

  it('fails a URL at most maxFaultsPerUrl times, then answers normally', async () => {
    await withRegistry({ faults: { serverErrorRate: 1, maxFaultsPerUrl: 3 } }, async (registry) => {
      const [url] = infoUrls(registry, 1);
      const outcomes = [];
      for (let k = 0; k < 5; k++) outcomes.push(await attempt(url!));
      expect(outcomes.slice(0, 3).every((s) => ['500', '502', '503'].includes(s))).toBe(true);
      expect(outcomes.slice(3)).toEqual(['200', '200']);
      expect(registry.stats().faults.serverError).toBe(3);
    });
  });

  it('sends 429 with Retry-After, and 404 "not found: fetch timed out" on the proxy only', async () => {
    await withRegistry({ faults: { tooManyRequestsRate: 1, retryAfterSeconds: 7, maxFaultsPerUrl: 1 } }, async (registry) => {
      const res = await fetch(`${registry.indexUrl}?limit=1`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      await res.text();
    });
    await withRegistry({ faults: { fetchTimedOutRate: 1, maxFaultsPerUrl: 1 } }, async (registry) => {
      const [url] = infoUrls(registry, 1);
      const res = await fetch(url!);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('not found: fetch timed out\n');
      expect(await attempt(url!)).toBe('200');
      expect((await fetch(`${registry.indexUrl}?limit=1`)).status).toBe(200);
    });
  });

  it('resets the connection mid-body, on the index too', async () => {
    await withRegistry({ indexFaults: { resetRate: 1, maxFaultsPerUrl: 2 } }, async (registry) => {
      const url = `${registry.indexUrl}?limit=2000`;
      const res = await fetch(url);
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
      expect(await attempt(url)).toBe('reset');
      expect(await attempt(url)).toBe('200');
      expect(registry.stats().faults.reset).toBe(2);
    });
  });

  it('hangs until the client gives up, and close() drops hanging connections', async () => {
    const registry = await startFakeGoRegistry({ dataset, faults: { hangRate: 1, maxFaultsPerUrl: 1 } });
    const [url] = infoUrls(registry, 2);
    expect(await attempt(url!, 300)).toBe('timeout');
    expect(await attempt(url!, 5_000)).toBe('200');
    const pending = attempt(infoUrls(registry, 2)[1]!, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(registry.stats().inFlight).toBe(1);
    await registry.close();
    expect(await pending).toBe('reset');
    expect(registry.stats().faults.hang).toBe(2);
  });

  it('runs rate-limit bursts: every request 429 for a while after every N requests', async () => {
    await withRegistry({ faults: { rateLimitBurst: { everyRequests: 5, durationMs: 60_000 }, retryAfterSeconds: 2, maxFaultsPerUrl: 1 } }, async (registry) => {
      const urls = infoUrls(registry, 8);
      const outcomes = [];
      for (const url of urls.slice(0, 6)) outcomes.push(await attempt(url));
      expect(outcomes.slice(0, 4).every((s) => s !== '429')).toBe(true);
      expect(outcomes.slice(4)).toEqual(['429', '429']);
      expect(await attempt(urls[4]!)).not.toBe('429'); // that URL already failed once
    });
  });

  it('delays answers by the configured latency, showing the client concurrency in stats', async () => {
    await withRegistry({ latencyMs: 5, proxyLatencyMs: 300 }, async (registry) => {
      const urls = infoUrls(registry, 4);
      const started = performance.now();
      const outcomes = await Promise.all(urls.map((url) => attempt(url)));
      expect(outcomes).not.toContain('timeout');
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      const stats = registry.stats();
      expect(stats.maxInFlight).toBe(4);
      expect(stats.maxConnections).toBe(4);
      expect(stats.inFlight).toBe(0);
    });
  });

  it('rejects invalid fault and server options with a TypeError', async () => {
    await expect(startFakeGoRegistry({ dataset, faults: { serverErrorRate: 2 } })).rejects.toThrow(/serverErrorRate.*got 2/);
    await expect(startFakeGoRegistry({ dataset, faults: { serverErrorRate: 0.6, resetRate: 0.6 } })).rejects.toThrow(TypeError);
    await expect(startFakeGoRegistry({ dataset, pageLimit: 5000 })).rejects.toThrow(/pageLimit.*got 5000/);
    await expect(startFakeGoRegistry({ dataset, latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });
});
