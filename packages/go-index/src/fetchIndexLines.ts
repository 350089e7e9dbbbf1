import { HttpError } from '@registry-miners/http-pool';
import type { HttpPool } from '@registry-miners/http-pool';
import { IndexError } from './IndexError.js';
import type { IndexLines } from './IndexLines.js';
import { excerpt, parseIndexBody } from './parseIndexBody.js';

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

function isAbort(error: unknown): boolean {
  return error instanceof HttpError && error.code === 'ERR_HTTP_ABORTED';
}

/** GETs one index page and parses its NDJSON lines (no deduplication, no ordering checks). */
export async function fetchIndexLines(pool: HttpPool, url: string, since: string | undefined, signal: AbortSignal | undefined): Promise<IndexLines> {
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
  return parseIndexBody(response.body, url, since);
}

