import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { syncDirectory } from '@registry-miners/checkpoint-store';
import type { CrawlBatch } from './CrawlBatch.js';
import { runsDirectory } from './state/CrawlRuns.js';

/** Bytes gathered before one write(): few, large, sequential writes. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes a batch as one sorted run: a line per module, in module path order,
 * `path TAB firstMicros TAB firstOrdinal TAB newestMicros TAB newestOrdinal TAB newestVersion TAB newestTimestamp`.
 * The fields hold no tab or newline (go-index rejects paths and versions outside their character sets;
 * timestamps are RFC 3339) and only ASCII, so the file is written and read as latin1 without escaping.
 * Written to a temp name, fsynced, renamed and the directory fsynced: once committed, it survives a crash.
 */
export function writeCrawlRun(stateDir: string, name: string, batch: CrawlBatch): void {
  const dir = runsDirectory(stateDir);
  mkdirSync(dir, { recursive: true });
  // The default sort compares UTF-16 code units: for the ASCII module paths, the store's key order.
  const paths = [...batch.slots.keys()].sort();
  const temp = join(dir, `${name}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    let chunk = '';
    for (const path of paths) {
      const slot = batch.slots.get(path)!;
      chunk +=
        `${path}\t${batch.firstMicros[slot]}\t${batch.firstOrdinal[slot]}\t${batch.newestMicros[slot]}\t${batch.newestOrdinal[slot]}\t` +
        `${batch.newestVersion[slot]}\t${batch.newestTimestamp[slot]}\n`;
      if (chunk.length >= WRITE_CHUNK) {
        writeSync(fd, chunk, null, 'latin1');
        chunk = '';
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk, null, 'latin1');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  syncDirectory(dir);
}
