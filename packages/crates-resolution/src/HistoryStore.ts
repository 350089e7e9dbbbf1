/**
 * Commit histories kept on disk between processes: a first-parent history from a given head commit
 * never changes (a commit id names its whole ancestry), so what one process walked, the next reads
 * back in a millisecond instead of walking the repository again.
 *
 * 1. One file per head: `history-<head>.bin` = magic, head id, length, complete flag, then the ids,
 *    tree ids and times of the chain, then a SHA-256 of everything before it.
 * 2. Reading validates all of it (magic, sizes, head, checksum); a file that fails is ignored and
 *    deleted, never trusted: the walk is simply done again.
 * 3. Writing goes to a temporary file renamed into place, so two processes sharing the directory
 *    never see a half-written file; the last writer wins, and both wrote the same history.
 * 4. At most `maxFiles` are kept: the least recently written beyond that are deleted (the current
 *    index gets a new head at every fetch).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SavedChain } from './CommitChain.js';

const MAGIC = Buffer.from('RMHIST01');
const OID_BYTES = 20;
const HEADER_BYTES = MAGIC.length + OID_BYTES + 4 + 1;
const CHECKSUM_BYTES = 32;
const FILE = /^history-([0-9a-f]{40})\.bin$/;

export class HistoryStore {
  readonly directory: string;
  readonly maxFiles: number;

  constructor(directory: string, maxFiles: number) {
    this.directory = directory;
    this.maxFiles = maxFiles;
  }

  /** The saved history from `head`, or undefined when there is none or it is not intact. */
  read(head: string): SavedChain | undefined {
    const path = this.#path(head);
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      return undefined;
    }
    const saved = decode(data, head);
    if (saved === undefined) rmSync(path, { force: true });
    return saved;
  }

  /** Saves the history from `head` (atomically), then keeps the directory within its bound. */
  write(head: string, chain: SavedChain): void {
    mkdirSync(this.directory, { recursive: true });
    const target = this.#path(head);
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temporary, encode(head, chain));
      renameSync(temporary, target);
    } finally {
      rmSync(temporary, { force: true });
    }
    this.#prune();
  }

  #path(head: string): string {
    return join(this.directory, `history-${head}.bin`);
  }

  #prune(): void {
    const files = readdirSync(this.directory)
      .filter((name) => FILE.test(name))
      .map((name) => ({ name, mtime: statSync(join(this.directory, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { name } of files.slice(this.maxFiles)) rmSync(join(this.directory, name), { force: true });
  }
}

function encode(head: string, chain: SavedChain): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.write(head, MAGIC.length, OID_BYTES, 'hex');
  header.writeUInt32LE(chain.length, MAGIC.length + OID_BYTES);
  header[HEADER_BYTES - 1] = chain.complete ? 1 : 0;
  const times = Buffer.from(chain.times.buffer, chain.times.byteOffset, chain.length * 8);
  const body = Buffer.concat([header, chain.ids.subarray(0, chain.length * OID_BYTES), chain.trees.subarray(0, chain.length * OID_BYTES), times]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

function decode(data: Buffer, head: string): SavedChain | undefined {
  if (data.length < HEADER_BYTES + CHECKSUM_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (data.toString('hex', MAGIC.length, MAGIC.length + OID_BYTES) !== head) return undefined;
  const length = data.readUInt32LE(MAGIC.length + OID_BYTES);
  const complete = data[HEADER_BYTES - 1];
  const bodyBytes = HEADER_BYTES + length * (2 * OID_BYTES + 8);
  if (length === 0 || (complete !== 0 && complete !== 1) || data.length !== bodyBytes + CHECKSUM_BYTES) return undefined;
  const body = data.subarray(0, bodyBytes);
  if (!createHash('sha256').update(body).digest().equals(data.subarray(bodyBytes))) return undefined;
  const ids = Buffer.from(data.subarray(HEADER_BYTES, HEADER_BYTES + length * OID_BYTES));
  // The first commit of a history is its head.
  if (ids.toString('hex', 0, OID_BYTES) !== head) return undefined;
  const trees = Buffer.from(data.subarray(HEADER_BYTES + length * OID_BYTES, HEADER_BYTES + 2 * length * OID_BYTES));
  const times = new Float64Array(length);
  Buffer.from(times.buffer).set(data.subarray(HEADER_BYTES + 2 * length * OID_BYTES, bodyBytes));
  return { ids, trees, times, length, complete: complete === 1 };
}
