import { expectedTypeError } from '@registry-miners/utils';

/** Argument assertions of the public methods, in the workspace's one message style (``Expected `key` to be a string, got 42``). */

export function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw expectedTypeError(name, 'a string', value);
}

export function requireIterable(value: unknown, name: string): asserts value is Iterable<unknown> {
  if (typeof value !== 'object' || value === null || typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw expectedTypeError(name, 'an iterable (an array, a Set, a generator...)', value);
  }
}

/** `shape` describes the object expected, for the message: `'{ put?, delete?, cursors? }'`. */
export function requireObject(value: unknown, name: string, shape = ''): asserts value is object {
  if (typeof value !== 'object' || value === null) throw expectedTypeError(name, shape === '' ? 'an object' : `an object ${shape}`, value);
}
