/**
 * What searches read from git, kept on disk between processes: a tree and the versions an index
 * file lists are named by their object id, so they are the same for every later search, in any
 * process. A CLI run whose objects are all here reads no pack file and never loads nodegit.
 *
 * 1. Segment files `objects-<time>-<pid>-<random>.bin`, each written whole to a temporary file and
 *    renamed into place: readers never see a partial segment; two writers only add segments.
 *    Layout: magic, payloads, an index of (kind, object id, offset, length, CRC-32) per record,
 *    then the record count, the index's CRC-32 and the magic again.
 * 2. Opening reads only each segment's index; a payload is read (and its CRC checked) when asked
 *    for. A segment that fails a check is deleted and its records forgotten: it is only a cache.
 *    The indexes are read again whenever the directory changed (another process or thread saved or
 *    merged): a long-running process sees what the others read.
 * 3. Bounded: past `MAX_SEGMENTS` segments or `maxBytes` in all, the writer merges them into one,
 *    keeping the newest records first up to `maxBytes`.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** `t`: a raw tree; `v`: the versions an index file lists, one per line. */
export type SavedKind = 't' | 'v';

export interface SavedObject {
  kind: SavedKind;
  /** 40 hex digits. */
  oid: string;
  data: Buffer;
}

const MAGIC = Buffer.from('RMOBJ001');
const OID_BYTES = 20;
const ENTRY_BYTES = 1 + OID_BYTES + 4 + 4 + 4;
const FOOTER_BYTES = 4 + 4 + MAGIC.length;
const MAX_SEGMENTS = 8;
const SEGMENT = /^objects-\d+-\d+-[0-9a-f]+\.bin$/;

interface Location {
  segment: Segment;
  offset: number;
  length: number;
  crc: number;
}

interface Segment {
  path: string;
  fd: number;
  damaged: boolean;
}

export class SavedObjects {
  readonly directory: string;
  readonly maxBytes: number;
  readonly #records = new Map<string, Location>();
  #segments: Segment[] = [];
  /** The directory's modification time when the indexes were read (a segment added or removed changes it). */
  #openedAt: number | undefined;

  constructor(directory: string, maxBytes: number) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  has(kind: SavedKind, oid: string): boolean {
    return this.#find(kind + oid) !== undefined;
  }

  /** The saved payload, or undefined when there is none or it fails its check. */
  get(kind: SavedKind, oid: string): Buffer | undefined {
    const location = this.#find(kind + oid);
    if (location === undefined || location.segment.damaged) return undefined;
    const data = Buffer.allocUnsafe(location.length);
    try {
      if (readSync(location.segment.fd, data, 0, location.length, location.offset) === location.length && crc32(data) === location.crc) return data;
    } catch {
      // An unreadable segment is as good as a damaged one.
    }
    this.#forget(location.segment);
    return undefined;
  }

  /** Saves `objects` as one new segment, then merges the segments when they are past their bounds. */
  write(objects: readonly SavedObject[]): void {
    if (objects.length === 0) return;
    mkdirSync(this.directory, { recursive: true });
    writeSegment(this.directory, objects);
    const segments = listSegments(this.directory);
    const bytes = segments.reduce((sum, name) => sum + (statSync(join(this.directory, name), { throwIfNoEntry: false })?.size ?? 0), 0);
    if (segments.length > MAX_SEGMENTS || bytes > this.maxBytes) this.#merge(segments);
  }

  /** A known record needs no look at the directory (its segment is held open); a miss reads the indexes again if it changed. */
  #find(key: string): Location | undefined {
    const known = this.#records.get(key);
    if (known !== undefined) return known;
    return this.#open() ? this.#records.get(key) : undefined;
  }

  /** Reads every segment's index, oldest first (a newer record of the same object wins; they are equal anyway), unless the directory is as it was when last read. */
  #open(): boolean {
    const changedAt = statSync(this.directory, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    if (changedAt === this.#openedAt) return false;
    this.#openedAt = changedAt;
    for (const segment of this.#segments) closeSync(segment.fd);
    this.#segments = [];
    this.#records.clear();
    for (const name of listSegments(this.directory)) {
      const path = join(this.directory, name);
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch {
        continue; // merged away by another process in the meantime
      }
      const segment: Segment = { path, fd, damaged: false };
      this.#segments.push(segment);
      const entries = readIndex(fd);
      if (entries === undefined) {
        this.#forget(segment);
        continue;
      }
      for (const entry of entries) this.#records.set(entry.key, { segment, offset: entry.offset, length: entry.length, crc: entry.crc });
    }
    return true;
  }

  #forget(segment: Segment): void {
    segment.damaged = true;
    for (const [key, location] of this.#records) if (location.segment === segment) this.#records.delete(key);
    this.#segments = this.#segments.filter((known) => known !== segment);
    closeSync(segment.fd);
    rmSync(segment.path, { force: true });
  }

  /** One segment of the newest records up to `maxBytes`, replacing `names` (read again here: other processes add segments too). */
  #merge(names: readonly string[]): void {
    const kept = new Map<string, SavedObject>();
    let bytes = 0;
    for (const name of [...names].reverse()) {
      const path = join(this.directory, name);
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch {
        continue;
      }
      try {
        for (const entry of readIndex(fd) ?? []) {
          if (kept.has(entry.key) || bytes + entry.length + ENTRY_BYTES > this.maxBytes) continue;
          const data = Buffer.allocUnsafe(entry.length);
          if (readSync(fd, data, 0, entry.length, entry.offset) !== entry.length || crc32(data) !== entry.crc) break;
          kept.set(entry.key, { kind: entry.key[0] as SavedKind, oid: entry.key.slice(1), data });
          bytes += entry.length + ENTRY_BYTES;
        }
      } finally {
        closeSync(fd);
      }
    }
    if (kept.size > 0) writeSegment(this.directory, [...kept.values()]);
    // Readers holding a merged segment open keep reading it: an unlinked file lives while it is open.
    for (const name of names) rmSync(join(this.directory, name), { force: true });
  }
}

/** Segment names, oldest first (names start with the time they were written). */
function listSegments(directory: string): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names.filter((name) => SEGMENT.test(name)).sort();
}

function writeSegment(directory: string, objects: readonly SavedObject[]): void {
  const index = Buffer.alloc(objects.length * ENTRY_BYTES);
  let offset = MAGIC.length;
  objects.forEach(({ kind, oid, data }, i) => {
    const at = i * ENTRY_BYTES;
    index.write(kind, at, 1, 'latin1');
    index.write(oid, at + 1, OID_BYTES, 'hex');
    index.writeUInt32LE(offset, at + 1 + OID_BYTES);
    index.writeUInt32LE(data.length, at + 5 + OID_BYTES);
    index.writeUInt32LE(crc32(data), at + 9 + OID_BYTES);
    offset += data.length;
  });
  const footer = Buffer.alloc(FOOTER_BYTES);
  footer.writeUInt32LE(objects.length, 0);
  footer.writeUInt32LE(crc32(index), 4);
  MAGIC.copy(footer, 8);
  const name = `objects-${String(Date.now()).padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}.bin`;
  const target = join(directory, name);
  const temporary = `${target}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([MAGIC, ...objects.map((object) => object.data), index, footer]));
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}

interface IndexEntry {
  key: string;
  offset: number;
  length: number;
  crc: number;
}

/** A segment's index, or undefined when the file is not an intact segment. */
function readIndex(fd: number): IndexEntry[] | undefined {
  try {
    const size = fstatSync(fd).size;
    if (size < MAGIC.length + FOOTER_BYTES) return undefined;
    const footer = Buffer.alloc(FOOTER_BYTES);
    readSync(fd, footer, 0, FOOTER_BYTES, size - FOOTER_BYTES);
    if (!footer.subarray(8).equals(MAGIC)) return undefined;
    const count = footer.readUInt32LE(0);
    const indexStart = size - FOOTER_BYTES - count * ENTRY_BYTES;
    if (indexStart < MAGIC.length) return undefined;
    const index = Buffer.alloc(count * ENTRY_BYTES);
    if (readSync(fd, index, 0, index.length, indexStart) !== index.length || crc32(index) !== footer.readUInt32LE(4)) return undefined;
    const entries: IndexEntry[] = [];
    for (let at = 0; at < index.length; at += ENTRY_BYTES) {
      const kind = String.fromCharCode(index[at]!);
      const offset = index.readUInt32LE(at + 1 + OID_BYTES);
      const length = index.readUInt32LE(at + 5 + OID_BYTES);
      if ((kind !== 't' && kind !== 'v') || offset < MAGIC.length || offset + length > indexStart) return undefined;
      entries.push({ key: kind + index.toString('hex', at + 1, at + 1 + OID_BYTES), offset, length, crc: index.readUInt32LE(at + 9 + OID_BYTES) });
    }
    return entries;
  } catch {
    return undefined;
  }
}
