/**
 * A small, honest client of the Go index and proxy written from the protocol notes, independent of
 * the fake's own code: the tests compare what it computes with the fake's ground truth.
 */

export interface IndexLine {
  Path: string;
  Version: string;
  Timestamp: string;
}

export interface Fetched {
  status: number;
  body: string;
  contentType: string | null;
  headers: Headers;
}

/** Case-encoding written from the protocol notes: `A` → `!a`. */
export function escapeCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** Microseconds since the epoch of an RFC 3339 timestamp with up to 6 fractional digits. */
export function instantUs(timestamp: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/.exec(timestamp);
  if (!match) throw new Error(`not an RFC 3339 timestamp: ${timestamp}`);
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) throw new Error(`unparseable timestamp: ${timestamp}`);
  return ms * 1000 + Number((match[2] ?? '').padEnd(6, '0'));
}

/** Formats an instant with a fixed offset in minutes (`+02:00` for 120), six fractional digits. */
export function formatWithOffset(us: number, offsetMinutes: number): string {
  const seconds = Math.floor(us / 1e6);
  const fraction = String(us - seconds * 1e6).padStart(6, '0');
  const local = new Date((seconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}.${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface RetryPolicy {
  /** Per attempt. */
  timeoutMs?: number;
  attempts?: number;
  headers?: Record<string, string>;
}

/** GET with retries on 429, 5xx, `fetch timed out`, resets and timeouts; other answers are final. */
export async function getWithRetry(url: string, policy: RetryPolicy = {}): Promise<Fetched & { attempts: number }> {
  const attempts = policy.attempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { headers: policy.headers ?? {}, signal: AbortSignal.timeout(policy.timeoutMs ?? 10_000) });
      const body = await res.text();
      const retryable = res.status === 429 || res.status >= 500 || (res.status === 404 && body.includes('fetch timed out'));
      if (!retryable || attempt >= attempts) {
        return { status: res.status, body, contentType: res.headers.get('content-type'), headers: res.headers, attempts: attempt };
      }
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

export function parseLines(body: string): IndexLine[] {
  return body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as IndexLine);
}

/** Crawls the whole index: inclusive `since` passed back verbatim, dedup on (Path, Version, Timestamp). */
export async function referenceCrawl(
  indexUrl: string,
  options: { includeAll?: boolean; limit?: number; policy?: RetryPolicy } = {},
): Promise<{ entries: IndexLine[]; pages: number }> {
  const limit = options.limit ?? 2000;
  const seen = new Set<string>();
  const entries: IndexLine[] = [];
  let since: string | undefined;
  let pages = 0;
  for (;;) {
    const url = new URL(indexUrl);
    if (since !== undefined) url.searchParams.set('since', since);
    url.searchParams.set('limit', String(limit));
    if (options.includeAll) url.searchParams.set('include', 'all');
    const res = await getWithRetry(url.href, options.policy);
    if (res.status !== 200) throw new Error(`index answered ${res.status}: ${res.body}`);
    pages += 1;
    const lines = parseLines(res.body);
    let added = 0;
    for (const line of lines) {
      const key = `${line.Path}\u0000${line.Version}\u0000${line.Timestamp}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(line);
      added += 1;
    }
    if (lines.length < limit || added === 0) return { entries, pages };
    since = (lines.at(-1) as IndexLine).Timestamp;
  }
}

export interface ReferenceRow {
  path: string;
  url: string | null;
}

function originUrl(res: Fetched): string | undefined {
  if (res.status !== 200) return undefined;
  const info = JSON.parse(res.body) as { Origin?: { URL?: unknown } };
  return typeof info.Origin?.URL === 'string' ? info.Origin.URL : undefined;
}

/** For each path in first-appearance order: `.info` of the newest version seen, then `@latest`. */
export async function referenceLookup(
  proxyUrl: string,
  entries: readonly IndexLine[],
  options: { concurrency?: number; policy?: RetryPolicy } = {},
): Promise<ReferenceRow[]> {
  const newest = new Map<string, string>();
  for (const entry of entries) newest.set(entry.Path, entry.Version); // versions only grow along the feed
  const policy: RetryPolicy = { ...options.policy, headers: { 'disable-module-fetch': 'true', ...options.policy?.headers } };
  return mapConcurrent([...newest], options.concurrency ?? 16, async ([path, version]) => {
    const base = `${proxyUrl}/${escapeCase(path)}`;
    const info = await getWithRetry(`${base}/@v/${escapeCase(version)}.info`, policy);
    const fromInfo = originUrl(info);
    if (fromInfo !== undefined) return { path, url: fromInfo };
    const latest = await getWithRetry(`${base}/@latest`, policy);
    return { path, url: originUrl(latest) ?? null };
  });
}

/** The go-miner CSV of reference rows. */
export function referenceCsv(rows: readonly ReferenceRow[]): string {
  let out = 'ID,Platform,Name,Homepage URL,Repository URL\n';
  rows.forEach((row, k) => {
    const url = row.url ?? 'nan';
    out += `${k + 1},Go,${row.path},${url},${url}\n`;
  });
  return out;
}
