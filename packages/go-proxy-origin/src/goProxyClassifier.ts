import type { ResponseClassifier } from '@registry-miners/http-pool';

const FETCH_TIMED_OUT = Buffer.from('fetch timed out');

/**
 * The http-pool classifier for the Go module proxy: a 404 or 410 whose body says `fetch timed out`
 * is transient (the proxy's upstream fetch was slow) and retried; every other response gets the
 * pool's default (2xx ok; 408, 429, 5xx retried; other 4xx, i.e. plain 404/410 "not found" and 400
 * "bad request", final).
 *
 * @example
 * ```ts
 * const pool = new HttpPool({ classify: goProxyClassifier });
 * ```
 */
export const goProxyClassifier: ResponseClassifier = (res) => {
  if ((res.status === 404 || res.status === 410) && res.body.includes(FETCH_TIMED_OUT)) return 'retry';
  return undefined;
};
