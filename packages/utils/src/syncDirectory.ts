import { closeSync, fstatSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * fsyncs a directory so that entries just created or renamed in it survive a power loss (fsyncing a
 * file makes its contents durable, not its name). Platforms that cannot open a directory for syncing
 * (Windows) are skipped: there the rename alone is what they offer. Anything else (a missing
 * directory, a file) throws.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (isUnsupported(error)) return;
    throw error;
  }
  try {
    if (!(await handle.stat()).isDirectory()) throw notADirectory(dir);
    await handle.sync().catch(ignoreUnsupported);
  } finally {
    await handle.close();
  }
}

/** {@link syncDirectory}, blocking: for code that is synchronous throughout (SQLite callers). */
export function syncDirectorySync(dir: string): void {
  let fd;
  try {
    fd = openSync(dir, 'r');
  } catch (error) {
    if (isUnsupported(error)) return;
    throw error;
  }
  try {
    if (!fstatSync(fd).isDirectory()) throw notADirectory(dir);
    try {
      fsyncSync(fd);
    } catch (error) {
      ignoreUnsupported(error);
    }
  } finally {
    closeSync(fd);
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return process.platform === 'win32' ? code === 'EISDIR' || code === 'EPERM' || code === 'EACCES' : code === 'EINVAL' || code === 'ENOTSUP';
}

function ignoreUnsupported(error: unknown): void {
  if (!isUnsupported(error)) throw error;
}

function notADirectory(dir: string): Error {
  return Object.assign(new Error(`ENOTDIR: not a directory, fsync '${dir}'`), { code: 'ENOTDIR', path: dir });
}
