/**
 * Timestamps of the Go module index as integer microseconds since the Unix epoch (exact in a double
 * until the year 2255), formatted the way index.golang.org writes them: RFC 3339 with microsecond
 * precision and trailing zeros trimmed, either in UTC (`Z`) or with a `-07:00` offset.
 */

/** `2019-04-10T19:08:52.997264Z`, the first entry of the real index. */
export const GO_INDEX_EPOCH_US = Date.UTC(2019, 3, 10, 19, 8, 52) * 1000 + 997264;

/** Go 1.19 (2 August 2022): versions cached before it usually have no `Origin`. */
export const GO_ORIGIN_SINCE_US = Date.UTC(2022, 7, 2) * 1000;

const OFFSET_SECONDS = -7 * 3600;

const TWO_DIGITS = Array.from({ length: 100 }, (_, k) => (k < 10 ? '0' : '') + k);
/** '000' … '999'. */
const PADDED_3 = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, '0'));
/** '000' … '999' without trailing zeros ('1' for 100, '12' for 120); unused for 0. */
const TRIMMED_3 = PADDED_3.map((digits) => digits.replace(/0+$/, ''));
/** `YYYY-MM-DDT` per day number (the index spans a few thousand days). */
const dayTexts = new Map<number, string>();
let cachedDay = Number.NaN;
let cachedDayText = '';

/** Formats an instant as the index does; `offset` writes it in `-07:00` instead of `Z`. */
export function formatGoTimestamp(us: number, offset = false): string {
  const seconds = Math.floor(us / 1e6);
  const fraction = us - seconds * 1e6;
  const local = offset ? seconds + OFFSET_SECONDS : seconds;
  const day = Math.floor(local / 86400);
  if (day !== cachedDay) {
    let dayText = dayTexts.get(day);
    if (dayText === undefined) {
      if (dayTexts.size >= 20_000) dayTexts.clear();
      dayText = new Date(day * 86_400_000).toISOString().slice(0, 11);
      dayTexts.set(day, dayText);
    }
    cachedDay = day;
    cachedDayText = dayText;
  }
  const secondOfDay = local - day * 86400;
  const minutes = Math.floor(secondOfDay / 60);
  let text =
    cachedDayText +
    TWO_DIGITS[Math.floor(minutes / 60)] +
    ':' +
    TWO_DIGITS[minutes % 60] +
    ':' +
    TWO_DIGITS[secondOfDay % 60];
  if (fraction !== 0) {
    const high = Math.floor(fraction / 1000);
    const low = fraction - high * 1000;
    text += low === 0 ? '.' + TRIMMED_3[high] : '.' + PADDED_3[high] + TRIMMED_3[low];
  }
  return text + (offset ? '-07:00' : 'Z');
}

/** Formats an instant rounded down to the second, in UTC (the `Time` field of `.info`). */
export function formatGoSeconds(us: number): string {
  return new Date(Math.floor(us / 1e6) * 1000).toISOString().slice(0, 19) + 'Z';
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp (what Go's `time.RFC3339Nano` accepts) into microseconds, rounding a
 * sub-microsecond remainder up, so that `entry >= since` compares correctly on integers.
 * Returns `undefined` when the text is not a valid timestamp.
 */
export function parseGoTimestampCeilUs(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // e.g. 2019-02-30
  date.setUTCHours(hour, minute, second, 0);
  let offsetMinutes = 0;
  if (z === undefined) {
    const offHours = Number(oh);
    const offMinutes = Number(om);
    if (offHours > 23 || offMinutes > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  const epochSeconds = date.getTime() / 1000 - offsetMinutes * 60;
  let micros = 0;
  if (frac !== undefined) {
    const nanos = Number(frac.padEnd(9, '0'));
    micros = Math.ceil(nanos / 1000);
  }
  return epochSeconds * 1e6 + micros;
}
