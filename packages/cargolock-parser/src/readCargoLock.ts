import { readFile } from 'node:fs/promises';
import { expectedTypeError } from '@registry-miners/utils';
import type { CargoLock } from './CargoLock.js';
import { CargoLockError } from './CargoLockError.js';
import { parseCargoLock } from './parseCargoLock.js';

const READ_HINTS: Record<string, string> = {
  ENOENT: 'check the path; Cargo writes Cargo.lock next to the workspace Cargo.toml',
  EISDIR: 'pass the Cargo.lock file itself, not its directory',
  EACCES: 'the file is not readable by this user',
};

/**
 * Reads and parses a Cargo.lock file. Errors (reading or parsing) are {@link CargoLockError}s
 * naming `path`.
 *
 * @example
 * const lock = await readCargoLock('project/Cargo.lock');
 */
export async function readCargoLock(path: string): Promise<CargoLock> {
  if (typeof path !== 'string' || path === '') {
    throw expectedTypeError('path', 'a non-empty string', path);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CargoLockError('ERR_CARGOLOCK_READ', {
      file: path,
      problem: `cannot read the lockfile (${code ?? (error as Error).message})`,
      hint: (code && READ_HINTS[code]) ?? undefined,
      cause: error,
    });
  }
  return parseCargoLock(text, { fileName: path });
}
