import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { syncDirectory } from '@registry-miners/checkpoint-store';
import type { CrawlBatch } from './CrawlBatch.js';
import { RUN_MAGIC, runHeaderBytes } from './CrawlRunFile.js';
import { copyBytes } from './hashCells.js';
import { PartitionIndex } from './RunPartitions.js';
import { runsDirectory } from './state/CrawlRuns.js';

const BROTLI_FASTEST = { params: { [constants.BROTLI_PARAM_QUALITY]: 0 } };

/** Bytes gathered before one write(): few, large, sequential writes. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes a batch as one run file (layout in CrawlRunFile): its records grouped by partition, in arrival
 * order within a partition, each partition compressed (brotli at quality 0: the runs are most of the
 * crawl's bytes written, and it halves them for about 4 ns of CPU a byte, where deflate at level 1 took 9
 * for a tenth fewer bytes; both decompress at 3 to 4 ns a byte). Grouping is a counting sort by partition
 * number: no key is compared beyond the search of its partition (PartitionIndex). The batch holds the records in
 * their final bytes: they are copied, nothing is formatted.
 * Written to a temp name, fsynced, renamed and the directory fsynced: once committed, it survives a crash.
 */
export function writeCrawlRun(stateDir: string, name: string, batch: CrawlBatch, bounds: readonly string[]): void {
  const dir = runsDirectory(stateDir);
  mkdirSync(dir, { recursive: true });
  const partitions = bounds.length + 1;
  const { count, records: source, starts: sourceStarts } = batch;
  const index = new PartitionIndex(bounds);
  // Two passes in arrival order (the batch is read sequentially, for the cache): the partition and size of
  // every record, then each record copied to its place, partitions laid end to end.
  const partitionOfRecord = new Uint16Array(count);
  const starts = new Float64Array(partitions + 1);
  for (let record = 0; record < count; record++) {
    const start = sourceStarts[record]!;
    const pathStart = start + 2;
    const partition = index.partitionOf(source, pathStart, pathStart + (source[start]! | (source[start + 1]! << 8)));
    partitionOfRecord[record] = partition;
    starts[partition + 1]! += batch.endOf(record) - start;
  }
  for (let partition = 0; partition < partitions; partition++) starts[partition + 1]! += starts[partition]!;
  const records = Buffer.allocUnsafe(starts[partitions]!);
  const fill = starts.slice(0, partitions);
  for (let record = 0; record < count; record++) {
    const partition = partitionOfRecord[record]!;
    const start = sourceStarts[record]!;
    fill[partition] = copyBytes(source, start, batch.endOf(record) - start, records, fill[partition]!);
  }

  const headerBytes = runHeaderBytes(partitions);
  const header = Buffer.alloc(headerBytes);
  header.write(RUN_MAGIC, 0, 'latin1');
  header.writeUInt32LE(partitions, RUN_MAGIC.length);
  const temp = join(dir, `${name}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    const output = Buffer.allocUnsafe(WRITE_CHUNK);
    let pending = 0;
    let position = headerBytes;
    const write = (bytes: Buffer): void => {
      if (pending + bytes.length > WRITE_CHUNK) {
        writeSync(fd, output, 0, pending, position - pending);
        pending = 0;
      }
      if (bytes.length > WRITE_CHUNK) writeSync(fd, bytes, 0, bytes.length, position);
      else pending += bytes.copy(output, pending);
      position += bytes.length;
    };
    for (let partition = 0; partition < partitions; partition++) {
      // Segment table: the file offset where each partition's (compressed) records start.
      header.writeDoubleLE(position, RUN_MAGIC.length + 4 + 8 * partition);
      const end = starts[partition + 1]!;
      if (end === starts[partition]) continue;
      write(brotliCompressSync(records.subarray(starts[partition]!, end), BROTLI_FASTEST));
    }
    header.writeDoubleLE(position, RUN_MAGIC.length + 4 + 8 * partitions);
    if (pending > 0) writeSync(fd, output, 0, pending, position - pending);
    writeSync(fd, header, 0, headerBytes, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  syncDirectory(dir);
}
