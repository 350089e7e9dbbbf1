import { describe, expect, it } from 'vitest';
import { HttpPool, type HttpPoolOptions } from '@registry-miners/http-pool';

describe('HttpPool options', () => {
  const invalid: [HttpPoolOptions, RegExp][] = [
    [{ concurrency: 0 }, /`concurrency`.*integer from 1 up, got 0$/],
    [{ concurrency: 2.5 }, /`concurrency`.*got 2\.5/],
    [{ connectionsPerOrigin: '8' as never }, /`connectionsPerOrigin`.*got '8'$/],
    [{ requestsPerSecond: -1 }, /`requestsPerSecond`.*above 0, got -1/],
    [{ requestsPerSecond: Number.NaN }, /`requestsPerSecond`.*got NaN/],
    [{ headersTimeoutMs: 0 }, /`headersTimeoutMs`.*got 0/],
    [{ bodyTimeoutMs: Infinity }, /`bodyTimeoutMs`.*finite.*got Infinity/],
    [{ maxRetries: -1 }, /`maxRetries`.*from 0 up, got -1/],
    [{ retryBaseDelayMs: null as never }, /`retryBaseDelayMs`.*got null$/],
    [{ retryBaseDelayMs: 500, retryMaxDelayMs: 100 }, /`retryMaxDelayMs`.*at least `retryBaseDelayMs` \(500\), got 100/],
    [{ maxElapsedMs: -5 }, /`maxElapsedMs`.*got -5/],
    [{ userAgent: '' }, /`userAgent`.*got ''$/],
    [{ userAgent: 'evil\r\nx-injected: 1' }, /`userAgent`.*single-line/],
    [{ classify: 'retry' as never }, /`classify`.*function, got 'retry'/],
    [{ concurency: 4 } as never, /Unknown HttpPool option `concurency`/],
  ];

  it.each(invalid)('rejects %o with a TypeError showing the value', (options, message) => {
    expect(() => new HttpPool(options)).toThrow(TypeError);
    expect(() => new HttpPool(options)).toThrow(message);
  });

  it('rejects options that are not an object', () => {
    expect(() => new HttpPool(42 as never)).toThrow(/Expected `options` to be an object of HttpPool options, got 42$/);
  });

  it('accepts valid options, unlimited values included', async () => {
    const pool = new HttpPool({
      userAgent: 'x/1',
      concurrency: 1,
      connectionsPerOrigin: 1,
      requestsPerSecond: 0.5,
      headersTimeoutMs: 1,
      bodyTimeoutMs: 1,
      maxRetries: 0,
      retryBaseDelayMs: 0,
      retryMaxDelayMs: 0,
      maxElapsedMs: Infinity,
      classify: () => undefined,
    });
    expect(pool.stats().concurrencyLimit).toBe(1);
    await pool.close();
  });

  it('rejects invalid get() arguments with a TypeError', async () => {
    const pool = new HttpPool();
    await expect(pool.get('not a url')).rejects.toThrow(/absolute http\(s\) URL, got 'not a url'/);
    await expect(pool.get('ftp://example.org/file')).rejects.toThrow(TypeError);
    await expect(pool.get('http://127.0.0.1/', { signal: 'stop' as never })).rejects.toThrow(/`signal`.*AbortSignal/);
    await expect(pool.get('http://127.0.0.1/', { classify: 1 as never })).rejects.toThrow(/`classify`.*function, got 1/);
    await expect(pool.get('http://127.0.0.1/', { headers: { 'x-bad': 'a\r\nb' } })).rejects.toThrow(TypeError);
    await pool.close();
  });
});
