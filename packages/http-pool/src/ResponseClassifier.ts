/** What to do with a response: hand it to the caller (`ok`, `final`) or try again (`retry`). */
export type ResponseVerdict = 'ok' | 'retry' | 'final';

/** A fully read, decoded response as a classifier sees it. */
export interface ClassifiedResponse {
  url: string;
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  /** The body, decoded from gzip/br/deflate. */
  body: Buffer;
}

/**
 * Decides whether a response is usable, final or worth retrying.
 * Return `undefined` to fall back to the default: 2xx/3xx ok; 408, 429, 5xx retry; other 4xx final.
 *
 * @example
 * ```ts
 * // The Go module proxy answers 404 "fetch timed out" when its upstream was slow: worth retrying.
 * const classify: ResponseClassifier = (res) =>
 *   res.status === 404 && res.body.includes('fetch timed out') ? 'retry' : undefined;
 * ```
 */
export type ResponseClassifier = (res: ClassifiedResponse) => ResponseVerdict | undefined;
