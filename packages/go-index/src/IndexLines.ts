import type { IndexEntry } from './IndexEntry.js';
import { isCanonicalTimestampBytes, parseIndexTimestamp } from './parseIndexTimestamp.js';

/** Fields of a line in {@link IndexLines.fields}: where its path, version and timestamp start and end. */
export const LINE_FIELD = { pathStart: 0, pathEnd: 1, versionStart: 2, versionEnd: 3, timestampStart: 4, timestampEnd: 5 } as const;
/** Values per line in {@link IndexLines.fields}. */
export const LINE_FIELDS = 6;
/** A line's bytes in the columns: micros, fields, ordinal, canonical. */
const BYTES_PER_LINE = 8 + 4 * LINE_FIELDS + 4 + 1;

/**
 * The entries of one index response, parsed where they lie: each line's path, version and timestamp are
 * byte ranges of {@link bytes} (ASCII: go-index checked them), with its instant and ordinal in typed
 * arrays. Every index entry passes through here, so nothing is allocated per entry: a consumer copies
 * the bytes it keeps, and {@link entries} makes {@link IndexEntry} objects only when asked.
 */
export class IndexLines {
  /** The response body, followed by the fields of the rare lines that had to be decoded (JSON escapes). */
  bytes: Buffer;
  count = 0;
  /** Line × 6 → byte offsets in {@link bytes} (see {@link LINE_FIELD}). */
  fields: Int32Array;
  /** Line → its instant in microseconds since the epoch: exact within the years 1685–2255, where the index lies ({@link entry} parses the text of any other). */
  micros: Float64Array;
  /** Line → its ordinal (see {@link IndexEntry.ordinal}), set when the line is taken. */
  ordinals: Int32Array;
  /** Line → 1 when its timestamp is the canonical text of its instant (see isCanonicalIndexTimestamp). */
  canonical: Uint8Array;
  #entries: IndexEntry[] | undefined;

  constructor(bytes: Buffer, room: number) {
    this.bytes = bytes;
    // One block for the columns: every page allocates them, and V8 counts each block outside its heap as
    // memory pressure (and collects garbage sooner for it).
    room = Math.max(room, 16);
    const block = new ArrayBuffer(room * BYTES_PER_LINE);
    this.micros = new Float64Array(block, 0, room);
    this.fields = new Int32Array(block, 8 * room, LINE_FIELDS * room);
    this.ordinals = new Int32Array(block, (8 + 4 * LINE_FIELDS) * room, room);
    this.canonical = new Uint8Array(block, (8 + 4 * LINE_FIELDS + 4) * room, room);
  }

  /** Lines holding `entries` (ASCII, as the index's are), for who has entries and needs lines. */
  static of(entries: readonly IndexEntry[]): IndexLines {
    const texts = entries.flatMap((entry) => [entry.path, entry.version, entry.timestamp]);
    const lines = new IndexLines(Buffer.from(texts.join(''), 'latin1'), entries.length);
    let at = 0;
    for (const [index, entry] of entries.entries()) {
      const { path, version, timestamp } = entry;
      const timestampStart = at + path.length + version.length;
      const end = timestampStart + timestamp.length;
      const canonical = isCanonicalTimestampBytes(lines.bytes, timestampStart, end);
      lines.push(at, at + path.length, at + path.length, timestampStart, timestampStart, end, Number(entry.micros), canonical);
      lines.ordinals[index] = entry.ordinal;
      at = end;
    }
    return lines;
  }

  /** Appends a line. */
  push(pathStart: number, pathEnd: number, versionStart: number, versionEnd: number, timestampStart: number, timestampEnd: number, micros: number, canonical: boolean): void {
    const line = this.count;
    if (line === this.micros.length) this.#grow();
    const at = LINE_FIELDS * line;
    const { fields } = this;
    fields[at] = pathStart;
    fields[at + 1] = pathEnd;
    fields[at + 2] = versionStart;
    fields[at + 3] = versionEnd;
    fields[at + 4] = timestampStart;
    fields[at + 5] = timestampEnd;
    this.micros[line] = micros;
    this.canonical[line] = canonical ? 1 : 0;
    this.count++;
  }

  /** Copies line `from` over line `to` (to ≤ from): taking some lines of a page keeps them in place. */
  move(from: number, to: number): void {
    if (from === to) return;
    this.fields.copyWithin(LINE_FIELDS * to, LINE_FIELDS * from, LINE_FIELDS * from + LINE_FIELDS);
    this.micros[to] = this.micros[from]!;
    this.ordinals[to] = this.ordinals[from]!;
    this.canonical[to] = this.canonical[from]!;
  }

  /** Keeps the first `count` lines. */
  truncate(count: number): void {
    this.count = count;
    this.#entries = undefined;
  }

  /** Whether lines `a` and `b` name the same module version (byte comparison, no strings). */
  sameVersion(a: number, b: number): boolean {
    return this.#sameField(a, b, LINE_FIELD.pathStart) && this.#sameField(a, b, LINE_FIELD.versionStart);
  }

  #sameField(a: number, b: number, field: number): boolean {
    const { fields, bytes } = this;
    const startA = fields[LINE_FIELDS * a + field]!;
    const startB = fields[LINE_FIELDS * b + field]!;
    const length = fields[LINE_FIELDS * a + field + 1]! - startA;
    if (fields[LINE_FIELDS * b + field + 1]! - startB !== length) return false;
    for (let index = 0; index < length; index++) if (bytes[startA + index] !== bytes[startB + index]) return false;
    return true;
  }

  path(line: number): string {
    return this.#text(line, LINE_FIELD.pathStart);
  }

  version(line: number): string {
    return this.#text(line, LINE_FIELD.versionStart);
  }

  timestamp(line: number): string {
    return this.#text(line, LINE_FIELD.timestampStart);
  }

  /** `path@version`, the key a cursor remembers entries by. */
  key(line: number): string {
    return `${this.path(line)}@${this.version(line)}`;
  }

  #text(line: number, field: number): string {
    const at = LINE_FIELDS * line + field;
    return this.bytes.toString('latin1', this.fields[at]!, this.fields[at + 1]!);
  }

  /** Line `line` as an {@link IndexEntry}. */
  entry(line: number): IndexEntry {
    const timestamp = this.timestamp(line);
    const micros = this.micros[line]!;
    return {
      path: this.path(line),
      version: this.version(line),
      timestamp,
      micros: Number.isSafeInteger(micros) ? BigInt(micros) : parseIndexTimestamp(timestamp),
      ordinal: this.ordinals[line]!,
    };
  }

  /** The lines as {@link IndexEntry} objects (made once, on first use). */
  entries(): IndexEntry[] {
    this.#entries ??= Array.from({ length: this.count }, (_, line) => this.entry(line));
    return this.#entries;
  }

  /** Twice the room, the lines copied over. */
  #grow(): void {
    const larger = new IndexLines(this.bytes, 2 * this.micros.length);
    larger.micros.set(this.micros);
    larger.fields.set(this.fields);
    larger.ordinals.set(this.ordinals);
    larger.canonical.set(this.canonical);
    ({ micros: this.micros, fields: this.fields, ordinals: this.ordinals, canonical: this.canonical } = larger);
  }
}
