import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { GoMinerError } from './errors/GoMinerError.js';

/**
 * A run file of the crawl (written by writeCrawlRun), read one partition at a time by the merge.
 *
 * Layout, little-endian:
 * 1. `GMRUN2\n\0`, the number of partitions n (uint32), then n + 1 file offsets (doubles): partition
 *    p's records fill [offset p, offset p + 1); the last offset is the file's length.
 * 2. Records: path length (uint16) and path, first appearance (micros: double, ordinal: uint32),
 *    newest version (micros: double, ordinal: uint32), newest version's length (uint8) and text,
 *    its timestamp's length (uint8) and text. Strings are ASCII.
 */
export const RUN_MAGIC = 'GMRUN2\n\0';

/** Module paths longer than go-index allows are refused long before; this bounds a record's size. */
export const RUN_PATH_MAX_LENGTH = 1024;
export const RUN_RECORD_MAX_BYTES = 2 + RUN_PATH_MAX_LENGTH + 24 + 1 + 255 + 1 + 255;

export function runHeaderBytes(partitions: number): number {
  return RUN_MAGIC.length + 4 + 8 * (partitions + 1);
}

const RESTART_HINT = 'The state directory was modified outside go-miner; move it aside and start over with a fresh --state-dir.';

/** Receives the records of a partition, one call each (strings are fresh, numbers as written). */
export type RunRecordVisitor = (
  path: string,
  firstMicros: number,
  firstOrdinal: number,
  newestMicros: number,
  newestOrdinal: number,
  newestVersion: string,
  newestTimestamp: string,
) => void;

export class CrawlRunFile {
  readonly file: string;
  readonly #fd: number;
  readonly #offsets: number[];

  /** Opens a run and reads its segment table; `partitions` is what the crawl's runs cursor says. */
  constructor(file: string, partitions: number) {
    this.file = file;
    try {
      this.#fd = openSync(file, 'r');
    } catch (error) {
      throw new GoMinerError('ERR_STATE_CORRUPT', `Crawl run ${file} cannot be read: ${(error as Error).message}`, { cause: error, hint: RESTART_HINT });
    }
    const headerBytes = runHeaderBytes(partitions);
    const header = Buffer.alloc(headerBytes);
    const read = readSync(this.#fd, header, 0, headerBytes, 0);
    if (read < RUN_MAGIC.length || header.toString('latin1', 0, RUN_MAGIC.length) !== RUN_MAGIC) {
      throw this.#corrupt('it is not a go-miner run file of this version (a crawl begun by an older go-miner?)');
    }
    if (read < headerBytes || header.readUInt32LE(RUN_MAGIC.length) !== partitions) throw this.#corrupt(`its header does not describe ${partitions} partitions`);
    this.#offsets = [];
    for (let partition = 0; partition <= partitions; partition++) this.#offsets.push(header.readDoubleLE(RUN_MAGIC.length + 4 + 8 * partition));
    const size = fstatSync(this.#fd).size;
    for (let partition = 0; partition < partitions; partition++) {
      if (!(this.#offsets[partition]! <= this.#offsets[partition + 1]!)) throw this.#corrupt('its segment table is not ascending');
    }
    if (this.#offsets[0] !== headerBytes || this.#offsets[partitions] !== size) throw this.#corrupt(`its length is ${size} bytes, its table says ${this.#offsets[partitions]}`);
  }

  /** Reads partition `partition` in one read and hands each record to `visit`. */
  readPartition(partition: number, visit: RunRecordVisitor, buffer: { bytes: Buffer }): void {
    const start = this.#offsets[partition]!;
    const length = this.#offsets[partition + 1]! - start;
    if (length === 0) return;
    if (buffer.bytes.length < length) buffer.bytes = Buffer.allocUnsafe(Math.max(length, 2 * buffer.bytes.length));
    const bytes = buffer.bytes;
    if (readSync(this.#fd, bytes, 0, length, start) !== length) throw this.#corrupt(`partition ${partition} is cut short`);
    let offset = 0;
    while (offset < length) {
      if (offset + 2 > length) throw this.#corrupt(`partition ${partition} ends inside a record`);
      const pathEnd = offset + 2 + bytes.readUInt16LE(offset);
      if (pathEnd + 26 > length) throw this.#corrupt(`partition ${partition} ends inside a record`);
      const versionEnd = pathEnd + 25 + bytes[pathEnd + 24]!;
      if (versionEnd + 1 > length) throw this.#corrupt(`partition ${partition} ends inside a record`);
      const timestampEnd = versionEnd + 1 + bytes[versionEnd]!;
      if (timestampEnd > length) throw this.#corrupt(`partition ${partition} ends inside a record`);
      visit(
        bytes.toString('latin1', offset + 2, pathEnd),
        bytes.readDoubleLE(pathEnd),
        bytes.readUInt32LE(pathEnd + 8),
        bytes.readDoubleLE(pathEnd + 12),
        bytes.readUInt32LE(pathEnd + 20),
        bytes.toString('latin1', pathEnd + 25, versionEnd),
        bytes.toString('latin1', versionEnd + 1, timestampEnd),
      );
      offset = timestampEnd;
    }
  }

  close(): void {
    closeSync(this.#fd);
  }

  #corrupt(problem: string): GoMinerError {
    return new GoMinerError('ERR_STATE_CORRUPT', `Crawl run ${this.file} is damaged: ${problem}`, { hint: RESTART_HINT });
  }
}
