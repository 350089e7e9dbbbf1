import { expectedMessage } from '@registry-miners/utils';
import { CliError } from './CliError.js';

/**
 * Reads a whole-number flag as typed (yargs would turn `abc` into NaN and `-1` into a flag), within
 * bounds, given once. Used as a yargs `coerce`, so a bad value stops the command before any work.
 */
export function parseIntegerFlag(flag: string, value: unknown, min: number, max: number): number {
  const hint = `give ${flag} a whole number from ${min} to ${max}`;
  if (Array.isArray(value)) {
    throw new CliError('ERR_BAD_INPUT', `${flag} is given ${value.length} times (${value.map((item) => JSON.stringify(String(item))).join(', ')})`, { hint: `give ${flag} once` });
  }
  const text = String(value).trim();
  const number = /^\+?\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    // The workspace's one wording for a bad value (as go-miner's flags say it).
    throw new CliError('ERR_BAD_INPUT', expectedMessage(flag, `a whole number from ${min} to ${max}`, String(value)), { hint });
  }
  return number;
}

/**
 * A yargs middleware that replaces each named flag's text with its number (dashed and camelCase
 * keys alike). Not a `coerce`: yargs rewraps coerce errors as plain errors, losing the hint and the
 * exit code.
 */
export function integerFlags(bounds: Record<string, readonly [min: number, max: number]>): (argv: Record<string, unknown>) => void {
  return (argv) => {
    for (const [name, [min, max]] of Object.entries(bounds)) {
      if (argv[name] === undefined) continue;
      const value = parseIntegerFlag(`--${name}`, argv[name], min, max);
      argv[name] = value;
      argv[name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
    }
  };
}
