import { describe, expect, it } from 'vitest';
import { checkHttpUrl, checkInteger, checkNumber } from '../src/index.js';

describe('checkInteger', () => {
  it('returns an integer within its bounds', () => {
    expect(checkInteger('limit', 1, { min: 1 })).toBe(1);
    expect(checkInteger('limit', 4096, { min: 1, max: 4096 })).toBe(4096);
    expect(checkInteger('offset', -3)).toBe(-3);
  });

  it('rejects what is not an integer within bounds, naming the input and its range', () => {
    expect(() => checkInteger('concurrency', 1e9, { min: 1, max: 4096 })).toThrow(
      new TypeError('Expected `concurrency` to be an integer from 1 to 4096, got 1000000000'),
    );
    expect(() => checkInteger('maxRetries', -1, { min: 0 })).toThrow('Expected `maxRetries` to be an integer from 0 up, got -1');
    expect(() => checkInteger('depth', 11, { max: 10 })).toThrow('Expected `depth` to be an integer up to 10, got 11');
    expect(() => checkInteger('limit', '5')).toThrow("Expected `limit` to be an integer, got '5'");
    expect(() => checkInteger('limit', 1.5)).toThrow(TypeError);
    expect(() => checkInteger('limit', Number.NaN)).toThrow(TypeError);
    expect(() => checkInteger('limit', 2 ** 53)).toThrow(TypeError);
  });
});

describe('checkNumber', () => {
  it('returns a number within its bounds, Infinity only when allowed', () => {
    expect(checkNumber('delayMs', 0.5, { min: 0 })).toBe(0.5);
    expect(checkNumber('maxElapsedMs', Infinity, { min: 1, allowInfinity: true })).toBe(Infinity);
  });

  it('rejects NaN, Infinity and values out of bounds, naming the unit', () => {
    expect(() => checkNumber('bodyTimeoutMs', -1, { min: 1, unit: 'milliseconds' })).toThrow(
      'Expected `bodyTimeoutMs` to be a finite number of milliseconds from 1 up, got -1',
    );
    expect(() => checkNumber('maxElapsedMs', Number.NaN, { allowInfinity: true })).toThrow('Expected `maxElapsedMs` to be a number, got NaN');
    expect(() => checkNumber('ratio', Infinity)).toThrow('Expected `ratio` to be a finite number, got Infinity');
    expect(() => checkNumber('ratio', 2, { min: 0, max: 1 })).toThrow('from 0 to 1, got 2');
    expect(() => checkNumber('ratio', null)).toThrow('got null');
  });
});

describe('checkHttpUrl', () => {
  it('returns a new URL for an absolute http or https URL, given as text or URL', () => {
    expect(checkHttpUrl('indexUrl', 'https://index.golang.org/index').href).toBe('https://index.golang.org/index');
    const given = new URL('http://127.0.0.1:8080/');
    const checked = checkHttpUrl('proxyUrl', given);
    expect(checked.href).toBe(given.href);
    expect(checked).not.toBe(given);
  });

  it('rejects relative URLs, other schemes and non-strings', () => {
    expect(() => checkHttpUrl('indexUrl', 'index.golang.org')).toThrow(
      new TypeError("Expected `indexUrl` to be an absolute http(s) URL, got 'index.golang.org'"),
    );
    expect(() => checkHttpUrl('indexUrl', 'file:///etc/passwd')).toThrow('absolute http(s) URL');
    expect(() => checkHttpUrl('indexUrl', new URL('ftp://example.org/'))).toThrow('absolute http(s) URL');
    expect(() => checkHttpUrl('indexUrl', 42)).toThrow('got 42');
  });
});
