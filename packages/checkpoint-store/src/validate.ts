import { inspect } from 'node:util';

/** A short rendering of a received argument for a TypeError message. */
export function received(value: unknown): string {
  return inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 80 });
}

export function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, received ${received(value)}`);
}

export function requireIterable(value: unknown, name: string): asserts value is Iterable<unknown> {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`${name} must be an iterable (an array, a Set, a generator...), received ${received(value)}`);
  }
}
