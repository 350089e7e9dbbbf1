import type { ShardPage, ShardState } from '@registry-miners/go-index';
import { LINE_FIELD, LINE_FIELDS } from '@registry-miners/go-index';
import { RECORD_FLAGS, RUN_PATH_MAX_LENGTH } from './CrawlRunFile.js';
import { copyWords, viewOf } from './hashCells.js';

/** Room kept past the limit for the page that reaches it (a page of 2000 entries makes about 150 KB of records). */
const PAGE_ROOM = 1 << 20;
/** A record's bytes besides its path, version and timestamp: their lengths, the flags and a position. */
const RECORD_OVERHEAD = 2 + 1 + 8 + 4 + 1 + 1;

/**
 * Index pages received but not committed yet, as the run records their entries become (the layout of
 * CrawlRunFile), in arrival order, with the shard plan after the last page. Committing a batch in one step
 * is equivalent to committing its pages one by one, and a crash before the commit only means those pages
 * are read again.
 *
 * Every index entry comes through here, so an entry costs the copy of its bytes from the page and nothing
 * more: a record per entry, no reduction per module. At full size a batch's entries repeat few modules
 * (about 9% of them), and a table of a batch's 150,000 modules cost about 0.9 µs an entry in cache misses;
 * the merge reduces each partition of every run once, in a table that fits the cache (ModuleReduction).
 */
export class CrawlBatch {
  /** Record bytes after which the batch asks to be committed (see {@link full}). */
  readonly maxBytes: number;
  records: Buffer = Buffer.allocUnsafe(1 << 20);
  /** Bytes of {@link records} used. */
  used = 0;
  /** Record → where it starts in {@link records} (it ends where the next starts, or at {@link used}). */
  starts: Int32Array = new Int32Array(1 << 14);
  /** Where the records are grouped by partition when the batch is written (see {@link groupedRoom}). */
  #grouped: Buffer = Buffer.alloc(0);
  /** Records held: one per index entry. */
  count = 0;
  pages = 0;
  entries = 0;
  plan: ShardState[] | undefined;
  /** When the first page was added (commit intervals count from there). */
  startedAt = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /**
   * Adds a page: a record per entry (first appearance and newest version both the entry). The caller commits
   * once the batch is {@link full}; a page is always taken whole.
   */
  add(page: ShardPage): void {
    if (this.pages === 0) this.startedAt = Date.now();
    const { lines } = page;
    const { bytes, fields, micros, ordinals, canonical } = lines;
    // The fields lie apart in `bytes`, so their lengths add up to at most its length.
    this.#reserve(lines.count, bytes.length + RECORD_OVERHEAD * lines.count);
    const out = this.view;
    const source = viewOf(bytes);
    let offset = this.used;
    for (let line = 0; line < lines.count; line++) {
      const at = LINE_FIELDS * line;
      const pathStart = fields[at + LINE_FIELD.pathStart]!;
      const pathLength = fields[at + LINE_FIELD.pathEnd]! - pathStart;
      const versionStart = fields[at + LINE_FIELD.versionStart]!;
      const versionLength = fields[at + LINE_FIELD.versionEnd]! - versionStart;
      const timestampStart = fields[at + LINE_FIELD.timestampStart]!;
      const timestampLength = fields[at + LINE_FIELD.timestampEnd]! - timestampStart;
      if (pathLength > RUN_PATH_MAX_LENGTH || versionLength > 0xff || timestampLength > 0xff) throw new RangeError(`Crawl run record too long: ${lines.key(line)}`);
      const ordinal = ordinals[line]!;
      const isCanonical = canonical[line] === 1;
      this.starts[this.count++] = offset;
      out.setUint16(offset, pathLength, true);
      offset = copyWords(source, pathStart, pathLength, out, offset + 2);
      out.setUint8(offset++, RECORD_FLAGS.newestIsFirst | (isCanonical ? RECORD_FLAGS.canonicalTimestamp : 0) | (ordinal === 0 ? RECORD_FLAGS.firstOrdinalZero | RECORD_FLAGS.newestOrdinalZero : 0));
      out.setFloat64(offset, micros[line]!, true);
      offset += 8;
      if (ordinal !== 0) {
        out.setUint32(offset, ordinal, true);
        offset += 4;
      }
      out.setUint8(offset++, versionLength);
      offset = copyWords(source, versionStart, versionLength, out, offset);
      if (isCanonical) continue;
      out.setUint8(offset++, timestampLength);
      offset = copyWords(source, timestampStart, timestampLength, out, offset);
    }
    this.used = offset;
    this.pages++;
    this.entries += lines.count;
    this.plan = page.shards;
  }

  /** {@link records} as a DataView, for word-wise copies (see copyWords): made per page or batch, not per record. */
  get view(): DataView {
    return viewOf(this.records);
  }

  /** Where record `record` ends. */
  endOf(record: number): number {
    return record + 1 < this.count ? this.starts[record + 1]! : this.used;
  }

  /** The module path of a record. */
  pathOf(record: number): string {
    const start = this.starts[record]!;
    return this.records.toString('latin1', start + 2, start + 2 + this.records.readUInt16LE(start));
  }

  /** Room for `records` more records of at most `bytes` bytes in all. */
  #reserve(records: number, bytes: number): void {
    if (this.count + records > this.starts.length) {
      const starts = new Int32Array(Math.max(2 * this.starts.length, this.count + records));
      starts.set(this.starts);
      this.starts = starts;
    }
    if (this.used + bytes > this.records.length) {
      // Doubling up to the limit and a page past it, where it then stays for the next batches.
      const larger = Buffer.allocUnsafe(Math.max(this.used + bytes, Math.min(2 * this.records.length, this.maxBytes + PAGE_ROOM)));
      this.records.copy(larger, 0, 0, this.used);
      this.records = larger;
    }
  }

  /**
   * A buffer of at least `bytes` for the records grouped by partition, kept for the next batches like the
   * records themselves: allocated anew for every batch, megabytes freed and taken again leave the
   * process's memory fragmented, and its resident size grows.
   */
  groupedRoom(bytes: number): Buffer {
    if (this.#grouped.length < bytes) this.#grouped = Buffer.allocUnsafe(Math.max(bytes, this.records.length));
    return this.#grouped;
  }

  /** Gives the batch's memory back once the crawl has read its last page (the merge needs the room). */
  release(): void {
    this.clear();
    this.records = Buffer.alloc(0);
    this.starts = new Int32Array(0);
    this.#grouped = Buffer.alloc(0);
  }

  /**
   * Empties the batch for the next pages, keeping its memory: its buffers take megabytes outside the
   * JavaScript heap, and allocating them anew for every batch makes V8 collect garbage more often (it counts
   * such allocations as memory pressure).
   */
  clear(): void {
    this.count = 0;
    this.used = 0;
    this.pages = 0;
    this.entries = 0;
    this.plan = undefined;
    this.startedAt = 0;
  }

  get empty(): boolean {
    return this.pages === 0;
  }

  /** Whether the records reached {@link maxBytes}. */
  get full(): boolean {
    return this.used >= this.maxBytes;
  }
}
