import { expectedTypeError } from './expected.js';

/** Bounds of {@link checkInteger}; both inclusive, both optional. */
export interface IntegerBounds {
  min?: number;
  max?: number;
}

/**
 * `value` as an integer within `min`..`max` (safe integers only), or a `TypeError` in the one message
 * style: ``Expected `concurrency` to be an integer from 1 to 4096, got 1e9``.
 */
export function checkInteger(name: string, value: unknown, { min, max }: IntegerBounds = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw expectedTypeError(name, `an integer${describeRange(min, max)}`, value);
  }
  return value;
}

/** ` from 1 to 10`, ` from 0 up`, ` up to 10`, or nothing. */
export function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` from ${min} up`;
  if (max !== undefined) return ` up to ${max}`;
  return '';
}
