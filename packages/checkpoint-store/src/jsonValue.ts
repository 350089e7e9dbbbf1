import { CheckpointError } from './CheckpointError.js';
import { corruptionHint } from './toCheckpointError.js';

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return String(value);
}

/**
 * JSON text of a value to store. `what` names it in the error ("record modules/github.com/a/b").
 * Throws ERR_CHECKPOINT_VALUE for what JSON cannot hold: undefined, a function, a symbol, a BigInt, a cycle.
 */
export function encodeValue(value: unknown, what: () => string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new CheckpointError(
      'ERR_CHECKPOINT_VALUE',
      `The value of ${what()} is not JSON-serialisable: ${(cause as Error).message}`,
      { cause, hint: 'Store plain data: objects, arrays, strings, finite numbers, booleans, null (convert a BigInt to a string).' },
    );
  }
  if (json === undefined) {
    throw new CheckpointError('ERR_CHECKPOINT_VALUE', `The value of ${what()} is ${describe(value)}, which JSON cannot represent.`, {
      hint: 'Store null for "no value"; to remove a cursor give it undefined, to remove a record list it in `delete`.',
    });
  }
  return json;
}

/** Parses stored JSON text; text that does not parse means the file was damaged: ERR_CHECKPOINT_CORRUPT. */
export function decodeValue<T>(text: string, what: () => string, dir: string, path: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new CheckpointError('ERR_CHECKPOINT_CORRUPT', `Checkpoint database ${path}: the stored value of ${what()} is not valid JSON.`, {
      cause,
      path,
      hint: corruptionHint(dir, path),
    });
  }
}
