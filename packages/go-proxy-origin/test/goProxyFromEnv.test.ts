import { display } from '@registry-miners/utils';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXY_URL, GoProxyError, goProxyClassifier, goProxyFromEnv, normaliseProxyUrl } from '@registry-miners/go-proxy-origin';

/** The GoProxyError that goProxyFromEnv throws for `GOPROXY=value`. */
function thrownBy(value: string): GoProxyError {
  try {
    goProxyFromEnv({ GOPROXY: value });
  } catch (error) {
    expect(error).toBeInstanceOf(GoProxyError);
    return error as GoProxyError;
  }
  throw new Error(`GOPROXY=${value} did not throw`);
}

describe('goProxyFromEnv', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'https://proxy.golang.org'],
    ['', 'https://proxy.golang.org'],
    ['https://goproxy.io', 'https://goproxy.io'],
    ['https://goproxy.io/', 'https://goproxy.io'],
    ['https://proxy.golang.org,direct', 'https://proxy.golang.org'],
    ['https://a.example|https://b.example', 'https://a.example'],
    ['https://a.example,off', 'https://a.example'],
    [' https://a.example/ , direct', 'https://a.example'],
    [',,https://a.example', 'https://a.example'],
    ['https://proxy.golang.org/cached-only/', 'https://proxy.golang.org/cached-only'],
    ['http://127.0.0.1:3000//', 'http://127.0.0.1:3000'],
  ])('GOPROXY=%j → %s, silently', (value, expected) => {
    expect(goProxyFromEnv(value === undefined ? {} : { GOPROXY: value })).toEqual({ url: expected });
  });

  it.each<[string, string]>([
    ['direct', 'https://proxy.golang.org'],
    ['direct,https://corp.example/go/', 'https://corp.example/go'],
    ['direct|https://b.example', 'https://b.example'],
  ])('GOPROXY=%j → %s with a warning that direct is not supported', (value, expected) => {
    const setting = goProxyFromEnv({ GOPROXY: value });
    expect(setting.url).toBe(expected);
    expect(setting.warning).toContain(`GOPROXY=${display(value)}`);
    expect(setting.warning).toMatch(/not supported/);
    expect(setting.warning).toContain(`using ${expected}`);
  });

  it.each(['off', 'off|https://b.example', 'direct,off', ' off '])('refuses GOPROXY=%j: downloads are off', (value) => {
    const caught = thrownBy(value);
    expect(caught.code).toBe('ERR_GOPROXY_OFF');
    expect(caught.message).toContain(`GOPROXY=${display(value)} turns module downloads off`);
    expect(caught.hint).toMatch(/Unset GOPROXY/);
    expect(caught.message).not.toContain('Unset GOPROXY');
  });

  it('defaults to the public proxy', () => {
    expect(DEFAULT_PROXY_URL).toBe('https://proxy.golang.org');
  });

  it.each(['proxy.example.com', 'file:///srv/goproxy', 'ftp://x.example'])('rejects GOPROXY=%j naming it', (value) => {
    const caught = thrownBy(value);
    expect(caught.code).toBe('ERR_GOPROXY_INVALID_URL');
    expect(caught.message).toContain(display(value));
  });

  it('normalises an explicit URL the same way', () => {
    expect(normaliseProxyUrl('https://proxy.example/')).toBe('https://proxy.example');
    expect(() => normaliseProxyUrl('not a url')).toThrow("'not a url' is not an absolute http(s) URL");
  });
});

describe('goProxyClassifier', () => {
  const res = (status: number, body: string) => ({ url: 'http://x/m/@latest', status, headers: {}, body: Buffer.from(body) });
  it.each<[number, string, string | undefined]>([
    [404, 'not found: github.com/x/y@v1.0.0: fetch timed out', 'retry'],
    [410, 'gone: fetch timed out', 'retry'],
    [404, 'not found: module github.com/x/y: no matching versions', undefined],
    [410, 'not found: unknown revision', undefined],
    [400, 'bad request: invalid escaped module path', undefined],
    [200, '{"Version":"v1.0.0"}', undefined],
    [503, 'fetch timed out', undefined],
  ])('%i %j → %s', (status, body, verdict) => {
    expect(goProxyClassifier(res(status, body))).toBe(verdict);
  });
});
