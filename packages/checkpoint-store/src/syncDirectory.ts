import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * fsyncs a directory so that files just created in it survive a power loss (their directory entries are
 * on disk, not only their contents). SQLite does this for the WAL it creates, not for the database file.
 */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
