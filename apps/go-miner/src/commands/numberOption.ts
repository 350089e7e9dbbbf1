import type { Options } from 'yargs';
import { UsageError } from '../errors/UsageError.js';

/** The values a numeric flag accepts. */
export interface NumberRange {
  min: number;
  max: number;
  /** Only whole numbers. */
  integer: boolean;
}

/** A plain decimal as people type it (`8`, `0.5`, `1e3`); Number() alone would also take '', ' 8', '0x10' and 'Infinity'. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export const USAGE_HINT = 'Run `go-miner --help` for the options and their defaults.';

/**
 * Reads a numeric flag from what the user typed. Out of range, not a number or not whole: a usage error
 * (exit 2) that shows the text as typed (`received "abc"`), not what a conversion made of it (NaN).
 */
export function parseNumberFlag(name: string, typed: unknown, range: NumberRange): number {
  const value = typeof typed === 'number' ? typed : typeof typed === 'string' && DECIMAL.test(typed) ? Number(typed) : Number.NaN;
  if (Number.isFinite(value) && value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value))) return value;
  throw new UsageError(`--${name} must be ${describeRange(range)}, received ${JSON.stringify(typed)}`, { hint: USAGE_HINT });
}

export function describeRange(range: NumberRange): string {
  return `${range.integer ? 'a whole number' : 'a number'} from ${range.min.toLocaleString('en-US')} to ${range.max.toLocaleString('en-US')}`;
}

/**
 * The yargs spec of a bounded numeric flag: parsed from the typed text by {@link parseNumberFlag}. yargs'
 * own `type: 'number'` would turn `abc` into NaN before we see it. The range is shown in the help.
 */
export function numberOption(name: string, range: NumberRange, spec: Omit<Options, 'type' | 'coerce' | 'requiresArg'>): Options {
  return {
    ...spec,
    describe: `${String(spec.describe ?? '')} (${range.min}–${range.max})`,
    requiresArg: true,
    coerce: (typed: unknown) => parseNumberFlag(name, typed, range),
  };
}
