import { isAscii } from 'node:buffer';
import { HttpError } from '@registry-miners/http-pool';
import type { HttpPool } from '@registry-miners/http-pool';
import type { IndexEntry } from './IndexEntry.js';
import { IndexError } from './IndexError.js';
import { checkModulePath } from './checkModulePath.js';
import { checkModuleVersion } from './checkModuleVersion.js';
import { parseIndexTimestamp } from './parseIndexTimestamp.js';

/**
 * One parsed response line, before deduplication. It already has the shape of an {@link IndexEntry}
 * (`ordinal` is set when the line is taken), so taking it allocates nothing more.
 */
export type IndexLine = IndexEntry;

const LINE_EXCERPT = 200;
/**
 * The longest index line accepted, in bytes. A real line is a module path, a version and a timestamp
 * (about 100 bytes, a few hundred at most); a page of 2000 lines then stays under 8 MiB.
 */
export const MAX_INDEX_LINE_BYTES = 4096;
const PATH_PREFIX = '{"Path":"';
const VERSION_SEPARATOR = '","Version":"';
const TIMESTAMP_SEPARATOR = '","Timestamp":"';
const BODY_EXCERPT = 300;

/**
 * The URL of one index page. `since` is passed verbatim and percent-encoded (`+` → `%2B`, which a
 * raw `+` in a query string would not survive: it reads as a space).
 */
export function indexPageUrl(indexUrl: URL, since: string | undefined, limit: number, includeAll: boolean): string {
  const url = new URL(indexUrl);
  if (since !== undefined) url.searchParams.set('since', since);
  url.searchParams.set('limit', String(limit));
  if (includeAll) url.searchParams.set('include', 'all');
  return url.href;
}

function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function isAbort(error: unknown): boolean {
  return error instanceof HttpError && error.code === 'ERR_HTTP_ABORTED';
}

/** GETs one index page and parses its NDJSON lines (no deduplication, no ordering checks). */
export async function fetchIndexLines(pool: HttpPool, url: string, since: string | undefined, signal: AbortSignal | undefined): Promise<IndexLine[]> {
  const sinceText = since ?? '(start of the index)';
  let response;
  try {
    response = await pool.get(url, signal === undefined ? {} : { signal });
  } catch (error) {
    if (isAbort(error) || signal?.aborted) {
      throw new IndexError('ERR_INDEX_ABORTED', `Index crawl aborted while fetching ${url}`, { cause: error, details: { url, since } });
    }
    const pool = error instanceof HttpError ? error : undefined;
    throw new IndexError('ERR_INDEX_HTTP', `Index request failed: ${url} (since=${sinceText}): ${(error as Error).message ?? String(error)}`, {
      // The pool's hint says what to check (network, proxy variables, limits); resuming is ours to add.
      hint: `${pool?.hint ?? 'The index did not answer after retries.'} Resume later from the last persisted cursor.`,
      cause: error,
      details: { url, since, status: pool?.status },
    });
  }
  if (response.status !== 200) {
    const text = response.text();
    throw new IndexError('ERR_INDEX_HTTP', `Index answered HTTP ${response.status} for ${url} (since=${sinceText}): ${excerpt(text, BODY_EXCERPT) || '(empty body)'}`, {
      hint: response.status === 400 ? 'The index rejected the query: check the cursor timestamp and the limit.' : 'Check the index URL.',
      details: { url, since, status: response.status },
    });
  }
  checkLineLengths(response.body, url, since);
  return parseIndexBody(response.body, url, since);
}

/**
 * Bytes of a body decoded into one string. A whole page (about 270 KB) would be a large object for V8,
 * which costs about 1 ms to make; pieces below that size cost 25 µs for the same page.
 */
const DECODE_CHUNK_BYTES = 64 * 1024;

/** Decodes a body in pieces cut after a newline (so within a line's bytes, never inside a character) and parses them. */
function parseIndexBody(body: Buffer, url: string, since: string | undefined): IndexLine[] {
  // An index page is ASCII (paths, versions and timestamps are): latin1 decodes it into the same string as UTF-8, faster.
  const encoding = isAscii(body) ? 'latin1' : 'utf8';
  const progress: ParseProgress = { lines: [], lineNumber: 0, lastTimestamp: '', lastMicros: 0n };
  let start = 0;
  while (start < body.length) {
    // checkLineLengths made sure a newline comes within every MAX_INDEX_LINE_BYTES + 1 bytes.
    const end = start + DECODE_CHUNK_BYTES >= body.length ? body.length : body.lastIndexOf(10, start + DECODE_CHUNK_BYTES) + 1;
    parseIndexLines(body.toString(encoding, start, end), url, since, progress);
    start = end;
  }
  return progress.lines;
}

/**
 * Rejects a body with a line longer than {@link MAX_INDEX_LINE_BYTES} before anything is decoded or
 * parsed: a hostile line of megabytes would otherwise cost hundreds of times its size (strings, JSON,
 * a module record, a proxy URL). Only the line's first bytes are decoded, for the message.
 */
function checkLineLengths(body: Buffer, url: string, since: string | undefined): void {
  let start = 0;
  let lineNumber = 0;
  while (start < body.length) {
    let end = body.indexOf(10, start);
    if (end === -1) end = body.length;
    lineNumber++;
    if (end - start > MAX_INDEX_LINE_BYTES) {
      const head = body.toString('utf8', start, start + LINE_EXCERPT);
      throw malformedLine(`a line of ${end - start} bytes, over the ${MAX_INDEX_LINE_BYTES}-byte limit`, head, lineNumber, url, since);
    }
    start = end + 1;
  }
}

/**
 * Parses the next piece of an NDJSON body into `progress` (its lines, line count and last timestamp);
 * blank lines are skipped. Hot path (every index entry): a line in the index's own layout
 * (`{"Path":"…","Version":"…","Timestamp":"…"}`, no escapes) is read in place by offsets, with no copy
 * of the line; anything else goes through JSON.parse.
 */
function parseIndexLines(text: string, url: string, since: string | undefined, progress: ParseProgress): void {
  const { lines } = progress;
  let start = 0;
  let { lineNumber } = progress;
  // Entries of a run share their timestamp string: parse it once.
  let { lastTimestamp, lastMicros } = progress;
  // The next backslash (an escape somewhere): lines before it can take the fast path.
  let backslash = text.indexOf('\\');
  if (backslash === -1) backslash = text.length;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const lineStart = start;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    start = end + 1;
    if (backslash < lineStart) {
      backslash = text.indexOf('\\', lineStart);
      if (backslash === -1) backslash = text.length;
    }
    let path: unknown;
    let version: unknown;
    let timestamp: unknown;
    const pathStart = lineStart + PATH_PREFIX.length;
    const pathEnd = backslash >= lineEnd && text.startsWith(PATH_PREFIX, lineStart) ? text.indexOf('"', pathStart) : -1;
    const versionStart = pathEnd + VERSION_SEPARATOR.length;
    const versionEnd = pathEnd > 0 && pathEnd < lineEnd && text.startsWith(VERSION_SEPARATOR, pathEnd) ? text.indexOf('"', versionStart) : -1;
    const timestampStart = versionEnd + TIMESTAMP_SEPARATOR.length;
    const timestampEnd = versionEnd > 0 && versionEnd < lineEnd && text.startsWith(TIMESTAMP_SEPARATOR, versionEnd) ? text.indexOf('"', timestampStart) : -1;
    let raw: string | undefined;
    if (timestampEnd > 0 && timestampEnd === lineEnd - 2 && text.charCodeAt(lineEnd - 1) === 125) {
      path = text.slice(pathStart, pathEnd);
      version = text.slice(versionStart, versionEnd);
      timestamp = text.slice(timestampStart, timestampEnd);
    } else {
      raw = text.slice(lineStart, lineEnd);
      if (raw.length === 0 || (raw.charCodeAt(0) !== 123 && raw.trim() === '')) continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        throw malformedLine('not JSON', raw, lineNumber, url, since, error);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformedLine('not a JSON object', raw, lineNumber, url, since);
      ({ Path: path, Version: version, Timestamp: timestamp } = value as Record<string, unknown>);
    }
    const problem = entryProblem(path, version, timestamp);
    if (problem !== undefined) throw malformedLine(problem, raw ?? text.slice(lineStart, lineEnd), lineNumber, url, since);
    // All three are strings now (entryProblem checked them).
    if (timestamp !== lastTimestamp) {
      lastMicros = parseLineTimestamp(timestamp as string, lineNumber, url, since);
      lastTimestamp = timestamp as string;
    }
    lines.push({ path: path as string, version: version as string, timestamp: timestamp as string, micros: lastMicros, ordinal: 0 });
  }
  Object.assign(progress, { lineNumber, lastTimestamp, lastMicros });
}

/** Where the parse of a body stands between two of its pieces. */
interface ParseProgress {
  lines: IndexLine[];
  lineNumber: number;
  lastTimestamp: string;
  lastMicros: bigint;
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
