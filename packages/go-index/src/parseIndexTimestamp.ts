import { IndexError } from './IndexError.js';

// RFC 3339 as Go's time.RFC3339Nano writes it: optional fraction (trailing zeros trimmed), `Z` or `±hh:mm`.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function bad(value: string, problem: string): IndexError {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return new IndexError('ERR_INDEX_BAD_TIMESTAMP', `Invalid index timestamp ${JSON.stringify(shown)}: ${problem}`, {
    hint: 'Index timestamps look like 2019-04-10T19:08:52.997264Z or 2019-04-10T12:08:52.997264-07:00.',
  });
}

/**
 * Parses an index timestamp (RFC 3339, as `index.golang.org` writes it: up to microsecond precision,
 * trailing zeros trimmed, `Z` or a numeric offset) into the instant it names, in microseconds since
 * the Unix epoch. Compare timestamps with this, never as strings:
 * `2019-04-10T12:08:52.997264-07:00` and `2019-04-10T19:08:52.997264Z` are the same instant, and
 * `…46.00168Z` sorts after `…46.001Z` as a string but is later only by coincidence.
 *
 * Fractions of up to nine digits are accepted as long as the digits beyond the sixth are zeros
 * (the index has microsecond precision).
 *
 * @throws IndexError `ERR_INDEX_BAD_TIMESTAMP` naming the value
 * @example
 * ```ts
 * parseIndexTimestamp('2019-04-10T19:08:52.997264Z'); // 1554923332997264n
 * ```
 */
export function parseIndexTimestamp(ts: string): bigint {
  if (typeof ts !== 'string') throw bad(String(ts), `expected a string, received ${typeof ts}`);
  const match = RFC3339.exec(ts);
  if (match === null) throw bad(ts, 'not an RFC 3339 date-time');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  const fraction = match[7] ?? '';
  if (month < 1 || month > 12) throw bad(ts, `month ${match[2]} out of range`);
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > monthDays) throw bad(ts, `day ${match[3]} out of range`);
  if (hour > 23) throw bad(ts, `hour ${match[4]} out of range`);
  if (minute > 59) throw bad(ts, `minute ${match[5]} out of range`);
  if (second > 59) throw bad(ts, `second ${match[6]} out of range`);
  let offsetMinutes = 0;
  if (match[8] !== undefined) {
    const offsetHours = Number(match[9]);
    const offsetMins = Number(match[10]);
    if (offsetHours > 23 || offsetMins > 59) throw bad(ts, `offset ${match[8]}${match[9]}:${match[10]} out of range`);
    offsetMinutes = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  if (fraction.length > 6 && !/^0+$/.test(fraction.slice(6))) throw bad(ts, 'sub-microsecond precision is not supported');
  const micros = fraction === '' ? 0 : Number(fraction.slice(0, 6).padEnd(6, '0'));

  let epochMs: number;
  if (year >= 100) {
    epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  } else {
    // Date.UTC maps years 0-99 to 1900-1999.
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, 0);
    epochMs = date.getTime();
  }
  return BigInt(epochMs) * 1000n + BigInt(micros - offsetMinutes * 60_000_000);
}

/**
 * Writes an instant (microseconds since the epoch) as an index-style timestamp: UTC, `Z`, trailing
 * zeros of the fraction trimmed, e.g. `2022-05-18T04:36:46.00168Z`.
 */
export function formatIndexTimestamp(micros: bigint): string {
  const ms = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const subMs = Number(micros - ms * 1000n);
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
    throw new RangeError(`Instant ${micros} µs is outside the years 0000-9999`);
  }
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = (iso.slice(20, 23) + String(subMs).padStart(3, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}
