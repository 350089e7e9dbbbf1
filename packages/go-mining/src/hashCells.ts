/**
 * The index of ModuleReduction and RepositoryTable: an open-addressing table of pairs (entry + 1, hash) in an
 * Int32Array, 0 when a cell is empty, probed linearly from `hash & (cells / 2 − 1)`. The hash beside each
 * entry lets a probe skip other keys without reading them, and a rehash move entries without their keys.
 * Keys are bytes: RepositoryTable's hashed with FNV-1a and compared byte by byte (it hashes text as it
 * writes it), ModuleReduction's read four bytes at a time through DataViews; with the byte helpers they share.
 */

/** Pairs for `room` entries at most half full: a power of two (at least 1024). */
export function cellsFor(room: number): Int32Array {
  return new Int32Array(2 * 2 ** Math.max(10, Math.ceil(Math.log2(2 * room + 1))));
}

/** FNV-1a of bytes `start` … `end` − 1: the hash of a key already in bytes. */
export function hashBytes(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return hash;
}

/**
 * Writes `text` a character a byte at `bytes[offset …]` and returns the FNV-1a hash of those bytes, in one
 * pass; `undefined` when a character is not ASCII (the bytes written so far are then meaningless).
 */
export function writeAsciiHashed(bytes: Buffer, offset: number, text: string): number | undefined {
  let hash = 0x811c9dc5 | 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0x7f) return undefined;
    bytes[offset + index] = code;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash;
}

/**
 * Copies `length` bytes four at a time through DataViews (unaligned 32-bit loads and stores), then the last
 * few one by one; returns the offset after them. Every index entry's bytes are copied twice on their way to a
 * run file: a byte loop took about three times as long.
 */
export function copyWords(from: DataView, start: number, length: number, to: DataView, offset: number): number {
  const end = start + length;
  let index = start;
  let at = offset;
  for (; index + 4 <= end; index += 4, at += 4) to.setInt32(at, from.getInt32(index));
  for (; index < end; index++, at++) to.setUint8(at, from.getUint8(index));
  return at;
}

/**
 * A hash of bytes `start` … `end` − 1 read four at a time (the keys of a merge's reduction: every record of
 * every run is hashed): each word multiplied in and rotated, the last bytes one by one, then murmur3's
 * finalizer, so that the low bits, which pick the cell, depend on every byte.
 */
export function hashWords(view: DataView, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  let index = start;
  for (; index + 4 <= end; index += 4) {
    hash = Math.imul(hash ^ view.getInt32(index), 0x9e3779b1);
    hash = (hash << 13) | (hash >>> 19);
  }
  for (; index < end; index++) hash = Math.imul(hash ^ view.getUint8(index), 0x9e3779b1);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash;
}

/** Whether `a` at `aStart` and `b` at `bStart` hold the same `length` bytes, compared four at a time. */
export function sameWords(a: DataView, aStart: number, b: DataView, bStart: number, length: number): boolean {
  let index = 0;
  for (; index + 4 <= length; index += 4) if (a.getInt32(aStart + index) !== b.getInt32(bStart + index)) return false;
  for (; index < length; index++) if (a.getUint8(aStart + index) !== b.getUint8(bStart + index)) return false;
  return true;
}

/** A DataView of a buffer's bytes (see {@link copyWords}). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Whether `a[aStart …]` and `b[bStart …]` hold the same `length` bytes (a loop: keys are short, a native call costs more). */
export function sameBytes(a: Buffer, aStart: number, b: Buffer, bStart: number, length: number): boolean {
  for (let index = 0; index < length; index++) if (a[aStart + index] !== b[bStart + index]) return false;
  return true;
}

/** The same entries in a table twice as large. */
export function doubledCells(old: Int32Array): Int32Array {
  const cells = new Int32Array(2 * old.length);
  const mask = cells.length / 2 - 1;
  for (let cell = 0; cell < old.length; cell += 2) {
    if (old[cell] === 0) continue;
    let free = old[cell + 1]! & mask;
    while (cells[2 * free] !== 0) free = (free + 1) & mask;
    cells[2 * free] = old[cell]!;
    cells[2 * free + 1] = old[cell + 1]!;
  }
  return cells;
}
