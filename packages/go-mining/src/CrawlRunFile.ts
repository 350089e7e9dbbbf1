import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { brotliDecompressSync, inflateRawSync } from 'node:zlib';
import { GoMinerError } from './errors/GoMinerError.js';
import { viewOf } from './hashCells.js';

/**
 * A run file of the crawl (written by writeCrawlRun), read one partition at a time by the merge.
 *
 * Layout, little-endian:
 * 1. `GMRUN4\n\0`, the number of partitions n (uint32), then n + 1 file offsets (doubles): partition
 *    p's records fill [offset p, offset p + 1), compressed (brotli); the last offset is the file's
 *    length.
 * 2. Records: path length (uint16) and path; flags (uint8, {@link RECORD_FLAGS}); first appearance
 *    (micros: double, ordinal: uint32 unless 0); the newest version's position (the same) unless it is
 *    the first appearance; the newest version's length (uint8) and text; its timestamp's length (uint8)
 *    and text unless it is the canonical text of its micros. Strings are ASCII.
 *
 * A record written now is one index entry (its newest position is its first: left out), most at ordinal 0
 * with the index's canonical timestamp: about 45 bytes before compression. Runs of earlier releases are
 * still read, so a crawl begun by an earlier go-miner can be finished: `GMRUN4` runs holding a record per
 * module of their batch (both positions when they differ), `GMRUN3` (the same, compressed with raw
 * deflate) and `GMRUN2` (uncompressed, every field always there, no flags).
 */
export const RUN_MAGIC = 'GMRUN4\n\0';
const RUN_MAGIC_DEFLATE = 'GMRUN3\n\0';
const RUN_MAGIC_V2 = 'GMRUN2\n\0';
const CODEC_OF_MAGIC: Record<string, 'brotli' | 'deflate' | 'none'> = { [RUN_MAGIC]: 'brotli', [RUN_MAGIC_DEFLATE]: 'deflate', [RUN_MAGIC_V2]: 'none' };

/** Flag bits of a record. */
export const RECORD_FLAGS = {
  /** The newest version's position is the first appearance's: not repeated. */
  newestIsFirst: 1,
  /** The timestamp is `formatIndexTimestamp(newest micros)`: not stored. */
  canonicalTimestamp: 2,
  /** The first appearance's ordinal is 0: not stored. */
  firstOrdinalZero: 4,
  /** The newest version's ordinal is 0: not stored. */
  newestOrdinalZero: 8,
} as const;

/** Module paths longer than go-index allows are refused long before; this bounds a record's size. */
export const RUN_PATH_MAX_LENGTH = 1024;
export const RUN_RECORD_MAX_BYTES = 2 + RUN_PATH_MAX_LENGTH + 1 + 12 + 12 + 1 + 255 + 1 + 255;

/** The most a partition of a run may hold once decompressed (a batch holds at most a few hundred thousand records). */
const MAX_PARTITION_BYTES = 256 << 20;

export function runHeaderBytes(partitions: number): number {
  return RUN_MAGIC.length + 4 + 8 * (partitions + 1);
}

const RESTART_HINT = 'The state directory was modified outside go-miner; move it aside and start over with a fresh --state-dir.';

/**
 * Receives the records of a partition, one call each, as spans of `bytes` (the decoded partition, valid
 * during the call only): the path, and the record's tail, which is the newest version's length byte and
 * text, then its timestamp's unless `canonical` (the text of `newestMicros`, left out).
 */
export type RunRecordVisitor = (
  bytes: DataView,
  pathStart: number,
  pathLength: number,
  firstMicros: number,
  firstOrdinal: number,
  newestMicros: number,
  newestOrdinal: number,
  tailStart: number,
  tailLength: number,
  canonical: boolean,
) => void;

export class CrawlRunFile {
  readonly file: string;
  readonly #fd: number;
  readonly #offsets: number[];
  /** How the partitions are compressed; `none` for the GMRUN2 layout. */
  readonly #codec: 'brotli' | 'deflate' | 'none';

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
    const magic = read < RUN_MAGIC.length ? '' : header.toString('latin1', 0, RUN_MAGIC.length);
    const codec = Object.hasOwn(CODEC_OF_MAGIC, magic) ? CODEC_OF_MAGIC[magic] : undefined;
    if (codec === undefined) throw this.#corrupt('it is not a go-miner run file of this version (a crawl begun by an older go-miner?)');
    this.#codec = codec;
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
    let length = this.#offsets[partition + 1]! - start;
    if (length === 0) return;
    if (buffer.bytes.length < length) buffer.bytes = Buffer.allocUnsafe(Math.max(length, 2 * buffer.bytes.length));
    if (readSync(this.#fd, buffer.bytes, 0, length, start) !== length) throw this.#corrupt(`partition ${partition} is cut short`);
    // The GMRUN2 layout: uncompressed, every field in the same order, no flags.
    const v2 = this.#codec === 'none';
    const decoded = v2 ? buffer.bytes.subarray(0, length) : this.#decompress(buffer.bytes.subarray(0, length), partition);
    const bytes = viewOf(decoded);
    length = decoded.length;
    let position = 0;
    /** Moves past the record's next `count` bytes and returns where they start; none lies beyond the partition. */
    const take = (count: number): number => {
      const at = position;
      position += count;
      if (position > length) throw this.#corrupt(`partition ${partition} ends inside a record`);
      return at;
    };
    while (position < length) {
      const pathLength = bytes.getUint16(take(2), true);
      const pathStart = take(pathLength);
      const flags = v2 ? 0 : bytes.getUint8(take(1));
      const firstMicros = bytes.getFloat64(take(8), true);
      const firstOrdinal = flags & RECORD_FLAGS.firstOrdinalZero ? 0 : bytes.getUint32(take(4), true);
      let newestMicros = firstMicros;
      let newestOrdinal = firstOrdinal;
      if ((flags & RECORD_FLAGS.newestIsFirst) === 0) {
        newestMicros = bytes.getFloat64(take(8), true);
        newestOrdinal = flags & RECORD_FLAGS.newestOrdinalZero ? 0 : bytes.getUint32(take(4), true);
      }
      const tailStart = position;
      take(bytes.getUint8(take(1))); // the version
      const canonical = (flags & RECORD_FLAGS.canonicalTimestamp) !== 0;
      if (!canonical) take(bytes.getUint8(take(1))); // the timestamp
      visit(bytes, pathStart, pathLength, firstMicros, firstOrdinal, newestMicros, newestOrdinal, tailStart, position - tailStart, canonical);
    }
  }

  close(): void {
    closeSync(this.#fd);
  }

  #decompress(compressed: Buffer, partition: number): Buffer {
    try {
      // A damaged segment must not decompress into gigabytes: a partition holds a few hundred kilobytes.
      const options = { maxOutputLength: MAX_PARTITION_BYTES };
      return this.#codec === 'brotli' ? brotliDecompressSync(compressed, options) : inflateRawSync(compressed, options);
    } catch (error) {
      throw this.#corrupt(`partition ${partition} does not decompress (${(error as Error).message})`);
    }
  }

  #corrupt(problem: string): GoMinerError {
    return new GoMinerError('ERR_STATE_CORRUPT', `Crawl run ${this.file} is damaged: ${problem}`, { hint: RESTART_HINT });
  }
}
