import type { HttpPool } from '@registry-miners/http-pool';
import { IndexError } from './IndexError.js';
import { parseIndexTimestamp } from './parseIndexTimestamp.js';

/** One parsed response line, before deduplication. */
export interface IndexLine {
  path: string;
  version: string;
  timestamp: string;
  micros: bigint;
}

const LINE_EXCERPT = 200;
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
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_HTTP_ABORTED';
}

/** GETs one index page and parses its NDJSON lines (no deduplication, no ordering checks). */
export async function fetchIndexLines(pool: HttpPool, url: string, since: string | undefined, signal: AbortSignal | undefined): Promise<IndexLine[]> {
  const sinceText = since ?? '(start of the index)';
  let response;
  try {
    response = await pool.get(url, signal === undefined ? {} : { signal });
  } catch (error) {
    if (isAbort(error) || signal?.aborted) {
      throw new IndexError('ERR_INDEX_ABORTED', `Index crawl aborted while fetching ${url}`, { url, since, cause: error });
    }
    const status = (error as { status?: unknown }).status;
    throw new IndexError('ERR_INDEX_HTTP', `Index request failed: ${url} (since=${sinceText}): ${(error as Error).message ?? String(error)}`, {
      url,
      since,
      status: typeof status === 'number' ? status : undefined,
      hint: 'The index did not answer after retries; resume later from the last persisted cursor.',
      cause: error,
    });
  }
  const text = response.text();
  if (response.status !== 200) {
    throw new IndexError('ERR_INDEX_HTTP', `Index answered HTTP ${response.status} for ${url} (since=${sinceText}): ${excerpt(text, BODY_EXCERPT) || '(empty body)'}`, {
      url,
      since,
      status: response.status,
      hint: response.status === 400 ? 'The index rejected the query: check the cursor timestamp and the limit.' : 'Check the index URL.',
    });
  }
  return parseIndexLines(text, url, since);
}

/** Parses an NDJSON body; blank lines are skipped. */
export function parseIndexLines(text: string, url: string, since: string | undefined): IndexLine[] {
  const lines: IndexLine[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    let raw = text.slice(start, end);
    start = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') continue;
    lines.push(parseLine(raw, lineNumber, url, since));
  }
  return lines;
}

function parseLine(raw: string, lineNumber: number, url: string, since: string | undefined): IndexLine {
  const malformed = (problem: string, cause?: unknown): IndexError =>
    new IndexError(
      'ERR_INDEX_MALFORMED_LINE',
      `Malformed index line ${lineNumber} of ${url} (since=${since ?? '(start of the index)'}): ${problem}: ${JSON.stringify(excerpt(raw, LINE_EXCERPT))}`,
      {
        url,
        since,
        line: lineNumber,
        hint: 'Each line must be a JSON object with string Path, Version and Timestamp; check that the URL points at an index.golang.org-compatible /index endpoint.',
        cause,
      },
    );
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw malformed('not JSON', error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed('not a JSON object');
  const { Path: path, Version: version, Timestamp: timestamp } = value as Record<string, unknown>;
  if (typeof path !== 'string' || path === '') throw malformed('missing or empty string "Path"');
  if (typeof version !== 'string' || version === '') throw malformed('missing or empty string "Version"');
  if (typeof timestamp !== 'string') throw malformed('missing string "Timestamp"');
  let micros: bigint;
  try {
    micros = parseIndexTimestamp(timestamp);
  } catch (error) {
    throw new IndexError(
      'ERR_INDEX_BAD_TIMESTAMP',
      `Bad timestamp on index line ${lineNumber} of ${url} (since=${since ?? '(start of the index)'}): ${(error as Error).message.split('\n')[0]}`,
      { url, since, line: lineNumber, cause: error },
    );
  }
  return { path, version, timestamp, micros };
}
