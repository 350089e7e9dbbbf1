/**
 * Delay before retry number `retry` (1 for the first retry): exponential backoff with "equal jitter",
 * a random point in the upper half of `min(maxMs, baseMs * 2^(retry-1))`. Jitter spreads the retries
 * of many requests that failed together; keeping the lower half out keeps the backoff meaningful.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Milliseconds to wait according to a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds (`120`)
 * or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`). Dates in the past give 0; absent or
 * unparsable values give `undefined`.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (DELTA_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  // HTTP dates name the day and month; a bare number that is not delay-seconds ('-5') is invalid.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
