import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from './syncDirectory.js';

/**
 * Replaces `file` with `data` so that a crash leaves the old contents or the new, never a mix:
 *
 * 1. write a temporary file beside it (`.<name>.<pid>-<random>.tmp`, same file system, so the rename is atomic);
 * 2. fsync it, so its contents are on disk before its name is;
 * 3. rename it over `file`;
 * 4. fsync the directory, so the new name survives a power loss.
 *
 * On failure the temporary file is removed and `file` is untouched.
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  const temporary = join(dir, `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}
