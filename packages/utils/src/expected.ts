import { display } from './display.js';

/**
 * The one message style for a bad argument or option:
 * ``Expected `concurrency` to be an integer from 1 to 4096, got 1e9``.
 */
export function expectedMessage(name: string, expectation: string, value: unknown): string {
  return `Expected \`${name}\` to be ${expectation}, got ${display(value)}`;
}

/** A `TypeError` in {@link expectedMessage}'s style, for invalid arguments of a public API. */
export function expectedTypeError(name: string, expectation: string, value: unknown): TypeError {
  return new TypeError(expectedMessage(name, expectation, value));
}
