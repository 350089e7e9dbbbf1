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
  const bytes = Buffer.from(ts, 'utf8');
  const micros = timestampMicros(bytes, 0, bytes.length);
  return micros === undefined ? parseWithRegExp(ts) : BigInt(micros);
}

/** Digit value of `bytes[index]`, or -1. */
function digit(bytes: Uint8Array, index: number): number {
  const code = bytes[index]! - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

function twoDigits(bytes: Uint8Array, index: number): number {
  const tens = digit(bytes, index);
  const ones = digit(bytes, index + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

/**
 * The hot path of {@link parseIndexTimestamp} (once per run of index entries sharing a timestamp), on the
 * bytes `bytes[start, end)` where an index response holds them: reads
 * `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±hh:mm)` and returns the instant in microseconds as a number. Returns
 * `undefined` for anything unusual, and for instants a double cannot hold exactly (beyond the years
 * 1685–2255): {@link parseIndexTimestamp} then parses the text or rejects it with a precise message.
 */
export function timestampMicros(bytes: Uint8Array, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 20 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45 || bytes[start + 10] !== 84 || bytes[start + 13] !== 58 || bytes[start + 16] !== 58) {
    return undefined;
  }
  const century = twoDigits(bytes, start);
  const yy = twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  const hour = twoDigits(bytes, start + 11);
  const minute = twoDigits(bytes, start + 14);
  const second = twoDigits(bytes, start + 17);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let index = start + 19;
  let micros = 0;
  if (bytes[index] === 46) {
    index++;
    const fractionStart = index;
    let scale = 100_000;
    for (; index < end; index++) {
      const value = digit(bytes, index);
      if (value < 0) break;
      if (index - fractionStart >= 6) {
        if (value !== 0) return undefined; // sub-microsecond: the slow path explains
      } else {
        micros += value * scale;
        scale /= 10;
      }
    }
    const digits = index - fractionStart;
    if (digits === 0 || digits > 9) return undefined;
  }
  let offsetMinutes = 0;
  const zone = bytes[index];
  if (zone === 90 && index + 1 === end) {
    // Z
  } else if ((zone === 43 || zone === 45) && index + 6 === end && bytes[index + 3] === 58) {
    const offsetHours = twoDigits(bytes, index + 1);
    const offsetMins = twoDigits(bytes, index + 4);
    if (offsetHours < 0 || offsetMins < 0 || offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (zone === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
  } else {
    return undefined;
  }
  const year = century * 100 + yy;
  if (year < 100 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || day < 1) return undefined;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  const epochSeconds = daysSinceEpoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  // Exact in a double within about 285 years of 1970 (2^53 µs); the slow path's BigInt arithmetic beyond.
  return epochSeconds > -9e9 && epochSeconds < 9e9 ? epochSeconds * 1_000_000 + micros : undefined;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date, in integer arithmetic: years counted from
 * March (so the leap day ends a year), in 400-year cycles of 146097 days.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const cycle = Math.floor(y / 400);
  const yearOfCycle = y - cycle * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfCycle = yearOfCycle * 365 + Math.floor(yearOfCycle / 4) - Math.floor(yearOfCycle / 100) + dayOfYear;
  return cycle * 146_097 + dayOfCycle - 719_468;
}

function parseWithRegExp(ts: string): bigint {
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
 * zeros of the fraction trimmed, e.g. `2022-05-18T04:36:46.00168Z`. Instants a double holds exactly
 * (the years 1685–2255) are written with integer arithmetic, once per module by go-mining's merge;
 * others through `Date`.
 */
export function formatIndexTimestamp(micros: bigint | number): string {
  const value = Number(micros);
  if (Number.isSafeInteger(value)) return formatSafeMicros(value);
  if (typeof micros === 'number') throw new RangeError(`Instant ${micros} µs is not an integer a double holds exactly: pass a bigint`);
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

/** {@link formatIndexTimestamp} of a safe integer: the civil date of its day (400-year cycles from March, as daysSinceEpoch). */
function formatSafeMicros(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  let fraction = micros - seconds * 1_000_000;
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  const shifted = days + 719_468;
  const cycle = Math.floor(shifted / 146_097);
  const dayOfCycle = shifted - cycle * 146_097;
  const yearOfCycle = Math.floor((dayOfCycle - Math.floor(dayOfCycle / 1460) + Math.floor(dayOfCycle / 36_524) - Math.floor(dayOfCycle / 146_096)) / 365);
  const dayOfYear = dayOfCycle - (365 * yearOfCycle + Math.floor(yearOfCycle / 4) - Math.floor(yearOfCycle / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfCycle + cycle * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay - hour * 3600) / 60);
  const second = secondOfDay - hour * 3600 - minute * 60;
  let text = `${String(year).padStart(4, '0')}-${twoDigitText(month)}-${twoDigitText(day)}T${twoDigitText(hour)}:${twoDigitText(minute)}:${twoDigitText(second)}`;
  if (fraction === 0) return `${text}Z`;
  let digits = 6;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  text += `.${String(fraction).padStart(digits, '0')}Z`;
  return text;
}

function twoDigitText(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Character codes of the separators of `YYYY-MM-DDTHH:MM:SS` by position (0 where a digit goes). */
const LAYOUT = [0, 0, 0, 0, 45, 0, 0, 45, 0, 0, 84, 0, 0, 58, 0, 0, 58, 0, 0];

/**
 * Whether a timestamp that {@link parseIndexTimestamp} accepted is exactly what
 * {@link formatIndexTimestamp} writes for its instant (UTC, `Z`, `T`, no trailing zero in the fraction,
 * as the index writes them), checked by characters without formatting anything: who stores many
 * timestamps can then keep only the instant and write the text again when needed.
 */
export function isCanonicalIndexTimestamp(timestamp: string): boolean {
  const bytes = Buffer.from(timestamp, 'utf8');
  return isCanonicalTimestampBytes(bytes, 0, bytes.length);
}

/** {@link isCanonicalIndexTimestamp} for the bytes `bytes[start, end)` (an index response, checked where it lies). */
export function isCanonicalTimestampBytes(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length < 20 || length === 21 || length > 27 || bytes[end - 1] !== 90) return false;
  for (let index = 0; index < 19; index++) {
    const code = bytes[start + index]!;
    if (LAYOUT[index] === 0 ? code < 48 || code > 57 : code !== LAYOUT[index]) return false;
  }
  if (bytes[start + 17]! > 53) return false; // a leap second (:60) is written as :00 of the next minute
  if (length === 20) return true;
  if (bytes[start + 19] !== 46 || bytes[end - 2] === 48) return false;
  for (let index = start + 20; index < end - 1; index++) {
    const code = bytes[index]!;
    if (code < 48 || code > 57) return false;
  }
  return true;
}
