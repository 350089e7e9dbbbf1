import type { Options } from 'yargs';
import { checkSetting } from '@registry-miners/go-mining';
import type { SettingRange } from '@registry-miners/go-mining';
import { UsageError } from '../errors/UsageError.js';

/** A plain decimal as people type it (`8`, `0.5`, `1e3`); Number() alone would also take '', ' 8', '0x10' and 'Infinity'. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export const USAGE_HINT = 'Run `go-miner --help` for the options and their defaults.';

/**
 * Reads a numeric flag from what the user typed and checks it with the package's own check. Out of range,
 * not a number or not whole: a usage error (exit 2) that shows the text as typed (`got 'abc'`), not what a
 * conversion made of it (NaN).
 */
export function parseNumberFlag(name: string, typed: unknown, range: SettingRange): number {
  const value = typeof typed === 'number' ? typed : typeof typed === 'string' && DECIMAL.test(typed) ? Number(typed) : Number.NaN;
  try {
    checkSetting(`--${name}`, value, range);
    return value;
  } catch {
    // The same check again on what was typed (text: it fails too), so that the message shows it as typed.
  }
  try {
    return checkSetting(`--${name}`, typed, range);
  } catch (error) {
    throw new UsageError((error as Error).message, { hint: USAGE_HINT });
  }
}

/**
 * The yargs spec of a bounded numeric flag: parsed from the typed text by {@link parseNumberFlag}. yargs'
 * own `type: 'number'` would turn `abc` into NaN before we see it. The range is shown in the help.
 */
export function numberOption(name: string, range: SettingRange, spec: Omit<Options, 'type' | 'coerce' | 'requiresArg'>): Options {
  return {
    ...spec,
    describe: `${String(spec.describe ?? '')} (${range.min}–${range.max})`,
    requiresArg: true,
    coerce: (typed: unknown) => parseNumberFlag(name, typed, range),
  };
}
