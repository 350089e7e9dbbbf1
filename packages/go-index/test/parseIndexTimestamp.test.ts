import { describe, expect, it } from 'vitest';
import { formatIndexTimestamp, IndexError, isCanonicalIndexTimestamp, parseIndexTimestamp } from '@registry-miners/go-index';

describe('parseIndexTimestamp', () => {
  it.each([
    ['2019-04-10T19:08:52.997264Z', 1554923332997264n],
    ['2019-04-10T12:08:52.997264-07:00', 1554923332997264n],
    ['2019-04-10T21:08:52.997264+02:00', 1554923332997264n],
    ['2019-04-10T19:08:52.997264000Z', 1554923332997264n],
    ['2022-05-18T04:36:46.00168Z', 1652848606001680n],
    ['2022-05-18T04:36:46.0016Z', 1652848606001600n],
    ['2022-05-18T04:36:46Z', 1652848606000000n],
    ['2022-05-18t04:36:46.5z', 1652848606500000n],
    ['2024-02-29T23:59:59.999999Z', 1709251199999999n],
    ['0001-01-01T00:00:00Z', -62135596800000000n],
  ])('%s is %s µs', (ts, micros) => {
    expect(parseIndexTimestamp(ts)).toBe(micros);
  });

  it('orders trimmed fractions as instants, not as strings', () => {
    const a = '2022-05-18T04:36:46.0016Z';
    const b = '2022-05-18T04:36:46.00168Z';
    expect(b < a).toBe(true); // string order is wrong here
    expect(parseIndexTimestamp(b) > parseIndexTimestamp(a)).toBe(true);
  });

  it.each([
    ['', 'not an RFC 3339'],
    ['2019-04-10 19:08:52Z', 'not an RFC 3339'],
    ['2019-04-10T19:08:52', 'not an RFC 3339'],
    ['2019-04-10T19:08:52.997264 07:00', 'not an RFC 3339'],
    ['2019-13-10T19:08:52Z', 'month 13'],
    ['2023-02-29T00:00:00Z', 'day 29'],
    ['2019-04-10T24:00:00Z', 'hour 24'],
    ['2019-04-10T19:60:00Z', 'minute 60'],
    ['2019-04-10T19:08:60Z', 'second 60'],
    ['2019-04-10T19:08:52.9972641Z', 'sub-microsecond'],
    ['2019-04-10T19:08:52Z+', 'not an RFC 3339'],
  ])('rejects %j', (ts, problem) => {
    let caught: unknown;
    try {
      parseIndexTimestamp(ts);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IndexError);
    expect((caught as IndexError).code).toBe('ERR_INDEX_BAD_TIMESTAMP');
    expect((caught as IndexError).message).toContain(JSON.stringify(ts));
    expect((caught as IndexError).message).toContain(problem);
  });
});

describe('formatIndexTimestamp', () => {
  it.each([
    [1554923332997264n, '2019-04-10T19:08:52.997264Z'],
    [1652848606001680n, '2022-05-18T04:36:46.00168Z'],
    [1652848606000000n, '2022-05-18T04:36:46Z'],
    [1652848606500000n, '2022-05-18T04:36:46.5Z'],
  ])('%s µs is %s and parses back', (micros, ts) => {
    expect(formatIndexTimestamp(micros)).toBe(ts);
    expect(formatIndexTimestamp(Number(micros))).toBe(ts);
    expect(parseIndexTimestamp(ts)).toBe(micros);
  });

  it('writes what Date writes, to the microsecond, across the years a double holds and beyond', () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Whole days, leap days, the epoch's neighbourhood, and random instants of the years 1685–2255 and 0000–9999.
    const instants = [0, -1, 1, 951_782_400_000_000, 951_868_799_999_999, -62_135_596_800_000_000, 253_402_300_799_999_999, 2 ** 53 - 1, -(2 ** 53) + 1];
    for (let index = 0; index < 20_000; index++) instants.push(Math.round((random() * 2 - 1) * 8.9e15), Math.round(random() * 2.5e17) - 6.2e16);
    for (const instant of instants) {
      const micros = BigInt(instant);
      const ms = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
      const date = new Date(Number(ms));
      if (date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) continue;
      const fraction = `${date.toISOString().slice(20, 23)}${String(micros - ms * 1000n).padStart(3, '0')}`.replace(/0+$/, '');
      const expected = `${date.toISOString().slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
      expect(formatIndexTimestamp(micros), String(instant)).toBe(expected);
      expect(parseIndexTimestamp(expected)).toBe(micros);
    }
  });
});

describe('isCanonicalIndexTimestamp', () => {
  it('holds exactly when formatIndexTimestamp writes the timestamp back unchanged', () => {
    const accepted = [
      '2019-04-10T19:08:52.997264Z',
      '2022-05-18T04:36:46.00168Z',
      '2022-05-18T04:36:46Z',
      '2022-05-18T04:36:46.5Z',
      '2019-04-10T12:08:52.997264-07:00',
      '2019-04-10T19:08:52.997264+00:00',
      '2019-04-10T19:08:52.997264z',
      '2019-04-10t19:08:52.997264Z',
      '2019-04-10T19:08:52.9972640Z',
      '2019-04-10T19:08:52.997264000Z',
      '2019-04-10T19:08:52.000Z',
      '2022-05-18T04:36:46.50Z',
      '0099-01-01T00:00:00Z',
    ];
    // Random instants, written canonically and in the variants the index could also send.
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) {
      const micros = BigInt(Math.floor(1_500_000_000_000_000 + random() * 500_000_000_000_000));
      const canonical = formatIndexTimestamp(micros);
      accepted.push(canonical, canonical.replace('Z', '+00:00'), canonical.includes('.') ? canonical.replace('Z', '0Z') : canonical.replace('Z', '.000Z'));
    }
    let canonicalCount = 0;
    for (const ts of accepted) {
      const roundTrips = formatIndexTimestamp(parseIndexTimestamp(ts)) === ts;
      expect([ts, isCanonicalIndexTimestamp(ts)]).toEqual([ts, roundTrips]);
      if (roundTrips) canonicalCount++;
    }
    expect(canonicalCount).toBe(5 + 2000); // the first four, year 0099, and each random instant written canonically
  });
});
