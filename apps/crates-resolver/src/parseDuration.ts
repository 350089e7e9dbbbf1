import { CliError, ExitCode } from './CliError.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `90s`, `30m`, `1h` (or a bare number of minutes) into milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) {
    throw new CliError(`${flag} ${JSON.stringify(value)} is not a duration`, {
      exitCode: ExitCode.badInput,
      hint: 'write a number and a unit: 90s, 30m, 1h',
    });
  }
  const unit = (match[2] ?? 'm') as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}
