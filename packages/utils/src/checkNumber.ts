import { describeRange } from './checkInteger.js';
import { expectedTypeError } from './expected.js';

/** Constraints of {@link checkNumber}. */
export interface NumberBounds {
  /** Smallest value accepted (inclusive). */
  min?: number;
  /** Largest value accepted (inclusive). */
  max?: number;
  /** Accept `Infinity` (as "no limit"). @default false */
  allowInfinity?: boolean;
  /** What the number counts, for the message: `'milliseconds'` gives "a number of milliseconds". */
  unit?: string;
}

/**
 * `value` as a number (never NaN) within `min`..`max`, or a `TypeError` in the one message style:
 * ``Expected `bodyTimeoutMs` to be a finite number of milliseconds from 1 up, got -1``.
 */
export function checkNumber(name: string, value: unknown, { min, max, allowInfinity = false, unit }: NumberBounds = {}): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    (!allowInfinity && !Number.isFinite(value)) ||
    (min !== undefined && value < min) ||
    (max !== undefined && value > max)
  ) {
    const kind = `${allowInfinity ? 'a' : 'a finite'} number${unit === undefined ? '' : ` of ${unit}`}`;
    throw expectedTypeError(name, `${kind}${describeRange(min, max)}`, value);
  }
  return value;
}
