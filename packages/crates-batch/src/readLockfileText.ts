/** Reads a lockfile named by a batch input, refusing what cannot be a Cargo.lock before reading it. */
import { readFile, stat } from 'node:fs/promises';
import { ResolutionInputError } from './ResolutionInputError.js';

/** The service's body limit: no real Cargo.lock comes near it. */
export const MAX_LOCKFILE_BYTES = 10 * 1024 * 1024;

export async function readLockfileText(path: string, maxBytes = MAX_LOCKFILE_BYTES): Promise<string> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new ResolutionInputError('ERR_LOCKFILE_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'check the "lockfile" path (relative paths are read from the input file\'s directory)',
      cause: error,
    });
  }
  if (size > maxBytes) {
    throw new ResolutionInputError('ERR_LOCKFILE_TOO_LARGE', `${path} is larger than ${maxBytes} bytes: not a Cargo.lock`, { details: { maxBytes } });
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ResolutionInputError('ERR_LOCKFILE_UNREADABLE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}
