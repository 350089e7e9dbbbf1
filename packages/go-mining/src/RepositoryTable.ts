import { ROW_REPOSITORY_SOURCES } from './formats/repositoryOf.js';
import type { RowRepository, RowRepositorySource } from './formats/repositoryOf.js';
import { cellsFor, doubledCells, hashBytes, sameBytes, writeAsciiHashed } from './hashCells.js';

/**
 * The repository URL of every module that has one, by module path: the build side of the csv export's
 * hash join. One scan of the `lookups` collection in key order fills it; the export then finds the
 * modules of its scan of `ids` (ID order) here, where reading each one's lookup record would be a random
 * read of the table (a page the SQLite cache rarely holds, read from the operating system).
 *
 * Entries sit in byte blocks, found through a table of their offsets (see hashCells) by the FNV-1a hash
 * of the path: 2 million JavaScript strings would cost the heap about three times as much and keep the
 * collector busy. Blocks are added, never copied into larger ones, so memory grows by one block at a time.
 * An entry: the path's length (4 bytes) and UTF-8 bytes, the source's index in ROW_REPOSITORY_SOURCES
 * (1 byte), then either 0 and the URL's length (4 bytes) and UTF-8 bytes, or 1 and a length `n` (4 bytes)
 * when the URL is `https://` and the path's first `n` bytes (nine in ten modules at full size: a GitHub
 * module's URL is its path's first three elements).
 *
 * The blocks stop at `budgetBytes` (offsets must stay below 2^31): the table is then {@link complete} no
 * more, and the export reads the lookup records of the modules it does not find here. So does an entry
 * larger than a block (a URL of megabytes).
 */
export class RepositoryTable {
  readonly budgetBytes: number;
  /** Bytes of a block: a quarter of the budget, at most 4 MiB. Entries are addressed as block × blockBytes + offset. */
  readonly blockBytes: number;
  /** Whether every module given to {@link add} with a repository is held (the budget was never reached). */
  complete = true;
  /** Modules held. */
  size = 0;
  readonly #blocks: Buffer[] = [];
  /** Bytes used in the last block. */
  #used: number;
  #cells: Int32Array;
  /** The FNV-1a hash of the path {@link #writeKey} wrote last. */
  #keyHash = 0;
  /** Where {@link find} writes the path it looks for, to hash and compare it as bytes. */
  #scratch = Buffer.allocUnsafe(4096);

  /** `expected`: about how many modules will be added (sizes the index; it grows past it). */
  constructor(budgetBytes: number, expected = 0) {
    this.budgetBytes = Math.min(budgetBytes, 2 ** 31 - 1);
    this.blockBytes = Math.max(256, Math.min(MAX_BLOCK_BYTES, Math.floor(this.budgetBytes / 4)));
    this.#used = this.blockBytes;
    this.#cells = cellsFor(expected);
  }

  /** Holds the repository of a module; one without a URL (`none`) needs no entry. Returns false once over the budget. */
  add(path: string, repository: RowRepository): boolean {
    const { url } = repository;
    if (url === undefined || !this.complete) return this.complete;
    const pathPrefix = url.startsWith(HTTPS) && path.startsWith(url.slice(HTTPS.length));
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = 14 + 3 * (path.length + (pathPrefix ? 0 : url.length));
    if (this.#used + room > this.blockBytes && !this.#addBlock(room)) {
      this.complete = false;
      return false;
    }
    const block = this.#blocks[this.#blocks.length - 1]!;
    const start = this.#used;
    const pathEnd = this.#writeKey(block, start, path);
    const hash = this.#keyHash;
    const cell = this.#find(hash, block, start + 4, pathEnd - start - 4);
    if (this.#cells[2 * cell] !== 0) return true; // already held (the scan gives each path once: cannot happen)
    block[pathEnd] = ROW_REPOSITORY_SOURCES.indexOf(repository.source);
    block[pathEnd + 1] = pathPrefix ? 1 : 0;
    if (pathPrefix) {
      // An ASCII path (a byte a character) has an ASCII prefix: the URL's length is its byte length.
      const ascii = pathEnd - start - 4 === path.length;
      writeUint32(block, pathEnd + 2, (ascii ? url.length : Buffer.byteLength(url)) - HTTPS.length);
      this.#used = pathEnd + 6;
    } else {
      this.#used = writeText(block, pathEnd + 2, url);
    }
    this.#cells[2 * cell] = (this.#blocks.length - 1) * this.blockBytes + start + 1;
    this.#cells[2 * cell + 1] = hash;
    this.size++;
    if (2 * this.size > this.#cells.length / 2) this.#cells = doubledCells(this.#cells);
    return true;
  }

  /**
   * The repository held for `path`; `undefined` when none is. When the table is {@link complete}, that
   * means the module has no repository URL (or no lookup record).
   */
  find(path: string): RowRepository | undefined {
    if (4 + 3 * path.length > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(4 + 3 * path.length);
    const scratch = this.#scratch;
    const end = this.#writeKey(scratch, 0, path);
    const cell = this.#find(this.#keyHash, scratch, 4, end - 4);
    const entry = this.#cells[2 * cell]! - 1;
    if (entry < 0) return undefined;
    const block = this.#blocks[Math.floor(entry / this.blockBytes)]!;
    const pathAt = (entry % this.blockBytes) + 4;
    const sourceAt = pathAt + readUint32(block, pathAt - 4);
    const length = readUint32(block, sourceAt + 2);
    let url: string;
    if (block[sourceAt + 1] !== 1) url = block.toString('utf8', sourceAt + 6, sourceAt + 6 + length);
    // The path's first bytes: of an ASCII path, its first characters (no call into Buffer's native code).
    else url = HTTPS + (end - 4 === path.length ? path.slice(0, length) : block.toString('utf8', pathAt, pathAt + length));
    return { source: ROW_REPOSITORY_SOURCES[block[sourceAt]!] as RowRepositorySource, url, invalidOriginUrl: undefined };
  }

  /** The cell holding the path whose bytes are `bytes[start … start + length)`, or the empty cell where it belongs. */
  #find(hash: number, bytes: Buffer, start: number, length: number): number {
    const cells = this.#cells;
    const mask = cells.length / 2 - 1;
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const entry = cells[2 * cell]! - 1;
      if (entry < 0) return cell;
      if (cells[2 * cell + 1] !== hash) continue;
      const block = this.#blocks[Math.floor(entry / this.blockBytes)]!;
      const at = entry % this.blockBytes;
      if (readUint32(block, at) === length && sameBytes(bytes, start, block, at + 4, length)) return cell;
    }
  }

  /**
   * Writes a path as {@link writeText} does, hashing it into {@link #keyHash} on the way: module paths are
   * ASCII (go-index checks them), written here a character a byte; other text goes through UTF-8.
   */
  #writeKey(bytes: Buffer, offset: number, text: string): number {
    const hash = writeAsciiHashed(bytes, offset + 4, text);
    if (hash === undefined) {
      const end = writeText(bytes, offset, text);
      this.#keyHash = hashBytes(bytes, offset + 4, end);
      return end;
    }
    writeUint32(bytes, offset, text.length);
    this.#keyHash = hash;
    return offset + 4 + text.length;
  }

  /** Starts a new block, within the budget; false when there is no room for one, or an entry needs more than a block. */
  #addBlock(room: number): boolean {
    if (room > this.blockBytes || (this.#blocks.length + 1) * this.blockBytes > this.budgetBytes) return false;
    this.#blocks.push(Buffer.allocUnsafe(this.blockBytes));
    this.#used = 0;
    return true;
  }
}

/** The largest block: small enough that a budget is not overshot by much, large enough to be allocated rarely. */
const MAX_BLOCK_BYTES = 4 << 20;
const HTTPS = 'https://';

/** Writes a 4-byte length and the UTF-8 bytes of `text` at `offset` (room checked by the caller); returns the offset after them. */
function writeText(bytes: Buffer, offset: number, text: string): number {
  const length = bytes.write(text, offset + 4, 'utf8');
  writeUint32(bytes, offset, length);
  return offset + 4 + length;
}

/** Little-endian, by hand: the Buffer methods check their arguments on every call. */
function writeUint32(bytes: Buffer, offset: number, value: number): void {
  bytes[offset] = value;
  bytes[offset + 1] = value >>> 8;
  bytes[offset + 2] = value >>> 16;
  bytes[offset + 3] = value >>> 24;
}

function readUint32(bytes: Buffer, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}
