import { display } from '@registry-miners/utils';
import { CheckpointError } from './CheckpointError.js';
import { CHECKSUM_LENGTH, checksum, hasValidChecksum } from './checksum.js';
import { corruptionHint } from './toCheckpointError.js';

/**
 * The stored text of a value: its checksum (8 hex digits) followed by its JSON text. `what` names it in
 * the error ("record modules/github.com/a/b").
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
    throw new CheckpointError('ERR_CHECKPOINT_VALUE', `The value of ${what()} is ${display(value)}, which JSON cannot represent.`, {
      hint: 'Store null for "no value"; to remove a cursor give it undefined, to remove a record list it in `delete`.',
    });
  }
  return checksum(json) + json;
}

/**
 * Checks a stored text against its checksum and parses its JSON. A mismatch, or text that does not parse,
 * means the file was damaged: ERR_CHECKPOINT_CORRUPT.
 */
export function decodeValue<T>(text: string, what: () => string, dir: string, path: string): T {
  if (!hasValidChecksum(text)) {
    throw new CheckpointError('ERR_CHECKPOINT_CORRUPT', `Checkpoint database ${path}: the stored value of ${what()} does not match its checksum.`, {
      details: { path },
      hint: corruptionHint(dir, path),
    });
  }
  try {
    return JSON.parse(text.slice(CHECKSUM_LENGTH)) as T;
  } catch (cause) {
    throw new CheckpointError('ERR_CHECKPOINT_CORRUPT', `Checkpoint database ${path}: the stored value of ${what()} is not valid JSON.`, {
      cause,
      details: { path },
      hint: corruptionHint(dir, path),
    });
  }
}
