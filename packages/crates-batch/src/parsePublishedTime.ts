import { ResolutionInputError } from './ResolutionInputError.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses a publish time (a CLI flag, a form field, a batch line's `published`; `flag` names it in
 * the error) as RFC 3339 time with an explicit offset. A time without an offset is refused rather than
 * read in the machine's zone: the answer of a search depends on the exact instant. So is an
 * impossible one (`2020-02-30`, `24:00:00`, offset `+25:00`), which `Date` would quietly roll over.
 */
export function parsePublishedTime(value: string, flag = '--published'): Date {
  const match = RFC3339.exec(value);
  const time = match && isRealTime(match) ? new Date(value.replace(' ', 'T')) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) {
    throw new ResolutionInputError('ERR_BAD_PUBLISHED_TIME', `${flag} ${JSON.stringify(value)} is not ${match ? 'a real date and time' : 'an RFC 3339 time'}`, {
      hint: 'give a date, a time and an offset, e.g. 2020-04-23T03:35:52+02:00 or 2020-04-23T01:35:52Z',
    });
  }
  return time;
}

/** Every field within its calendar range: the day exists in that month, hours 0–23, and so on. */
function isRealTime(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[8] === undefined || (Number(match[8]) <= 23 && Number(match[9]) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}
