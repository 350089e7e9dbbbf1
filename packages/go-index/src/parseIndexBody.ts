import { IndexError } from './IndexError.js';
import { LINE_FIELD, LINE_FIELDS, IndexLines } from './IndexLines.js';
import { checkModulePath, scanModulePath } from './checkModulePath.js';
import { checkModuleVersion, scanModuleVersion } from './checkModuleVersion.js';
import { isCanonicalIndexTimestamp, isCanonicalTimestampBytes, parseIndexTimestamp, timestampMicros } from './parseIndexTimestamp.js';

/**
 * The longest index line accepted, in bytes. A real line is a module path, a version and a timestamp
 * (about 100 bytes, a few hundred at most); a page of 2000 lines then stays under 8 MiB.
 */
export const MAX_INDEX_LINE_BYTES = 4096;
const LINE_EXCERPT = 200;
// Plain Uint8Arrays, like the view of the body the hot path reads: V8 reads Buffer's subclass more slowly there.
const PATH_PREFIX = new Uint8Array(Buffer.from('{"Path":"', 'latin1'));
const VERSION_SEPARATOR = new Uint8Array(Buffer.from('","Version":"', 'latin1'));
const TIMESTAMP_SEPARATOR = new Uint8Array(Buffer.from('","Timestamp":"', 'latin1'));
/** Longer than any timestamp the fast path reads (`2019-04-10T19:08:52.997264000-07:00` is 35 bytes). */
const MAX_PLAIN_TIMESTAMP_BYTES = 40;
/** Bytes of an index line, rounded down (a path, a version and a timestamp: about 100 to 130): a page's columns are sized from its body. */
const TYPICAL_LINE_BYTES = 96;

/** Where the parse of a body stands: its lines, and the decoded fields of lines that needed JSON.parse. */
interface BodyParse {
  lines: IndexLines;
  url: string;
  since: string | undefined;
  lineNumber: number;
  /** Fields of decoded lines, stored after the body once it is parsed. */
  decoded: string[];
  decodedBytes: number;
}

/**
 * Parses an NDJSON index response into {@link IndexLines} (no deduplication, no ordering checks); blank
 * lines are skipped. Hot path (every index entry): a line in the index's own layout
 * (`{"Path":"…","Version":"…","Timestamp":"…"}`, no escapes, valid fields) is checked and kept where it
 * lies, as byte ranges of the body; a line of its predecessor's timestamp reuses its instant. Any other
 * line is decoded and goes through JSON.parse, which also explains what is wrong with it.
 * @throws IndexError `ERR_INDEX_MALFORMED_LINE` or `ERR_INDEX_BAD_TIMESTAMP`, naming the line
 */
export function parseIndexBody(body: Buffer, url: string, since: string | undefined): IndexLines {
  const parse: BodyParse = { lines: new IndexLines(body, Math.ceil(body.length / TYPICAL_LINE_BYTES)), url, since, lineNumber: 0, decoded: [], decodedBytes: 0 };
  let start = 0;
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.length);
  while (start < body.length) {
    parse.lineNumber++;
    const next = readPlainLine(bytes, start, parse.lines);
    start = next >= 0 ? next : readLineSlowly(body, start, parse);
  }
  if (parse.decoded.length > 0) parse.lines.bytes = Buffer.concat([body, Buffer.from(parse.decoded.join(''), 'latin1')]);
  return parse.lines;
}

/**
 * Reads the line at `start` when it is in the index's own layout with valid fields, and returns where the
 * next line starts; -1 (nothing kept) for any other line. One pass over the line's bytes: each field is
 * checked as it is scanned for its closing quote, and the timestamp compared with the previous line's.
 */
function readPlainLine(body: Uint8Array, start: number, lines: IndexLines): number {
  if (!hasAt(body, start, PATH_PREFIX)) return -1;
  const pathStart = start + PATH_PREFIX.length;
  const pathEnd = scanModulePath(body, pathStart, body.length);
  if (pathEnd <= pathStart || !hasAt(body, pathEnd, VERSION_SEPARATOR)) return -1;
  const versionStart = pathEnd + VERSION_SEPARATOR.length;
  const versionEnd = scanModuleVersion(body, versionStart, body.length);
  if (versionEnd < 0 || !hasAt(body, versionEnd, TIMESTAMP_SEPARATOR)) return -1;
  const timestampStart = versionEnd + TIMESTAMP_SEPARATOR.length;
  // The previous line's timestamp, when it lies in the body: entries come in runs sharing one, parsed once.
  const previous = lines.count - 1;
  let previousStart = previous < 0 ? -1 : lines.fields[LINE_FIELDS * previous + LINE_FIELD.timestampStart]!;
  const previousLength = previous < 0 ? -1 : lines.fields[LINE_FIELDS * previous + LINE_FIELD.timestampEnd]! - previousStart;
  if (previousStart + previousLength > body.length) previousStart = -1;
  const limit = Math.min(body.length, timestampStart + MAX_PLAIN_TIMESTAMP_BYTES);
  let timestampEnd = timestampStart;
  for (; timestampEnd < limit; timestampEnd++) {
    const code = body[timestampEnd]!;
    if (code === 34 || code === 92 || code < 32) break;
    if (previousStart >= 0 && body[previousStart + timestampEnd - timestampStart] !== code) previousStart = -1;
  }
  if (body[timestampEnd] !== 34 || body[timestampEnd + 1] !== 125) return -1;
  let next = timestampEnd + 2;
  if (body[next] === 13) next++;
  if (next < body.length && body[next++] !== 10) return -1;
  const sameTimestamp = previousStart >= 0 && timestampEnd - timestampStart === previousLength;
  const micros = sameTimestamp ? lines.micros[previous]! : timestampMicros(body, timestampStart, timestampEnd);
  if (micros === undefined) return -1; // the slow path parses it, or says what is wrong with it
  const canonical = sameTimestamp ? lines.canonical[previous] === 1 : isCanonicalTimestampBytes(body, timestampStart, timestampEnd);
  lines.push(pathStart, pathEnd, versionStart, versionEnd, timestampStart, timestampEnd, micros, canonical);
  return next;
}

/** Whether `body` holds `pattern` at `at`. */
function hasAt(body: Uint8Array, at: number, pattern: Uint8Array): boolean {
  const length = pattern.length;
  if (at + length > body.length) return false;
  let position = at;
  for (let index = 0; index < length; index++) if (body[position++] !== pattern[index]) return false;
  return true;
}

/**
 * Reads the line at `start` through JSON.parse (escapes, another key order, spaces; or something wrong,
 * which it names). Its fields, checked ASCII, are kept to be stored after the body. Returns where the next
 * line starts. A line longer than {@link MAX_INDEX_LINE_BYTES} is rejected before it is decoded: a hostile
 * line of megabytes would otherwise cost hundreds of times its size.
 */
function readLineSlowly(body: Buffer, start: number, parse: BodyParse): number {
  const { url, since, lineNumber } = parse;
  let end = body.indexOf(10, start);
  if (end === -1) end = body.length;
  if (end - start > MAX_INDEX_LINE_BYTES) {
    const head = body.toString('utf8', start, start + LINE_EXCERPT);
    throw malformedLine(`a line of ${end - start} bytes, over the ${MAX_INDEX_LINE_BYTES}-byte limit`, head, lineNumber, url, since);
  }
  const lineEnd = end > start && body[end - 1] === 13 ? end - 1 : end;
  const raw = body.toString('utf8', start, lineEnd);
  if (raw.length === 0 || (raw.charCodeAt(0) !== 123 && raw.trim() === '')) return end + 1;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw malformedLine('not JSON', raw, lineNumber, url, since, error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformedLine('not a JSON object', raw, lineNumber, url, since);
  const { Path: path, Version: version, Timestamp: timestamp } = value as Record<string, unknown>;
  const problem = entryProblem(path, version, timestamp);
  if (problem !== undefined) throw malformedLine(problem, raw, lineNumber, url, since);
  // All three are strings now (entryProblem checked them), and ASCII (the checks and the timestamp's parse allow nothing else).
  const micros = Number(parseLineTimestamp(timestamp as string, lineNumber, url, since));
  let at = parse.lines.bytes.length + parse.decodedBytes;
  const offsets: number[] = [];
  for (const field of [path, version, timestamp] as string[]) {
    offsets.push(at, at + field.length);
    at += field.length;
    parse.decoded.push(field);
    parse.decodedBytes += field.length;
  }
  const [pathStart, pathEnd, versionStart, versionEnd, timestampStart, timestampEnd] = offsets as [number, number, number, number, number, number];
  parse.lines.push(pathStart, pathEnd, versionStart, versionEnd, timestampStart, timestampEnd, micros, isCanonicalIndexTimestamp(timestamp as string));
  return end + 1;
}

/** What is wrong with a line's fields, or `undefined` (the timestamp's value is parsed separately). */
function entryProblem(path: unknown, version: unknown, timestamp: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'missing or empty string "Path"';
  const pathProblem = checkModulePath(path);
  if (pathProblem !== undefined) return `invalid module path: ${pathProblem}`;
  if (typeof version !== 'string' || version === '') return 'missing or empty string "Version"';
  const versionProblem = checkModuleVersion(version);
  if (versionProblem !== undefined) return `invalid version: ${versionProblem}`;
  if (typeof timestamp !== 'string') return 'missing string "Timestamp"';
  return undefined;
}

/** `text` on one line, cut after `max` characters: for messages. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function malformedLine(problem: string, raw: string, lineNumber: number, url: string, since: string | undefined, cause?: unknown): IndexError {
  return new IndexError(
    'ERR_INDEX_MALFORMED_LINE',
    `Malformed index line ${lineNumber} of ${url} (since=${since ?? '(start of the index)'}): ${problem}: ${JSON.stringify(excerpt(raw, LINE_EXCERPT))}`,
    {
      hint: 'Each line must be a JSON object with string Path, Version and Timestamp; check that the URL points at an index.golang.org-compatible /index endpoint.',
      cause,
      details: { url, since, line: lineNumber },
    },
  );
}

function parseLineTimestamp(timestamp: string, lineNumber: number, url: string, since: string | undefined): bigint {
  try {
    return parseIndexTimestamp(timestamp);
  } catch (error) {
    throw new IndexError(
      'ERR_INDEX_BAD_TIMESTAMP',
      `Bad timestamp on index line ${lineNumber} of ${url} (since=${since ?? '(start of the index)'}): ${(error as Error).message.split('\n')[0]}`,
      { cause: error, details: { url, since, line: lineNumber } },
    );
  }
}
