import { CliError } from './CliError.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const MAX_MS = 30 * 24 * 3_600_000;

/** Parses `90s`, `30m`, `1h` (or a bare number of minutes) into milliseconds, at most 30 days. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h)?$/.exec(value.trim());
  const unit = (match?.[2] ?? 'm') as keyof typeof UNIT_MS;
  const ms = match ? Number(match[1]) * UNIT_MS[unit] : Number.NaN;
  if (!(ms <= MAX_MS)) {
    throw new CliError('ERR_BAD_INPUT', `${flag} ${JSON.stringify(value)} is ${match ? 'longer than 30 days' : 'not a duration'}`, {
      hint: 'write a number and a unit: 90s, 30m, 1h',
    });
  }
  return ms;
}
