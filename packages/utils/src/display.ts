import { inspect } from 'node:util';

/**
 * A short, one-line rendering of a received value for error messages: strings quoted, long
 * strings and arrays cut, nested objects shallow. Never throws (cycles, getters, BigInt).
 */
export function display(value: unknown): string {
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  return inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 80 });
}
