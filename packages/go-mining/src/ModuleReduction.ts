import type { CrawlRunFile, RunRecordVisitor } from './CrawlRunFile.js';
import { cellsFor, copyWords, doubledCells, hashWords, sameWords, viewOf } from './hashCells.js';

/**
 * The records of one partition of a crawl's runs, reduced to one per module path: its earliest appearance
 * and its newest version, by (micros, ordinal). The merge feeds it every run's records of a partition
 * ({@link addRecord}), then writes one module record per slot.
 *
 * Laid out for the processor's cache, since every record of every run comes through here: module paths are
 * copied into one byte arena and found through an open-addressing table of slot numbers, each slot's hash
 * beside it; a slot's four positions sit side by side; the newest version is kept as the bytes its run
 * record ends with. A partition holds about 10,000 modules at full size, so the table stays in the
 * processor's cache. Module paths, versions and timestamps are ASCII (go-index checks them), so a character
 * is a byte. Micros are kept as doubles: exact for instants before the year 2255.
 */
export class ModuleReduction {
  /** Modules held: slots 0 … count − 1, in order of first appearance. */
  count = 0;
  /**
   * Slot × 4 → where its path starts in {@link pathBytes}, the path's length, where its newest version's
   * record tail starts in {@link tailBytes}, and that tail's length (see {@link SLOT}). A tail is what a run
   * record ends with: the version's length byte and text, then the timestamp's unless it is canonical.
   */
  slots: Int32Array;
  pathBytes: Buffer = Buffer.allocUnsafe(1 << 20);
  /** Slot × 4 → first micros, first ordinal, newest micros, newest ordinal. */
  positions: Float64Array;
  tailBytes: Buffer = Buffer.allocUnsafe(1 << 20);
  /** The arenas as DataViews: paths are hashed, compared and copied four bytes at a time (see hashWords). */
  #pathView = viewOf(this.pathBytes);
  #tailView = viewOf(this.tailBytes);
  /** Bytes used in the arenas. */
  #pathBytesUsed = 0;
  #tailBytesUsed = 0;
  /** The index of the slots (see hashCells), at least twice their room. */
  #cells: Int32Array;

  /** `room`: modules it holds before it grows. */
  constructor(room: number) {
    this.slots = new Int32Array(4 * room);
    this.positions = new Float64Array(4 * room);
    this.#cells = cellsFor(room);
  }

  /**
   * Adds one record of a run file (the merge reduces a partition of every run this way): the path and
   * the record's tail (see {@link tailBytes}) are copied from `source`, a decoded partition. A bound
   * function, handed to {@link CrawlRunFile.readPartition} as it is.
   */
  readonly addRecord: RunRecordVisitor = (source, pathStart, pathLength, firstMicros, firstOrdinal, newestMicros, newestOrdinal, tailStart, tailLength, canonical) => {
    const slot = this.#slotOf(source, pathStart, pathLength);
    if (this.#reduce(slot, firstMicros, firstOrdinal, newestMicros, newestOrdinal)) this.#setNewestTail(slot, source, tailStart, tailLength, canonical);
  };

  /**
   * Folds a first appearance and a newest version into a slot (a new one when it is `count`): the
   * earlier first appearance and the later newest version win, by (micros, ordinal). Says whether the
   * newest version is the one given (its tail must then be set).
   */
  #reduce(slot: number, firstMicros: number, firstOrdinal: number, newestMicros: number, newestOrdinal: number): boolean {
    const positions = this.positions;
    const at = 4 * slot;
    if (slot === this.count) {
      this.count++;
      positions[at] = firstMicros;
      positions[at + 1] = firstOrdinal;
      positions[at + 2] = newestMicros;
      positions[at + 3] = newestOrdinal;
      return true;
    }
    const heldFirst = positions[at]!;
    if (firstMicros < heldFirst || (firstMicros === heldFirst && firstOrdinal < positions[at + 1]!)) {
      positions[at] = firstMicros;
      positions[at + 1] = firstOrdinal;
    }
    const heldNewest = positions[at + 2]!;
    if (newestMicros > heldNewest || (newestMicros === heldNewest && newestOrdinal > positions[at + 3]!)) {
      positions[at + 2] = newestMicros;
      positions[at + 3] = newestOrdinal;
      return true;
    }
    return false;
  }

  /**
   * The slot of the path `source[start, start + length)`: an existing one, or `count` for a new path. Most
   * records repeat a module already held (45 million records make 2.5 million modules at full size), so the
   * path is hashed and compared where it lies, and only a new one is copied into the arena.
   */
  #slotOf(source: DataView, start: number, length: number): number {
    const hash = hashWords(source, start, start + length);
    const { slots } = this;
    const bytes = this.#pathView;
    const cells = this.#cells;
    const mask = (cells.length >>> 1) - 1;
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const held = cells[2 * cell]! - 1;
      if (held < 0) return this.#insert(cell, hash, source, start, length);
      if (cells[2 * cell + 1] === hash && slots[4 * held + SLOT.pathLength] === length && sameWords(bytes, slots[4 * held + SLOT.pathStart]!, source, start, length)) {
        return held;
      }
    }
  }

  /** Makes `count` the slot of a new path at the free cell `cell`, its bytes copied into the arena. */
  #insert(cell: number, hash: number, source: DataView, start: number, length: number): number {
    const slot = this.count;
    if (4 * slot === this.slots.length) {
      this.#growSlots();
      return this.#slotOf(source, start, length); // its cell in the larger table
    }
    if (this.#pathBytesUsed + length > this.pathBytes.length) {
      this.pathBytes = grow(this.pathBytes, this.#pathBytesUsed, length);
      this.#pathView = viewOf(this.pathBytes);
    }
    const at = copyWords(source, start, length, this.#pathView, this.#pathBytesUsed) - length;
    this.#cells[2 * cell] = slot + 1;
    this.#cells[2 * cell + 1] = hash;
    this.slots[4 * slot + SLOT.pathStart] = at;
    this.slots[4 * slot + SLOT.pathLength] = length;
    this.#pathBytesUsed += length;
    return slot;
  }

  /** Doubles the room for slots (and the table). */
  #growSlots(): void {
    const room = 2 * (this.slots.length / 4);
    const slots = new Int32Array(4 * room);
    slots.set(this.slots);
    const positions = new Float64Array(4 * room);
    positions.set(this.positions);
    this.slots = slots;
    this.positions = positions;
    this.#cells = doubledCells(this.#cells);
  }

  /** Copies a record tail from a run's partition as the slot's newest (see {@link addRecord}). */
  #setNewestTail(slot: number, source: DataView, start: number, length: number, canonical: boolean): void {
    const offset = this.#claimTail(slot, length, canonical); // first: it may move the arena
    copyWords(source, start, length, this.#tailView, offset);
  }

  /** Room for a tail of `length` bytes at the arena's end, made the slot's; returns where it starts. */
  #claimTail(slot: number, length: number, canonical: boolean): number {
    if (this.#tailBytesUsed + length > this.tailBytes.length) {
      this.tailBytes = grow(this.tailBytes, this.#tailBytesUsed, length);
      this.#tailView = viewOf(this.tailBytes);
    }
    const offset = this.#tailBytesUsed;
    this.slots[4 * slot + SLOT.tailStart] = offset;
    this.slots[4 * slot + SLOT.tailLength] = canonical ? length | CANONICAL : length;
    this.#tailBytesUsed += length;
    return offset;
  }

  /** The newest version of a slot, from its tail. */
  newestVersionOf(slot: number): string {
    const start = this.slots[4 * slot + SLOT.tailStart]!;
    return this.tailBytes.toString('latin1', start + 1, start + 1 + this.tailBytes[start]!);
  }

  /** The timestamp of a slot's newest version, `''` when it is canonical (the text of its micros: left out). */
  newestTimestampOf(slot: number): string {
    const tail = this.slots[4 * slot + SLOT.tailLength]!;
    if (tail & CANONICAL) return '';
    const start = this.slots[4 * slot + SLOT.tailStart]!;
    const at = start + 1 + this.tailBytes[start]!; // past the version
    return this.tailBytes.toString('latin1', at + 1, at + 1 + this.tailBytes[at]!);
  }

  /** Empties the reduction for the next partition, keeping its memory. */
  clear(): void {
    this.count = 0;
    this.#pathBytesUsed = 0;
    this.#tailBytesUsed = 0;
    this.#cells.fill(0);
  }

  /** The module path of a slot. */
  pathOf(slot: number): string {
    const start = this.slots[4 * slot + SLOT.pathStart]!;
    return this.pathBytes.toString('latin1', start, start + this.slots[4 * slot + SLOT.pathLength]!);
  }
}

/** Fields of a slot in {@link ModuleReduction.slots}. */
export const SLOT = { pathStart: 0, pathLength: 1, tailStart: 2, tailLength: 3 } as const;
/** Set in a slot's tail length when its newest timestamp is the canonical text of its micros (left out of the tail). */
export const CANONICAL = 1 << 16;

/** A larger copy of an arena holding `used` bytes, with room for `needed` more. */
function grow(bytes: Buffer, used: number, needed: number): Buffer {
  const larger = Buffer.allocUnsafe(Math.max(2 * bytes.length, used + needed));
  bytes.copy(larger, 0, 0, used);
  return larger;
}
